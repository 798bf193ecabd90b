/** ipaddr.js (reads and writes IPv4 and IPv6 addresses). */
export { default } from "npm:ipaddr.js@2.5.0";

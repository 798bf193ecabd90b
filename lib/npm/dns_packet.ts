/** dns-packet (decodes DNS messages in packet captures). */
export { default } from "npm:dns-packet@5.6.1";

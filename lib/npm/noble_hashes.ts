/** @noble/hashes's SHA-256 (kube-proxy's chain names), without node:crypto in a cell's worker. */
export { sha256 } from "npm:@noble/hashes@2.4.0/sha2.js";

/**
 * The lab contract (backend_contract.ts) for the micro-VM. The first run here builds the VM's
 * image (about a minute, with the Debian mirror); later runs boot it from the cache.
 */
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { backendContract } from "./backend_contract.ts";

await backendContract(vmBackend);

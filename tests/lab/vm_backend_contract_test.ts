/**
 * The lab contract (backend_contract.ts) for the micro-VM. The first run here makes the VM's
 * image (seconds: the kernel is unpacked once); later runs boot it from the cache.
 */
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { backendContract } from "./backend_contract.ts";

await backendContract(vmBackend);

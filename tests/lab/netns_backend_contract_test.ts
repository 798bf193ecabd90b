/** The lab contract (backend_contract.ts) for the default lab, the bubblewrap sandbox. */
import { netnsBackend } from "../../lib/lab/netns_backend.ts";
import { backendContract } from "./backend_contract.ts";

await backendContract(netnsBackend);

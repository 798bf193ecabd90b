/**
 * The lab contract (backend_contract.ts) for the SSH lab, against an sshd the test starts on
 * 127.0.0.1 (ssh_server.ts): the same promises as the netns lab, and on "the other machine" no
 * process of the lab and no file in its TMPDIR once it is closed, or its holder killed.
 */
import { sshBackend } from "../../lib/lab/ssh_backend.ts";
import { backendContract } from "./backend_contract.ts";
import { sshdForThisModule } from "./ssh_server.ts";

const sshd = await sshdForThisModule();
if ("missing" in sshd) {
  // Outside CI, the contract's tests are ignored and say why; in CI they run and fail.
  await backendContract(sshBackend("ssh://nobody@127.0.0.1:1"));
} else {
  await backendContract(sshBackend(sshd.address), {
    name: sshd.address,
    remote: { sessions: sshd.sessions, leftFiles: sshd.leftFiles },
  });
}

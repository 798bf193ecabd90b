/**
 * What goes wrong with a lab over SSH is said in a sentence that names the host, never a stack
 * trace: a host without bubblewrap (an sshd whose sessions cannot see /usr/bin/bwrap), a port
 * where nothing listens, a key the host refuses, a connection that drops mid-run (the lab there
 * ends, leaving nothing). `doctor --backend ssh://...` says what that host has and lacks, with
 * the install line for it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { doctor } from "../../lib/cli/doctor.ts";
import { CapabilityMissingError } from "../../lib/lab/errors.ts";
import { sshBackend } from "../../lib/lab/ssh_backend.ts";
import { makeStyle } from "../../lib/render/style.ts";
import { denoTask } from "../support.ts";
import { describe, ended, waitFor } from "./host_processes.ts";
import { sshdMissing, type SshServer, startSshd } from "./ssh_server.ts";

const missing = await sshdMissing();
const ignore = Boolean(missing) && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the SSH lab's fault tests: ${missing}`);

let servers: { plain: SshServer; noBwrap: SshServer } | undefined;
let wrapperDir: string | undefined;
if (!missing) {
  // Its sessions run in a mount namespace where /usr/bin/bwrap is /dev/null: not a program.
  wrapperDir = await Deno.makeTempDir({ prefix: "netbook-ssh-nobwrap-" });
  const wrapper = join(wrapperDir, "no_bwrap.sh");
  await Deno.writeTextFile(
    wrapper,
    `#!/bin/sh\nexec unshare -m sh -c 'mount --bind /dev/null "$(command -v bwrap)" && ` +
      `exec sh -c "$SSH_ORIGINAL_COMMAND"'\n`,
  );
  await Deno.chmod(wrapper, 0o755);
  servers = { plain: await startSshd(), noBwrap: await startSshd([`ForceCommand ${wrapper}`]) };
  globalThis.addEventListener("unload", () => {
    servers?.plain.stopNow();
    servers?.noBwrap.stopNow();
    Deno.removeSync(wrapperDir!, { recursive: true });
  });
}

/** The servers, with NETBOOK_SSH_OPTIONS set for `which` (each has its own keys). */
function use(which: "plain" | "noBwrap"): SshServer {
  assert.ok(servers, `CI must run the SSH lab's tests: ${missing}`);
  Deno.env.set("NETBOOK_SSH_OPTIONS", servers[which].sshOptions);
  return servers[which];
}

/** A port on 127.0.0.1 where nothing listens. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Why `start` failed: a CapabilityMissingError, as the runner gets it. */
async function failure(start: Promise<unknown>): Promise<Error> {
  try {
    await start;
  } catch (e) {
    assert.ok(e instanceof CapabilityMissingError, String(e));
    return e;
  }
  throw new assert.AssertionError({ message: "the lab started" });
}

function hostOf(address: string): string {
  return address.slice("ssh://".length);
}

Deno.test(
  { name: "a host without bubblewrap is named, with its install line", ignore },
  async () => {
    const server = use("noBwrap");
    const host = hostOf(server.address);
    const error = await failure(sshBackend(server.address).start());
    assert.equal(
      error.message,
      `${host} lacks bwrap, which the lab needs there: on ${host}, run sudo apt-get install -y ` +
        "bubblewrap",
    );
    assert.deepEqual(server.leftFiles(), []);
    // The bubblewrap it lacks is the only thing: the same host, with it, runs a lab.
    const lab = await sshBackend(use("plain").address).start();
    await lab.close();

    let out = "";
    const ready = await doctor({
      style: makeStyle(false),
      write: (t) => out += t,
      backends: [sshBackend(use("noBwrap").address)],
    });
    assert.equal(ready, false);
    assert.match(out, /Live runs cannot work on root@/);
    assert.match(out, new RegExp(`✓ reached +${host.replaceAll(".", "\\.")}: \\S+ \\S+, Linux `));
    assert.match(out, /✗ bwrap /);
    assert.match(out, /✓ perl /);
    assert.match(
      out,
      new RegExp(
        `on ${host.replaceAll(".", "\\.")} .*:\n  sudo apt-get install -y bubblewrap\n`,
      ),
    );
  },
);

Deno.test({ name: "doctor says what a host that works can do", ignore }, async () => {
  const server = use("plain");
  let out = "";
  const ready = await doctor({
    style: makeStyle(false),
    write: (t) => out += t,
    backends: [sshBackend(server.address)],
  });
  assert.equal(ready, true, out);
  assert.match(out, /✓ starts +\{"kind":"ssh","kernel":"[^"]+","host":"[^"]+"\}/);
  assert.match(out, /✓ bwrap /);
  assert.match(out, /links and bridges: .*✓ bridge/);
  assert.match(
    out,
    new RegExp(`Live runs work on ${hostOf(server.address).replaceAll(".", "\\.")}\\.`),
  );
});

Deno.test({ name: "a port where no sshd listens is said to refuse", ignore }, async () => {
  use("plain");
  const address = `ssh://root@127.0.0.1:${closedPort()}`;
  const error = await failure(sshBackend(address).start());
  assert.match(
    error.message,
    new RegExp(`^${hostOf(address)} refused the SSH connection \\(.*Connection refused\\)`),
  );
});

Deno.test({ name: "a key the host refuses is said, and how to give one", ignore }, async () => {
  const server = use("plain");
  // The other server's key: this one does not know it.
  Deno.env.set(
    "NETBOOK_SSH_OPTIONS",
    servers!.noBwrap.sshOptions.replace(
      /UserKnownHostsFile=\S+/,
      server.sshOptions.match(/UserKnownHostsFile=\S+/)![0],
    ),
  );
  const error = await failure(sshBackend(server.address).start());
  assert.match(
    error.message,
    new RegExp(
      `^${
        hostOf(server.address)
      } did not let netbook log in over SSH \\(.*Permission denied.*NETBOOK_SSH_OPTIONS`,
    ),
  );
});

Deno.test(
  { name: "the command line says it in one line, without a stack trace", ignore },
  async () => {
    use("plain");
    const address = `ssh://root@127.0.0.1:${closedPort()}`;
    const r = await denoTask("notebook", "--mode", "live", "--backend", address, "02");
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`netbook: .*${hostOf(address)} refused the SSH connection`));
    assert.doesNotMatch(r.stdout + r.stderr, /^\s+at /m);
    const bad = await denoTask("notebook", "--backend", "ssh://-oProxyCommand=x", "02");
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /--backend: "ssh:\/\/-oProxyCommand=x" does not name a host/);
  },
);

Deno.test({ name: "a dropped connection ends the lab there, and says so", ignore }, async () => {
  const server = use("plain");
  const lab = await sshBackend(server.address).start();
  try {
    await lab.exec("sleep 300 >/dev/null 2>&1 &");
    const running = lab.exec("sleep 301");
    const sessions = server.sessions();
    assert.ok(server.leftFiles().length > 0, "no run folder there");
    // The connection drops: sshd's process for it is gone.
    const session = sessions.find((p) => p.ppid === server.pid)!;
    Deno.kill(session.pid, "SIGKILL");
    await assert.rejects(running, /the lab ended while `sleep 301` ran/);
    await assert.rejects(
      lab.exec("true"),
      new RegExp(`its SSH connection to ${hostOf(server.address).replaceAll(".", "\\.")}, PID`),
    );
    const left = () => sessions.filter((p) => !ended(p));
    await waitFor(() => left().length === 0, 5000);
    assert.deepEqual(left(), [], `still running there:\n${describe(left())}`);
    await waitFor(() => server.leftFiles().length === 0, 5000);
    assert.deepEqual(server.leftFiles(), [], "files left where the lab ran");
  } finally {
    await lab.close();
  }
});

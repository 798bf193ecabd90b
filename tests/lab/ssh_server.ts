/**
 * An sshd for the SSH lab's tests: Debian's openssh-server run in the foreground by the test, on
 * 127.0.0.1 and a free port, with a throwaway host key and user key in a temporary folder, for
 * the user running the tests only. Its sessions get a TMPDIR of their own (`remoteTmp`), so what
 * a lab leaves on "the other machine" can be seen; every process of a session descends from it.
 */
import { join } from "node:path";
import { type HostProcess, processes } from "./host_processes.ts";

export interface SshServer extends AsyncDisposable {
  /** ssh://USER@127.0.0.1:PORT */
  address: string;
  port: number;
  /** NETBOOK_SSH_OPTIONS that reach it: its keys only, no ~/.ssh/config. */
  sshOptions: string;
  /** The sessions' TMPDIR. */
  remoteTmp: string;
  /** sshd's PID: its sessions are its descendants. */
  pid: number;
  /** The processes of its sessions now (sshd's descendants, without sshd itself). */
  sessions(): HostProcess[];
  /** The files in the sessions' TMPDIR now. */
  leftFiles(): string[];
  /** What sshd said on standard error. */
  log(): string;
  /** Ends it at once and removes its folder (for an `unload` handler, which cannot wait). */
  stopNow(): void;
}

/**
 * An sshd for the tests of one module: started now (or why it cannot run here), ended when the
 * module's tests have run. NETBOOK_SSH_OPTIONS is set (for this process and its children) to
 * reach it.
 */
export async function sshdForThisModule(
  extra: string[] = [],
): Promise<SshServer | { missing: string }> {
  const missing = await sshdMissing();
  if (missing) return { missing };
  const server = await startSshd(extra);
  globalThis.addEventListener("unload", () => server.stopNow());
  Deno.env.set("NETBOOK_SSH_OPTIONS", server.sshOptions);
  return server;
}

/** Why an sshd cannot run here, or undefined if it can. */
export async function sshdMissing(): Promise<string | undefined> {
  for (const program of ["/usr/sbin/sshd", "/usr/bin/ssh", "/usr/bin/ssh-keygen"]) {
    if (!await Deno.stat(program).then(() => true, () => false)) {
      return `${program} is not installed (apt-get install openssh-server)`;
    }
  }
  if (Deno.uid() !== 0) return "sshd logs users in as root only";
  return undefined;
}

async function run(program: string, args: string[]): Promise<string> {
  const r = await new Deno.Command(program, { args, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(r.stdout);
  if (!r.success) {
    throw new Error(`${program} ${args.join(" ")}: ${new TextDecoder().decode(r.stderr)}`);
  }
  return text;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Starts an sshd; `extra` lines go at the end of its configuration (e.g. a ForceCommand). */
export async function startSshd(extra: string[] = []): Promise<SshServer> {
  const dir = await Deno.makeTempDir({ prefix: "netbook-sshd-" });
  const remoteTmp = join(dir, "remote-tmp");
  await Deno.mkdir(remoteTmp);
  const user = (await run("id", ["-un"])).trim();
  for (const key of ["host_key", "user_key"]) {
    await run("ssh-keygen", [
      "-q",
      "-t",
      "ed25519",
      "-N",
      "",
      "-C",
      "netbook-test",
      "-f",
      join(dir, key),
    ]);
  }
  await Deno.copyFile(join(dir, "user_key.pub"), join(dir, "authorized_keys"));
  // sshd as root needs its privilege-separation folder (Debian's service makes it at boot).
  await Deno.mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  const port = freePort();
  const config = join(dir, "sshd_config");
  await Deno.writeTextFile(
    config,
    [
      "ListenAddress 127.0.0.1",
      `Port ${port}`,
      `HostKey ${join(dir, "host_key")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      `AllowUsers ${user}`,
      "PidFile none",
      "StrictModes no",
      "UsePAM no",
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "AllowTcpForwarding no",
      "X11Forwarding no",
      "PrintMotd no",
      "LogLevel INFO",
      `SetEnv TMPDIR=${remoteTmp}`,
      ...extra,
      "",
    ].join("\n"),
  );
  const hostKey = (await Deno.readTextFile(join(dir, "host_key.pub"))).split(" ").slice(0, 2);
  await Deno.writeTextFile(join(dir, "known_hosts"), `[127.0.0.1]:${port} ${hostKey.join(" ")}\n`);
  const sshOptions = `-F /dev/null -i ${join(dir, "user_key")} -o IdentitiesOnly=yes ` +
    `-o IdentityAgent=none -o UserKnownHostsFile=${join(dir, "known_hosts")} ` +
    `-o StrictHostKeyChecking=yes`;

  // It dies with this process, whatever ends it (setpriv's parent-death signal).
  const sshd = new Deno.Command("setpriv", {
    args: ["--pdeathsig", "KILL", "--", "/usr/sbin/sshd", "-D", "-e", "-f", config],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // The handshake: sshd says so once it listens (or why it could not, and ends).
  let said = "";
  const reader = sshd.stderr.pipeThrough(new TextDecoderStream()).getReader();
  while (!/Server listening on 127\.0\.0\.1 port/.test(said)) {
    const { value, done } = await reader.read();
    if (done) {
      await sshd.status;
      await Deno.remove(dir, { recursive: true });
      throw new Error(`sshd did not start: ${said}`);
    }
    said += value;
  }
  const drained = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      said = (said + value).slice(-20_000);
    }
  })();

  const sessions = () => {
    const all = processes();
    const found = all.filter((p) => p.ppid === sshd.pid);
    // for…of goes on to the processes pushed as it goes: the children's children, and so on.
    for (const parent of found) found.push(...all.filter((p) => p.ppid === parent.pid));
    return found;
  };
  return {
    address: `ssh://${user}@127.0.0.1:${port}`,
    port,
    sshOptions,
    remoteTmp,
    pid: sshd.pid,
    sessions,
    leftFiles: () => [...Deno.readDirSync(remoteTmp)].map((e) => e.name),
    log: () => said,
    stopNow() {
      try {
        sshd.kill("SIGKILL");
      } catch {
        // It had already ended.
      }
      Deno.removeSync(dir, { recursive: true });
    },
    async [Symbol.asyncDispose]() {
      try {
        sshd.kill("SIGTERM");
      } catch {
        // It had already ended.
      }
      await sshd.status;
      await drained;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

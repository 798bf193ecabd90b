import { AgentClient } from "./agent_client.ts";
import { AgentLab } from "./agent_lab.ts";
import type { BackendSupport, Lab, LabBackend, RemoteSurvey } from "./backend.ts";
import { CapabilityMissingError } from "./errors.ts";
import { AGENT_BYTES } from "./netns_backend.ts";
import { keepTail, runProgram, spawnProgram } from "../io/run_program.ts";
import {
  asRemoteCommand,
  REMOTE_NEEDS,
  remoteScript,
  SAID,
  SURVEY_SCRIPT,
} from "./ssh_remote_script.ts";
import { parseSshTarget, splitSshOptions, sshArgs, type SshTarget } from "./ssh_target.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** What ssh's own complaint (its exit code is 255) means, in words naming the host. */
function connectionError(target: SshTarget, said: string): string {
  const why = said.trim().split("\n").filter((l) => !/^(Warning|\*\*)/.test(l)).slice(-2)
    .join("; ") || "ssh said nothing";
  const host = target.label;
  if (/Connection refused/i.test(why)) {
    return `${host} refused the SSH connection (${why}): is sshd running there, on that port?`;
  }
  if (/Permission denied|Too many authentication failures/i.test(why)) {
    return `${host} did not let netbook log in over SSH (${why}). netbook never asks for a ` +
      `password: load your key into ssh-agent, name it in ~/.ssh/config, or pass ` +
      `NETBOOK_SSH_OPTIONS="-i KEYFILE"`;
  }
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION/i.test(said)) {
    return `${host}'s host key is not known or has changed (${why}): connect once with ` +
      `\`ssh ${host}\` to check and accept it`;
  }
  return `netbook cannot reach ${host} over SSH (${why})`;
}

/** Why a lab on that host did not start, from the script's exit code and what it said. */
function startError(target: SshTarget, code: number, said: string): string {
  const host = target.label;
  if (code === 255) return connectionError(target, said);
  const missing = said.split("\n").find((l) => l.startsWith(SAID.missing));
  if (missing) {
    const programs = missing.slice(SAID.missing.length).trim().split(/\s+/);
    const packages = [
      ...new Set(programs.map((p) => REMOTE_NEEDS.find((n) => n.program === p)?.package ?? p)),
    ];
    return `${host} lacks ${programs.join(", ")}, which the lab needs there: on ${host}, ` +
      `run sudo apt-get install -y ${packages.join(" ")}`;
  }
  if (said.includes(SAID.restricted)) return restrictedText(target);
  const why = said.trim().split("\n").filter((l) => l && !l.startsWith("netbook-ssh"))
    .slice(-3).join("; ");
  return `the lab's sandbox did not start on ${host} (${why || `exit code ${code}`})`;
}

/** Ubuntu 24.04 and later: what to do where unprivileged user namespaces are restricted. */
function restrictedText(target: SshTarget): string {
  return `${target.label} restricts unprivileged user namespaces (as Ubuntu 24.04 and later do, ` +
    `with AppArmor), so the lab's sandbox cannot start as ${target.user ?? "that user"}. As ` +
    `root it can: connect as root (ssh://root@${target.host}${
      target.port ? `:${target.port}` : ""
    }; sudo there can add your key to /root/.ssh/authorized_keys), or allow them on that ` +
    `machine: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`;
}

/** Where `needle` first is in `bytes`, or -1. */
function indexOf(bytes: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Drops what comes before `marker` and its line (what a login script may print first). */
function after(marker: string, stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const wanted = encoder.encode(`${marker}\n`);
  let seen: Uint8Array | undefined = new Uint8Array(0);
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        if (!seen) return out.enqueue(chunk);
        const joined = new Uint8Array(seen.length + chunk.length);
        joined.set(seen);
        joined.set(chunk, seen.length);
        const at = indexOf(joined, wanted);
        if (at < 0) {
          // Keep less than a marker's length: what came before cannot hold its start.
          seen = joined.slice(-(wanted.length - 1));
          return;
        }
        seen = undefined;
        if (at + wanted.length < joined.length) out.enqueue(joined.slice(at + wanted.length));
      },
    }),
  );
}

function newMarker(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `netbook-ssh-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The system's ssh client's arguments, for the remote command. */
function sshArgsFor(target: SshTarget, remote: string): string[] {
  return sshArgs(target, splitSshOptions(Deno.env.get("NETBOOK_SSH_OPTIONS")), remote);
}

/** A missing ssh client, said clearly; any other error as it is. */
function sshMissing(target: SshTarget, e: unknown): unknown {
  if (!(e instanceof Deno.errors.NotFound)) return e;
  return new CapabilityMissingError(
    `the lab on ${target.label} is reached with the ssh client, which is not installed ` +
      `here: apt-get install openssh-client`,
  );
}

/** Starts the system's ssh client with the remote command (ssh reads the user's own env). */
function spawnSsh(target: SshTarget, remote: string): Deno.ChildProcess {
  try {
    return spawnProgram("ssh", { args: sshArgsFor(target, remote), inheritEnv: true });
  } catch (e) {
    throw sshMissing(target, e);
  }
}

async function startOn(target: SshTarget): Promise<Lab> {
  const marker = newMarker();
  const child = spawnSsh(target, asRemoteCommand(remoteScript(marker)));
  const stderr = keepTail(child.stderr).ended;
  const stdin = child.stdin.getWriter();
  await stdin.write(AGENT_BYTES).catch(() => {});
  stdin.releaseLock();
  const agent = new AgentClient(child.stdin, after(marker, child.stdout));
  let kernel: string;
  try {
    await agent.ready;
    const r = await agent.exec("uname -r", { timeout: 30_000 });
    kernel = decoder.decode(r.stdout).trim();
    if (r.code !== 0 || !kernel) throw new Error("uname -r failed");
  } catch {
    await agent.close();
    try {
      child.kill("SIGKILL");
    } catch {
      // It had already ended.
    }
    const { code } = await child.status;
    throw new CapabilityMissingError(startError(target, code, await stderr));
  }
  // The host is said on the mode line and in errors, never in a recording (environment.ts).
  return new AgentLab(child, agent, { kind: "ssh", kernel, host: target.label }, {
    holder: `its SSH connection to ${target.label}`,
  });
}

/** What the other machine has, for `doctor`: one short SSH session, no lab started. */
async function surveyOf(target: SshTarget): Promise<RemoteSurvey> {
  const ran = await runProgram("ssh", {
    args: sshArgsFor(target, asRemoteCommand(SURVEY_SCRIPT)),
    inheritEnv: true,
    noThrow: true,
  }).catch((e) => {
    throw sshMissing(target, e);
  });
  if (ran.code !== 0) throw new CapabilityMissingError(startError(target, ran.code, ran.stderr));
  const out = decoder.decode(ran.stdout);
  const said = new Map(
    out.split("\n").flatMap((l) => {
      const [, key, value] = /^(\w+):\s?(.*)$/.exec(l) ?? [];
      return key === undefined || value === undefined ? [] : [[key, value.trim()] as const];
    }),
  );
  const missing = (said.get("missing") ?? "").split(/\s+/).filter(Boolean);
  const notes: string[] = [];
  if (said.get("restricted") === "1" && said.get("uid") !== "0") notes.push(restrictedText(target));
  return {
    where: target.label,
    missing,
    about: `${said.get("os") || "unknown system"}, Linux ${said.get("kernel") ?? "?"}, ` +
      `as ${said.get("uid") === "0" ? "root" : `uid ${said.get("uid")}`}`,
    notes,
  };
}

/**
 * A lab on another Linux machine, reached with the system's ssh client (so ~/.ssh/config, keys
 * in ssh-agent and jump hosts work; NETBOOK_SSH_OPTIONS adds options): the netns lab's
 * bubblewrap sandbox and agent, run there over one SSH connection. Nothing is copied there but
 * the agent, through the connection; nothing stays there once the connection ends.
 */
export function sshBackend(spec: string): LabBackend {
  const target = parseSshTarget(spec);
  return {
    kind: "ssh",
    description: `the netns lab's sandbox on ${target.label}, over SSH, on that machine's kernel`,
    // On the other machine; here, only the ssh client (a clear error when it is missing).
    needs: REMOTE_NEEDS,

    async support(): Promise<BackendSupport> {
      try {
        const lab = await this.start();
        const info = lab.info;
        await lab.close();
        return { ok: true, info };
      } catch (e) {
        if (e instanceof CapabilityMissingError) return { ok: false, reason: e.message };
        throw e;
      }
    },

    supplies(): boolean {
      return true;
    },

    start(): Promise<Lab> {
      return startOn(target);
    },

    survey(): Promise<RemoteSurvey> {
      return surveyOf(target);
    },
  };
}

import type { CallResult } from "./runner.ts";
import { CapabilityMissingError } from "./errors.ts";

export type SandboxKind = "root" | "rootless";

/**
 * The first process in the sandbox (PID 1 of its PID namespace; bash, which reaps the orphans
 * that background commands leave). It gives the lab a private
 * /run (so /run/netns is the lab's own) and /tmp, says "ready", then waits for its standard input
 * to close. When it exits, for whatever reason, the kernel kills every process of the PID
 * namespace, and with them the network and mount namespaces go away.
 */
const INIT = [
  "mount -t tmpfs -o mode=0755 netbook-run /run",
  "mkdir -p /run/netns /run/lab",
  "mount -t tmpfs -o mode=1777 netbook-tmp /tmp",
  "echo ready",
  "read -r _",
].join(" && ");

const UNSHARE_FLAGS = [
  "--net",
  "--mount",
  "--pid",
  "--fork",
  "--mount-proc",
  "--propagation",
  "private",
  "--kill-child",
];

/** A PATH that finds iproute2, iptables and friends, whoever runs netbook. */
export const LAB_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const SIGNALS: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

function isRoot(): boolean {
  return Deno.uid() === 0;
}

function unshareArgs(kind: SandboxKind): string[] {
  return [...(kind === "rootless" ? ["--user", "--map-root-user"] : []), ...UNSHARE_FLAGS];
}

/** Says whether this machine can run a sandbox, and if not, why not. */
export async function probeSandbox(): Promise<{ kind: SandboxKind } | { reason: string }> {
  const kind: SandboxKind = isRoot() ? "root" : "rootless";
  try {
    const out = await new Deno.Command("unshare", {
      args: [...unshareArgs(kind), "true"],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).output();
    if (out.success) return { kind };
    const why = new TextDecoder().decode(out.stderr).trim();
    return {
      reason: kind === "root"
        ? `unshare failed even as root (${why})`
        : `unprivileged user namespaces are not allowed here (${why}); run as root or enable them (sysctl kernel.unprivileged_userns_clone=1)`,
    };
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      return { reason: "unshare (util-linux) is not installed: apt-get install util-linux" };
    }
    if (e instanceof Deno.errors.NotCapable) {
      return { reason: "this process may not start programs" };
    }
    throw e;
  }
}

/**
 * A private lab: its own network, mount and PID namespaces. Commands run inside it through
 * nsenter; the host's interfaces, routes, iptables and /run/netns are never touched. Everything
 * goes away when the sandbox closes, or when the process that started it dies.
 */
export class Sandbox {
  #child: Deno.ChildProcess;
  #stdin: WritableStreamDefaultWriter<Uint8Array>;
  #ended = false;
  readonly kind: SandboxKind;

  private constructor(child: Deno.ChildProcess, kind: SandboxKind) {
    this.#child = child;
    this.kind = kind;
    this.#stdin = child.stdin.getWriter();
    // Once the sandbox has exited, its PID may be reused by any process, even one in the
    // host's namespaces: nsenter must never target it again.
    child.status.then(() => this.#ended = true);
  }

  /** The sandbox's unshare process, as the host sees it. */
  get pid(): number {
    return this.#child.pid;
  }

  static async start(): Promise<Sandbox> {
    const kind: SandboxKind = isRoot() ? "root" : "rootless";
    const child = new Deno.Command("unshare", {
      args: [...unshareArgs(kind), "bash", "-c", INIT],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const sandbox = new Sandbox(child, kind);
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    reader.cancel().catch(() => {});
    if (first.value?.trim() !== "ready") {
      const status = await child.status;
      const err = await new Response(child.stderr).text();
      throw new CapabilityMissingError(
        `the lab sandbox did not start (unshare exited ${status.code}): ${err.trim()}`,
      );
    }
    child.stderr.cancel().catch(() => {});
    return sandbox;
  }

  #nsenter(): string[] {
    const pid = this.#child.pid;
    return [
      "--target",
      String(pid),
      ...(this.kind === "rootless" ? ["--user", "--preserve-credentials"] : []),
      "--net",
      "--mount",
      `--pid=/proc/${pid}/ns/pid_for_children`,
      "--wd=/tmp",
      "--",
    ];
  }

  /** Runs a shell command line in the lab's host namespace. */
  async run(command: string, timeoutMs?: number): Promise<CallResult> {
    if (this.#ended) {
      throw new Error(
        `the lab has ended (its sandbox, PID ${this.pid}, exited), so \`${command}\` cannot run`,
      );
    }
    const limit = timeoutMs ? ["timeout", "-k", "1", `${timeoutMs / 1000}`] : [];
    const started = performance.now();
    const out = await new Deno.Command("nsenter", {
      args: [...this.#nsenter(), ...limit, "bash", "-c", command],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      clearEnv: true,
      env: { PATH: LAB_PATH, LANG: "C.UTF-8", HOME: "/tmp", TERM: "dumb" },
    }).output();
    const decoder = new TextDecoder();
    return {
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
      code: out.signal ? 128 + (SIGNALS[out.signal] ?? 0) : out.code,
      ms: Math.round(performance.now() - started),
    };
  }

  /** Ends the lab: PID 1 exits, and the kernel tears down everything that lived in it. */
  async close(): Promise<void> {
    await this.#stdin.close().catch(() => {});
    await this.#child.status;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

import type { Capability } from "../capability/registry.ts";

/**
 * What a lab is, for the mode line and the recording: its kind and the details that change what
 * a notebook sees (e.g. `{ kind: "netns", rootless: false }`, `{ kind: "vm", kernel: "6.1.0" }`).
 */
export interface BackendInfo {
  /** The backend's name: netns, vm ... */
  kind: string;
  /**
   * Details, e.g. rootless: true, or the VM's kernel. `host` (another machine the lab runs on)
   * is said on the mode line and in messages, and never recorded.
   */
  [detail: string]: string | number | boolean;
}

/** What one command did in the lab, byte for byte. */
export interface ExecResult {
  /** What the command printed, byte for byte. */
  stdout: Uint8Array;
  /** What it printed on standard error. */
  stderr: Uint8Array;
  /** The exit code; 128 + N when a signal N ended it; 124 when it ran out of time. */
  code: number;
  /** Wall-clock milliseconds. */
  ms: number;
  /** It was stopped at its time limit (milliseconds), as `timeout` would. */
  timedOut?: number;
  /** Bytes of output dropped past the limit a command may keep. */
  dropped?: number;
  /** A limit of the lab it ran into, in words ("the lab ran out of its 512 MiB of memory"). */
  limit?: string;
}

/** How a lab runs one command. */
export interface LabExecOptions {
  /** Milliseconds before the command is stopped. */
  timeout?: number;
}

/** A running lab: a private place where commands run as root and nothing reaches the host. */
export interface Lab {
  /** What this lab is. */
  readonly info: BackendInfo;
  /** The host process that holds the lab (it dies with it), for tests and the mode line. */
  readonly pid: number;
  /** Runs one bash command line in the lab's own "host" namespace. */
  exec(command: string, options?: LabExecOptions): Promise<ExecResult>;
  /** Which of `wanted` this lab has, probed inside it in one command. */
  probe(wanted: Iterable<Capability>): Promise<Set<Capability>>;
  /**
   * Runs one command in the lab with its standard input and output streamed (the lab shell):
   * its output goes to `onData` as it comes. A lab without it has no shell.
   */
  stream?(command: string, onData: (chunk: Uint8Array) => void): LabStream;
  /** Ends the lab: everything in it is gone when this resolves. */
  close(): Promise<void>;
}

/** A command running in the lab with its input and output streamed. */
export interface LabStream {
  /** Feeds bytes to its standard input. */
  write(data: Uint8Array): void;
  /** Closes its standard input. */
  end(): void;
  /** Resolves once it has ended, with its exit code. */
  done: Promise<ExecResult>;
}

/** Whether a backend can start a lab here, and if not, why not (in words for the reader). */
export type BackendSupport = { ok: true; info: BackendInfo } | { ok: false; reason: string };

/** How a lab starts. */
export interface LabStartOptions {
  /** Told of slow, one-time work (building a VM image), for a progress display. */
  onProgress?: (message: string) => void;
}

/**
 * A kind of lab. One file implements it; one line in `backends.ts` registers it. Runners,
 * probes and `doctor` know only this interface.
 */
export interface LabBackend {
  /** Its name in the registry and in recordings. */
  readonly kind: string;
  /** One line on what it is, for `doctor` and `--help`. */
  readonly description: string;
  /** Can it run here? Cheap: no lab is started. */
  support(): Promise<BackendSupport>;
  /** Which capabilities a lab of this kind can have at all (the VM brings its own kernel). */
  supplies(capability: Capability): boolean;
  /** Starts a lab. Throws CapabilityMissingError saying why when it cannot. */
  start(options?: LabStartOptions): Promise<Lab>;
  /** Debian packages it needs on the host, with what each is for (for `doctor`). */
  readonly needs: readonly { program: string; package: string; why: string }[];
  /**
   * For a lab on another machine: what that machine has (which of `needs` are missing there),
   * for `doctor`, without starting a lab. Throws CapabilityMissingError when it cannot be
   * reached. A lab on this machine has none: `doctor` looks here.
   */
  survey?(): Promise<RemoteSurvey>;
}

/** What another machine, where a lab would run, has (see LabBackend.survey). */
export interface RemoteSurvey {
  /** How it is named: USER@HOST. */
  where: string;
  /** The programs of `needs` it lacks. */
  missing: string[];
  /** Its system, kernel and user, in a few words. */
  about: string;
  /** What else to know, in sentences (a rule that keeps the lab from starting there). */
  notes: string[];
}

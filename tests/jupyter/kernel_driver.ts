/**
 * Deno's Jupyter kernel, launched as Jupyter launches it (kernel_driver.py, with Debian's
 * jupyter_client), for tests that run cells in a real kernel and look at what Jupyter receives.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Debian's Python, which has python3-jupyter-client and python3-nbconvert (not a pyenv one). */
export const PYTHON = "/usr/bin/python3";

const DRIVER = fileURLToPath(new URL("kernel_driver.py", import.meta.url));

/** The repository's mod.ts, as a kernel imports it from anywhere. */
export const MOD_URL = new URL("../../mod.ts", import.meta.url).href;

/** Whether Debian's Python has these modules (e.g. "jupyter_client", "nbconvert, nbformat"). */
export async function pythonHas(modules: string): Promise<boolean> {
  return await new Deno.Command(PYTHON, {
    args: ["-c", `import ${modules}`],
    stdout: "null",
    stderr: "null",
  }).output().then((o) => o.success, () => false);
}

/** A kernelspec for this Deno in `dir`, so that tests need no `deno jupyter --install`. */
export async function kernelspec(dir: string): Promise<Record<string, string>> {
  await Deno.mkdir(join(dir, "kernels", "deno"), { recursive: true });
  await Deno.writeTextFile(
    join(dir, "kernels", "deno", "kernel.json"),
    JSON.stringify({
      argv: [Deno.execPath(), "jupyter", "--kernel", "--conn", "{connection_file}"],
      display_name: "Deno",
      language: "typescript",
    }),
  );
  return { JUPYTER_PATH: dir, JUPYTER_DATA_DIR: dir, JUPYTER_RUNTIME_DIR: join(dir, "runtime") };
}

/** One message Jupyter received for a cell, as kernel_driver.py reports it. */
export interface KernelOutput {
  type: "stream" | "display_data" | "execute_result" | "error";
  name?: string;
  text?: string;
  data?: Record<string, string>;
  ename?: string;
  evalue?: string;
}

/** What Jupyter received for one execution, up to the kernel's "idle". */
export interface Executed {
  status: "ok" | "error" | "aborted";
  outputs: KernelOutput[];
}

/** An output as one line of text: a stream's text, a display's text/plain, an error; "" for none. */
export function outputText(o: KernelOutput | undefined): string {
  return o === undefined
    ? ""
    : o.type === "stream"
    ? o.text ?? ""
    : o.type === "error"
    ? `${o.ename}: ${o.evalue}`
    : o.data?.["text/plain"] ?? "";
}

/** A kernel launched by kernel_driver.py, in a temp folder outside the repository. */
export class KernelDriver {
  readonly dir: string;
  /** The launcher (Python, jupyter_client): the kernel's parent and JPY_PARENT_PID. */
  readonly launcher: Deno.ChildProcess;
  /** The kernel's PID. */
  kernel = 0;
  #stdin: WritableStreamDefaultWriter<Uint8Array>;
  #lines: AsyncIterator<string>;
  #stderr: Promise<string>;

  private constructor(dir: string, launcher: Deno.ChildProcess) {
    this.dir = dir;
    this.launcher = launcher;
    this.#stdin = launcher.stdin.getWriter();
    this.#lines = lines(launcher.stdout);
    this.#stderr = new Response(launcher.stderr).text();
  }

  /** Launches a kernel and waits until it answers. */
  static async start(): Promise<KernelDriver> {
    const dir = await Deno.makeTempDir({ prefix: "netbook-kernel-" });
    const env = await kernelspec(join(dir, "jupyter"));
    const launcher = new Deno.Command(PYTHON, {
      args: [DRIVER],
      cwd: dir,
      env,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const driver = new KernelDriver(dir, launcher);
    const ready = await driver.#next();
    driver.kernel = ready.kernel;
    return driver;
  }

  async #next() {
    const line = await this.#lines.next();
    if (line.done) {
      throw new Error(`kernel_driver.py ended:\n${await this.#stderr}`);
    }
    return JSON.parse(line.value);
  }

  /** Sends code to run in the kernel, without waiting for it. */
  async send(code: string): Promise<void> {
    await this.#stdin.write(new TextEncoder().encode(JSON.stringify({ code }) + "\n"));
  }

  /** Runs code in the kernel; what Jupyter received for it, up to the kernel's "idle". */
  async run(code: string): Promise<Executed> {
    await this.send(code);
    return await this.#next();
  }

  /** kill -9 of the launcher, as when Jupyter or nbconvert is killed; waits until it is gone. */
  async killLauncher(): Promise<void> {
    this.launcher.kill("SIGKILL");
    await this.launcher.status;
  }

  /** Shuts the kernel down (unless its launcher was killed) and removes the temp folder. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.#stdin.close().catch(() => {});
    await this.launcher.status;
    // A test that failed may leave its kernel behind (and its lab, which dies with it).
    const args = await Deno.readTextFile(`/proc/${this.kernel}/cmdline`).catch(() => "");
    if (this.kernel && args.includes("--kernel")) Deno.kill(this.kernel, "SIGKILL");
    await this.#stderr.catch(() => {});
    await Deno.remove(this.dir, { recursive: true });
  }
}

/** The lines of a byte stream. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let buffer = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      yield buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
    }
  }
}

/**
 * The micro-VM's image files are written under a temporary name and renamed into place when
 * complete: a build killed with kill -9 while it unpacks the kernel leaves no image behind (so
 * the next run builds again rather than booting half a kernel), and the next build, holding the
 * build lock, sweeps what the killed one left, and the image folders of older netbooks.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { vmBackend } from "../../lib/lab/vm_backend.ts";

const BUILD = fileURLToPath(new URL("./build_vm_image.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const support = await vmBackend.support();
const ignore = !support.ok && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the VM image build test: ${support.reason}`);

function build(cache: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `--config=${ROOT}deno.json`, BUILD],
    env: { XDG_CACHE_HOME: cache },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Reads lines from a child's output until one matches; the rest is kept in `rest`. */
async function waitForLine(stream: ReadableStream<Uint8Array>, pattern: RegExp) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!pattern.test(text)) {
    const { value, done } = await reader.read();
    if (done) return { seen: false, text };
    text += value;
  }
  reader.releaseLock();
  return { seen: true, text };
}

Deno.test(
  { name: "a killed VM image build leaves no half image, and is swept", ignore },
  async () => {
    const cache = await Deno.makeTempDir({ prefix: "netbook-vm-cache-" });
    const dir = join(cache, "netbook", "vm");
    try {
      // What an older netbook left: an image folder and its downloaded packages.
      await Deno.mkdir(join(dir, "6.1.0-1-amd64-0123456789abcdef"), { recursive: true });
      await Deno.writeTextFile(join(dir, "6.1.0-1-amd64-0123456789abcdef/manifest.json"), "{}");
      await Deno.mkdir(join(dir, "debs"));

      // Killed once it says it is unpacking the kernel (which takes seconds).
      const first = build(cache);
      const firstErr = new Response(first.stderr).text();
      const said = await waitForLine(first.stdout, /unpacking \S+ once/);
      if (!said.seen) assert.fail(`the build ended first: ${said.text}${await firstErr}`);
      first.kill("SIGKILL");
      await first.status;
      await firstErr;
      const killed = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assert.deepEqual(
        killed.filter((n) => /^(vmlinux|initramfs)-/.test(n) && !n.endsWith(".part")),
        [],
        `a killed build left an image: ${killed.join(" ")}`,
      );
      // Killed later, while writing, it would have left a part file: one is planted.
      await Deno.writeTextFile(join(dir, "vmlinux-6.1.0-1-amd64-0123456789abcdef.1234.part"), "");

      // The next build completes, and leaves only its image (and the lock).
      const second = await build(cache).output();
      const out = new TextDecoder().decode(second.stdout);
      assert.equal(second.code, 0, new TextDecoder().decode(second.stderr));
      assert.match(out, /^built /m);
      const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assert.equal(names.length, 3, names.join(" "));
      assert.equal(names[0], "build.lock");
      assert.match(names[1] ?? "", /^initramfs-[0-9a-f]{16}\.cpio$/);
      assert.match(names[2] ?? "", /^vmlinux-.+-[0-9a-f]{16}$/);
    } finally {
      await Deno.remove(cache, { recursive: true });
    }
  },
);

/**
 * The micro-VM's image is built in a hidden folder and renamed into place when complete: a build
 * killed with kill -9 leaves no image behind (so the next run builds again rather than booting
 * half an image), and the next build sweeps away what the killed one left. A Debian "mirror"
 * on a local port that accepts and never answers holds the build in its download; a closed
 * port makes the next build fail fast. Nothing here needs the network.
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

function build(cache: string, mirror: string): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", `--config=${ROOT}deno.json`, BUILD],
    env: { XDG_CACHE_HOME: cache, NETBOOK_VM_MIRROR: mirror },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Entries of the VM cache folder, and whether any holds a finished image. */
function cacheEntries(cache: string): { names: string[]; images: string[] } {
  const dir = join(cache, "netbook", "vm");
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  const images = names.filter((n) => {
    try {
      Deno.statSync(join(dir, n, "manifest.json"));
      return true;
    } catch {
      return false;
    }
  });
  return { names, images };
}

Deno.test(
  { name: "a killed VM image build leaves no half image, and is swept", ignore },
  async () => {
    const cache = await Deno.makeTempDir({ prefix: "netbook-vm-cache-" });
    const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const held: Deno.Conn[] = [];
    try {
      // The build reaches the mirror: it is mid-download, with its build folder in place.
      const reached = silent.accept().then((conn) => held.push(conn));
      const first = build(cache, `http://127.0.0.1:${silent.addr.port}/debian`);
      const firstErr = new Response(first.stderr).text();
      const firstOut = new Response(first.stdout).text();
      const outcome = await Promise.race([reached.then(() => "reached"), first.status]);
      if (outcome !== "reached") assert.fail(`the build ended first: ${await firstErr}`);
      first.kill("SIGKILL");
      await first.status;
      assert.match(await firstOut, /downloading Debian/);
      await firstErr;
      const killed = cacheEntries(cache);
      assert.deepEqual(killed.images, [], "a killed build left an image");
      assert.ok(killed.names.some((n) => n.startsWith(".build-")), killed.names.join(" "));

      // The next build (failing fast here: nothing listens) sweeps the killed one's folder first.
      const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const port = closed.addr.port;
      closed.close();
      const second = await build(cache, `http://127.0.0.1:${port}/debian`).output();
      const said = new TextDecoder().decode(second.stderr);
      assert.equal(second.code, 1);
      assert.match(
        said,
        /debootstrap could not fetch the VM's packages from http:\/\/127\.0\.0\.1/,
      );
      const after = cacheEntries(cache);
      assert.deepEqual(after.images, []);
      assert.deepEqual(after.names.filter((n) => n.startsWith(".")), [], "build folders were left");
    } finally {
      for (const conn of held) conn.close();
      silent.close();
      await Deno.remove(cache, { recursive: true });
    }
  },
);

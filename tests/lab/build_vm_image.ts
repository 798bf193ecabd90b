/**
 * Builds (or finds) the micro-VM's image, printing each progress message on its own line, then
 * "built" and the image's files; for killed_vm_build_leaves_no_half_image_test.ts.
 *   XDG_CACHE_HOME=/tmp/x deno run -A tests/lab/build_vm_image.ts
 */
import { ensureImage } from "../../lib/lab/vm/vm_image.ts";

const say = (line: string) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
try {
  const image = await ensureImage({ onProgress: say });
  say(`built ${image.vmlinux} ${image.initramfs}`);
} catch (e) {
  console.error((e as Error).message);
  Deno.exit(1);
}

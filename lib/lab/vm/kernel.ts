/**
 * The VM's kernel: Debian's, from this machine's `linux-image-amd64` (/boot and /lib/modules,
 * which the VM reads through its share of the host's /usr).
 * It is booted uncompressed (PVH, straight into 64-bit code), which saves seconds under TCG: the
 * bzImage's compressed payload is unpacked once, when the image is built.
 */
import { CapabilityMissingError } from "../errors.ts";
import { runProgram } from "../../io/run_program.ts";

/** An installed kernel the VM can boot. */
export interface GuestKernel {
  /** As `uname -r` will say it in the VM, e.g. "6.1.0-56-amd64". */
  release: string;
  /** The bzImage, e.g. /boot/vmlinuz-6.1.0-56-amd64. */
  image: string;
  /** Its modules, e.g. /lib/modules/6.1.0-56-amd64. */
  modules: string;
}

function compareReleases(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** The newest Debian amd64 kernel in /boot whose modules are installed too. */
export async function findKernel(boot = "/boot", lib = "/lib/modules"): Promise<GuestKernel> {
  const releases: string[] = [];
  try {
    for await (const e of Deno.readDir(boot)) {
      const [, release] = /^vmlinuz-(.+-amd64)$/.exec(e.name) ?? [];
      if (
        release && await Deno.stat(`${lib}/${release}/modules.dep`).then(() => true, () => false)
      ) {
        releases.push(release);
      }
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const release = releases.sort(compareReleases).at(-1);
  if (!release) {
    throw new CapabilityMissingError(
      `the micro-VM boots Debian's kernel, and ${boot} has no vmlinuz-*-amd64 with its modules ` +
        `in ${lib}: apt-get install linux-image-amd64`,
    );
  }
  return { release, image: `${boot}/vmlinuz-${release}`, modules: `${lib}/${release}` };
}

/** How a bzImage's payload is compressed, by its first bytes, and the program that unpacks it. */
const DECOMPRESSORS: { magic: number[]; program: string; args: string[] }[] = [
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], program: "xz", args: ["-dc", "--single-stream"] },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], program: "zstd", args: ["-dc"] },
  { magic: [0x1f, 0x8b], program: "gzip", args: ["-dc"] },
];

/**
 * The plain ELF `vmlinux` inside a bzImage: the setup header says where the compressed payload
 * starts and how long it is (Documentation/arch/x86/boot.rst, protocol 2.08+).
 */
export async function extractVmlinux(
  bzImage: string,
  bytes?: Uint8Array,
): Promise<Uint8Array> {
  bytes ??= await Deno.readFile(bzImage);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isBzImage = bytes.length > 0x250 && view.getUint32(0x202, true) === 0x53726448; // "HdrS"
  if (!isBzImage || view.getUint16(0x206, true) < 0x208) {
    throw new TypeError(
      `${bzImage} is not a bzImage this netbook can unpack (boot protocol < 2.08)`,
    );
  }
  const setupSectors = bytes[0x1f1] || 4;
  const start = (setupSectors + 1) * 512 + view.getUint32(0x248, true);
  const payload = bytes.subarray(start, start + view.getUint32(0x24c, true));
  const unpack = DECOMPRESSORS.find((d) => d.magic.every((b, i) => payload[i] === b));
  if (!unpack) {
    throw new TypeError(
      `${bzImage}'s payload is compressed in a way netbook cannot unpack (it starts ${
        [...payload.subarray(0, 6)].map((b) => b.toString(16).padStart(2, "0")).join(" ")
      })`,
    );
  }
  const out = await runProgram(unpack.program, {
    args: unpack.args,
    stdin: payload,
    doing: `could not unpack ${bzImage}`,
  });
  const elf = out.stdout;
  if (elf[0] !== 0x7f || elf[1] !== 0x45) {
    throw new Error(`unpacking ${bzImage} with ${unpack.program} gave no ELF file`);
  }
  return elf;
}

/**
 * A writer of "newc" cpio archives, the format the Linux kernel unpacks as an initramfs. Every
 * entry is owned by root and dated 0, whoever builds it, so the VM's files are root's and the
 * archive is the same for the same inputs.
 */

/** One entry: a folder, a file (its bytes, or the host file to read them from), a link or a device. */
export type CpioEntry =
  | { path: string; type: "dir"; mode?: number }
  | { path: string; type: "file"; mode: number; data: Uint8Array }
  | { path: string; type: "file"; mode: number; from: string }
  | { path: string; type: "symlink"; target: string }
  | { path: string; type: "char"; mode: number; major: number; minor: number };

const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;
const encoder = new TextEncoder();

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}

function pad(length: number): Uint8Array {
  return new Uint8Array((4 - (length % 4)) % 4);
}

function header(ino: number, mode: number, size: number, name: string, rdev = [0, 0]): Uint8Array {
  const nameBytes = encoder.encode(name + "\0");
  const fields = [ino, mode, 0, 0, 1, 0, size, 0, 0, rdev[0], rdev[1], nameBytes.length, 0];
  const head = encoder.encode("070701" + fields.map(hex).join(""));
  const out = new Uint8Array(
    head.length + nameBytes.length + pad(head.length + nameBytes.length).length,
  );
  out.set(head);
  out.set(nameBytes, head.length);
  return out;
}

/**
 * Writes the entries, in order, then the trailer. Paths are relative to the archive's root
 * ("usr/bin/ip"); parents must come before their children.
 */
export async function writeCpio(
  entries: Iterable<CpioEntry>,
  write: (chunk: Uint8Array) => Promise<void>,
): Promise<void> {
  let ino = 1;
  for (const e of entries) {
    const name = e.path.replace(/^\/+/, "");
    if (e.type === "dir") {
      await write(header(ino++, S_IFDIR | (e.mode ?? 0o755), 0, name));
    } else if (e.type === "symlink") {
      const target = encoder.encode(e.target);
      await write(header(ino++, S_IFLNK | 0o777, target.length, name));
      await write(target);
      await write(pad(target.length));
    } else if (e.type === "char") {
      await write(header(ino++, S_IFCHR | e.mode, 0, name, [e.major, e.minor]));
    } else {
      const data = "data" in e ? e.data : await Deno.readFile(e.from);
      await write(header(ino++, S_IFREG | e.mode, data.length, name));
      await write(data);
      await write(pad(data.length));
    }
  }
  await write(header(0, 0, 0, "TRAILER!!!"));
}

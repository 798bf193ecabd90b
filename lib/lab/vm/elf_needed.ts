/**
 * The shared libraries an ELF program or library asks the dynamic loader for (its DT_NEEDED
 * entries), read from the file itself: nothing is run. Used to copy each tool into the VM image
 * with exactly the libraries it needs.
 */

const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const DT_NULL = 0n;
const DT_NEEDED = 1n;
const DT_STRTAB = 5n;

/** What the loader needs for one ELF file: its libraries, and its loader if it names one. */
export interface ElfNeeds {
  needed: string[];
  interpreter?: string;
}

/**
 * The libraries a 64-bit little-endian ELF file needs; undefined when the bytes are not such a
 * file (a script, a data file). A static program needs nothing.
 */
export function elfNeeded(bytes: Uint8Array): ElfNeeds | undefined {
  const magic = bytes.length >= 64 && bytes[0] === 0x7f && bytes[1] === 0x45 &&
    bytes[2] === 0x4c && bytes[3] === 0x46;
  if (!magic || bytes[4] !== 2 || bytes[5] !== 1) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u64 = (at: number) => view.getBigUint64(at, true);
  const phoff = Number(u64(32));
  const phentsize = view.getUint16(54, true);
  const phnum = view.getUint16(56, true);
  const loads: { vaddr: bigint; offset: bigint; size: bigint }[] = [];
  let dynamic: { offset: number; size: number } | undefined;
  let interpreter: string | undefined;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 56 > bytes.length) return undefined;
    const type = view.getUint32(at, true);
    const offset = u64(at + 8);
    const vaddr = u64(at + 16);
    const filesz = u64(at + 32);
    if (type === PT_LOAD) loads.push({ vaddr, offset, size: filesz });
    if (type === PT_DYNAMIC) dynamic = { offset: Number(offset), size: Number(filesz) };
    if (type === PT_INTERP) {
      interpreter = cString(bytes, Number(offset));
    }
  }
  if (!dynamic) return { needed: [], ...(interpreter ? { interpreter } : {}) };
  // Dynamic entries point at virtual addresses: map them back to file offsets.
  const fileOffset = (vaddr: bigint): number => {
    const seg = loads.find((l) => vaddr >= l.vaddr && vaddr < l.vaddr + l.size);
    if (!seg) throw new RangeError(`address 0x${vaddr.toString(16)} is in no loaded segment`);
    return Number(vaddr - seg.vaddr + seg.offset);
  };
  const names: bigint[] = [];
  let strtab: bigint | undefined;
  for (let at = dynamic.offset; at + 16 <= dynamic.offset + dynamic.size; at += 16) {
    const tag = u64(at);
    if (tag === DT_NULL) break;
    if (tag === DT_NEEDED) names.push(u64(at + 8));
    if (tag === DT_STRTAB) strtab = u64(at + 8);
  }
  if (strtab === undefined) return { needed: [], ...(interpreter ? { interpreter } : {}) };
  const base = fileOffset(strtab);
  return {
    needed: names.map((n) => cString(bytes, base + Number(n))),
    ...(interpreter ? { interpreter } : {}),
  };
}

function cString(bytes: Uint8Array, at: number): string {
  const end = bytes.indexOf(0, at);
  return new TextDecoder().decode(bytes.subarray(at, end < 0 ? bytes.length : end));
}

import { basename } from "node:path";
import type { Output, RunResult } from "../execute/results.ts";
import { pcapOf } from "../render/pcap_attachment.ts";
import { shownOutputs } from "./html_diagrams.ts";
import { outputBundle } from "./output_bundle.ts";

/** A notebook's capture files: which output carries each, and each file's name and bytes. */
export interface PcapFiles {
  /** The file name of each output that carries a capture. */
  names: Map<Output, string>;
  /** File name → the capture's bytes. */
  files: Map<string, Uint8Array>;
}

/**
 * The capture files the shown outputs of a run carry, named after the notebook and the cell:
 * `07-flannel-vxlan.tcpdump.pcap`, then `.tcpdump-2.pcap` for a cell's second. Pure.
 */
export function pcapFiles(run: RunResult): PcapFiles {
  const base = basename(run.notebook.path).replace(/\.md$/, "");
  const names = new Map<Output, string>();
  const files = new Map<string, Uint8Array>();
  for (const [cell, outputs] of shownOutputs(run)) {
    let n = 0;
    for (const output of outputs) {
      if (output.type === "stream") continue;
      const bytes = pcapOf(outputBundle(output));
      if (!bytes) continue;
      const name = `${base}.${cell}${++n > 1 ? `-${n}` : ""}.pcap`;
      names.set(output, name);
      files.set(name, bytes);
    }
  }
  return { names, files };
}

/**
 * Every diagram a reader of the curriculum meets: the ```mermaid blocks of notebooks/*.md, the
 * diagrams and lab topologies their recorded runs display (replayed), and every topology the
 * recordings in fixtures/*.json read (rebuilt from the recorded `ip -j` output, so a cell that
 * does not replay today still counts).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runNotebook } from "../../lib/execute/run_notebook.ts";
import { TOPOLOGY_MIME } from "../../lib/inspect/topology.ts";
import type { TopologyModel } from "../../lib/inspect/topology_model.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { type Call, topologiesIn } from "../inspect/topology_reads.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface Found<T> {
  /** Where it comes from, for messages: notebook:line, or notebook / cell. */
  where: string;
  value: T;
}

export interface RecordedDiagrams {
  /** Mermaid sources: authored blocks, and diagrams the runs display. */
  mermaid: Found<string>[];
  topologies: Found<TopologyModel>[];
}

/** Collects them all; a notebook without a recording has only its authored diagrams. */
export async function recordedDiagrams(): Promise<RecordedDiagrams> {
  const mermaid: Found<string>[] = [];
  const topologies: Found<TopologyModel>[] = [];
  const names = [...Deno.readDirSync(`${root}notebooks`)].map((e) => e.name)
    .filter((n) => /^\d\d-.*\.md$/.test(n)).sort();
  for (const name of names) {
    const path = `notebooks/${name}`;
    const notebook = parseNotebook(await Deno.readTextFile(`${root}${path}`), path);
    for (const part of notebook.parts) {
      if (part.kind === "mermaid") {
        mermaid.push({ where: `${path}:${part.line}`, value: part.source });
      }
    }
    const fixture = `${root}fixtures/${name.replace(/\.md$/, ".json")}`;
    if (!existsSync(fixture)) continue;
    const run = await runNotebook(notebook, { mode: "replay" }).catch(() => undefined);
    for (const cell of run?.cells ?? []) {
      for (const out of cell.outputs) {
        if (out.type !== "display") continue;
        const where = `${path} / ${cell.id} (replayed)`;
        const model = out.bundle[TOPOLOGY_MIME];
        if (model) topologies.push({ where, value: JSON.parse(model) });
        const source = /^```mermaid\n([\s\S]*?)\n```$/.exec(out.bundle["text/markdown"] ?? "")?.[1];
        if (!model && source && out.bundle["text/html"] === undefined) {
          mermaid.push({ where, value: source });
        }
      }
    }
    const recorded = JSON.parse(await Deno.readTextFile(fixture)) as {
      cells: Record<string, Call[]>;
    };
    for (const [cell, calls] of Object.entries(recorded.cells)) {
      for (const value of topologiesIn(calls)) {
        topologies.push({ where: `${path} / ${cell} (recorded)`, value });
      }
    }
  }
  return { mermaid, topologies };
}

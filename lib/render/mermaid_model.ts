/**
 * What a mermaid diagram says, read from its source: enough to check a drawing against it and
 * to write it out as an outline. The subset read is what notebooks use: flowcharts (groups,
 * nodes, labelled edges) and sequence diagrams (participants, messages, notes, blocks).
 */
import { parseFlowchart } from "./mermaid_flowchart.ts";
import { parseSequence } from "./mermaid_sequence.ts";
import { MermaidSyntaxError, statements } from "./mermaid_source.ts";
import type { MermaidModel } from "./mermaid_types.ts";

export { MermaidSyntaxError };

/**
 * Reads a mermaid source. Throws MermaidSyntaxError for a flowchart or sequence diagram it
 * cannot read whole (it never leaves a line out silently). Pure.
 */
export function parseMermaid(source: string): MermaidModel {
  const all = statements(source);
  const header = all[0];
  if (!header) throw new MermaidSyntaxError(1, "the diagram is empty");
  const [type = ""] = header.text.split(/\s+/);
  if (/^(flowchart|graph)$/i.test(type)) return parseFlowchart(header, all.slice(1));
  if (type === "sequenceDiagram") return parseSequence(all.slice(1));
  return { kind: "other", type };
}

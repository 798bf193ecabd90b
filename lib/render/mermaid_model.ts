/**
 * What a mermaid diagram says, read from its source: enough to check a drawing against it and
 * to write it out as an outline. The subset read is what notebooks use: flowcharts (groups,
 * nodes, labelled edges) and sequence diagrams (participants, messages, notes, blocks).
 */
import { parseFlowchart } from "./mermaid_flowchart.ts";
import { parseSequence } from "./mermaid_sequence.ts";
import { MermaidSyntaxError, statements } from "./mermaid_source.ts";

export { MermaidSyntaxError };

/** A subgraph: its id, the label drawn on its box, and the group it sits in. */
export interface FlowGroup {
  id: string;
  label: string;
  parent?: string;
  /** The source line that opens it. */
  line: number;
}

/** A node: its label's lines (`<br/>` splits them) and the innermost group holding it. */
export interface FlowNode {
  id: string;
  lines: string[];
  group?: string;
  /** The source line that first mentions it. */
  line: number;
}

/** An edge between two nodes (or groups, which mermaid allows as ends). */
export interface FlowEdge {
  from: string;
  to: string;
  label?: string;
  /** "both": `<-->`; "forward": `-->`; "none": `---`. */
  arrow: "none" | "forward" | "both";
  style: "solid" | "dotted" | "thick";
}

export interface Flowchart {
  kind: "flowchart";
  direction: "LR" | "RL" | "TB" | "BT";
  groups: FlowGroup[];
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export interface Participant {
  id: string;
  label: string;
}

export type SequenceStep =
  | { kind: "message"; from: string; to: string; text: string; dashed: boolean }
  | { kind: "note"; place: "over" | "left of" | "right of"; of: string[]; text: string }
  | { kind: "block"; keyword: string; text: string }
  | { kind: "end" };

export interface Sequence {
  kind: "sequence";
  participants: Participant[];
  steps: SequenceStep[];
}

/** A diagram of a type this reader does not know (pie, gantt, class ...). */
export interface OtherDiagram {
  kind: "other";
  type: string;
}

export type MermaidModel = Flowchart | Sequence | OtherDiagram;

/**
 * Reads a mermaid source. Throws MermaidSyntaxError for a flowchart or sequence diagram it
 * cannot read whole (it never leaves a line out silently). Pure.
 */
export function parseMermaid(source: string): MermaidModel {
  const all = statements(source);
  const header = all[0];
  if (!header) throw new MermaidSyntaxError(1, "the diagram is empty");
  const type = header.text.split(/\s+/)[0];
  if (/^(flowchart|graph)$/i.test(type)) return parseFlowchart(header, all.slice(1));
  if (type === "sequenceDiagram") return parseSequence(all.slice(1));
  return { kind: "other", type };
}

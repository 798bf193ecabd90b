/**
 * The shapes a mermaid diagram is read into: flowcharts (groups, nodes, labelled edges) and
 * sequence diagrams (participants, messages, notes, blocks). Types only, shared by the reader
 * (mermaid_model.ts), its two parsers and the renderers, so none of them imports another's code.
 */
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

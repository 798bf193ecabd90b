import type { Participant, Sequence, SequenceStep } from "./mermaid_types.ts";
import { labelLines, MermaidSyntaxError, type Statement } from "./mermaid_source.ts";

const PARTICIPANT = /^(participant|actor)\s+(.+?)(?:\s+as\s+(.+))?$/;
const MESSAGE = /^(.+?)\s*(<<-->>|<<->>|--?>>|--?x|--?\)|--?>)\s*[+-]?\s*(.+?)\s*:(.*)$/;
const NOTE = /^note\s+(over|left of|right of)\s+([^:]+?)\s*:(.*)$/i;
const BLOCK = /^(loop|alt|else|opt|par|and|critical|option|break|rect|box)\b\s*(.*)$/;
const IGNORED = /^(autonumber|activate|deactivate|title|accTitle|accDescr|links?|create|destroy)\b/;

const text = (raw: string) => labelLines(raw).join(" / ");

/**
 * A sequence diagram's participants (declared, or met in a message) and its steps in order.
 * Pure; throws MermaidSyntaxError for a line it cannot read.
 */
export function parseSequence(body: Statement[]): Sequence {
  const participants: Participant[] = [];
  const steps: SequenceStep[] = [];
  const meet = (id: string, label = id) => {
    const known = participants.find((p) => p.id === id);
    if (!known) participants.push({ id, label });
    else if (label !== id) known.label = label;
    return id;
  };
  for (const st of body) {
    let m: RegExpExecArray | null;
    if (IGNORED.test(st.text)) continue;
    if ((m = PARTICIPANT.exec(st.text))) {
      const [, , id = "", label] = m;
      meet(id.trim(), label === undefined ? undefined : text(label));
    } else if ((m = NOTE.exec(st.text))) {
      const [, where = "", names = "", note = ""] = m;
      const of = names.split(",").map((p) => meet(p.trim()));
      const place = where.toLowerCase() as "over" | "left of" | "right of";
      steps.push({ kind: "note", place, of, text: text(note) });
    } else if (st.text === "end") {
      steps.push({ kind: "end" });
    } else if ((m = BLOCK.exec(st.text))) {
      const [, keyword = "", title = ""] = m;
      steps.push({ kind: "block", keyword, text: text(title) });
    } else if ((m = MESSAGE.exec(st.text))) {
      const [, source = "", arrow = "", target = "", message = ""] = m;
      const from = meet(source.trim());
      const to = meet(target.trim());
      steps.push({
        kind: "message",
        from,
        to,
        text: text(message),
        dashed: arrow.startsWith("--"),
      });
    } else {
      throw new MermaidSyntaxError(st.line, `cannot read "${st.text.slice(0, 40)}"`);
    }
  }
  return { kind: "sequence", participants, steps };
}

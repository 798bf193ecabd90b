/**
 * Every diagram of every notebook, as a terminal shows it at 80 and at 120 columns: the authored
 * ```mermaid blocks, the diagrams the recorded runs display, and every lab topology recorded.
 * A drawing must be faithful (each label whole; each node alone in a box inside its group's box
 * and no other; each edge label whole), an outline must hold every label under the right group,
 * a topology must show each interface in its namespace's box, each port under its bridge and
 * each veth pair's ends marked alike; nothing wider than the terminal, never the raw source.
 */
import assert from "node:assert/strict";
import { topologyToTerminal } from "../../lib/inspect/topology_terminal.ts";
import { parseMermaid } from "../../lib/render/mermaid_model.ts";
import type { Flowchart } from "../../lib/render/mermaid_types.ts";
import { mermaidToTerminal } from "../../lib/render/mermaid_terminal.ts";
import { topologyProblems } from "../inspect/topology_checks.ts";
import {
  artProblems,
  boxProblems,
  outlineProblems,
  sequenceProblems,
  tooWide,
} from "./diagram_checks.ts";
import { recordedDiagrams } from "./recorded_diagrams.ts";

const { mermaid, topologies } = await recordedDiagrams();
const WIDTHS = [80, 120];

Deno.test("the curriculum's diagrams were all found", () => {
  const authored = mermaid.filter((d) => /:\d+$/.test(d.where));
  assert.ok(authored.length >= 9, `only ${authored.length} authored diagrams found`);
  assert.ok(topologies.length >= 10, `only ${topologies.length} topologies found`);
  assert.ok(
    topologies.some((t) => t.where.endsWith("(replayed)")),
    "no topology came from a replayed run",
  );
});

/** A flowchart is drawn as art (nodes in boxes, lines) or as boxes of groups with marks. */
function drawnProblems(model: Flowchart, text: string): string[] {
  const art = artProblems(model, text);
  if (!art.length) return [];
  const boxes = boxProblems(model, text);
  return boxes.length
    ? [...art.map((p) => `as art: ${p}`), ...boxes.map((p) => `as boxes: ${p}`)]
    : [];
}

/**
 * The curriculum's diagrams (its ```mermaid blocks, what each notebook builds, and those its
 * cells display: a packet's path, kube-proxy's chains) are all drawn at 120 columns (and 160: a
 * wider terminal must not fall back on an outline either), not outlined.
 */
Deno.test("at 120 (and 160) columns every diagram of the curriculum is drawn", () => {
  const outlined = mermaid.flatMap((d) =>
    [120, 160].filter((width) => mermaidToTerminal(d.value, { width }).startsWith("┌ outline"))
      .map((width) => `${d.where} at ${width}`)
  );
  assert.deepEqual(outlined, []);
  // Displayed diagrams are among them: a traced path and the chains of the Services.
  assert.ok(
    mermaid.some((d) => d.where.endsWith("(replayed)") && /^sequenceDiagram/.test(d.value)),
  );
  assert.ok(mermaid.some((d) => d.where.endsWith("(replayed)") && /KUBE-SERVICES/.test(d.value)));
});

for (const width of WIDTHS) {
  Deno.test(`every mermaid diagram at ${width} columns: a faithful drawing or a full outline`, () => {
    const problems: string[] = [];
    for (const { where, value: source } of mermaid) {
      const text = mermaidToTerminal(source, { width });
      const model = parseMermaid(source);
      assert.notEqual(model.kind, "other", `${where}: a diagram type the terminal cannot show`);
      if (model.kind === "other") continue;
      const found = [
        ...tooWide(text, width),
        ...(/^\s*(subgraph|flowchart|graph|sequenceDiagram|participant)\b/m.test(text)
          ? ["the raw source"]
          : []),
        ...(text.startsWith("┌ outline")
          ? outlineProblems(model, text)
          : model.kind === "flowchart"
          ? drawnProblems(model, text)
          : sequenceProblems(model, text)),
      ];
      problems.push(...found.map((p) => `${where} at ${width}: ${p}\n${text}`));
    }
    assert.deepEqual(problems, []);
  });

  Deno.test(`every recorded lab topology at ${width} columns reads right`, () => {
    const problems: string[] = [];
    for (const { where, value: model } of topologies) {
      const text = topologyToTerminal(model, { width });
      const found = [...tooWide(text, width), ...topologyProblems(model, text)];
      problems.push(...found.map((p) => `${where} at ${width}: ${p}\n${text}`));
    }
    assert.deepEqual(problems, []);
  });
}

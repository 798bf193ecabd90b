/**
 * The faithfulness check follows each edge's line from its source's box: it must end in an
 * arrowhead into the target's box, and no line may lead into the arrowhead of a box its source
 * has no edge to (lines that join lead wherever either goes; at ┼ they cross). A drawing where an
 * edge visibly leads to the wrong node is rejected, and the terminal shows an outline instead.
 */
import assert from "node:assert/strict";
import { closeArtWorker } from "../../lib/render/mermaid_art.ts";
import { drawingProblems } from "../../lib/render/mermaid_faithful.ts";
import { parseMermaid } from "../../lib/render/mermaid_model.ts";
import { mermaidToTerminal } from "../../lib/render/mermaid_terminal.ts";
import type { Flowchart } from "../../lib/render/mermaid_types.ts";
import { renderMermaidASCII } from "../../lib/npm/beautiful_mermaid.ts";

const model = parseMermaid(`flowchart TB
  a["A"] -- "to b" --> b["B"]
  a -- "to c" --> c["C"]
  d["D"] --> c`) as Flowchart;

/** D's line crosses A's (┼) on its way to C. */
const CROSSING = `
            ┌───┐       ┌───┐
            │ A ├──to─c►│ C │
            └─┬─┘       └───┘
    ┌───┐     │           ▲
    │ D ├─────┼───────────┘
    └───┘    to b
              │
              ▼
            ┌───┐
            │ B │
            └───┘`.slice(1);

Deno.test("a drawing whose lines each lead to their edge's target passes", () => {
  assert.deepEqual(drawingProblems(model, CROSSING), []);
});

Deno.test("a line that joins another edge's line and leads into the wrong box is caught", () => {
  // D's line ends in A's (┤): it leads to B, and the line into C comes from nowhere.
  assert.deepEqual(drawingProblems(model, CROSSING.replace("┼", "┤")), [
    'the edge from "D" does not lead to "C"',
    'a line from "D" leads to "B", with no such edge',
  ]);
});

Deno.test("an edge whose arrowhead is gone, or points into another box, is caught", () => {
  assert.deepEqual(drawingProblems(model, CROSSING.replace("►│ C", "─┤ C")), [
    'the edge "to c" from "A" does not lead to "C"',
  ]);
  // D's line turns down into B's box, not up into C's.
  const intoB = `
            ┌───┐       ┌───┐
            │ A ├──to─c►│ C │
            └─┬─┘       └───┘
    ┌───┐     │
    │ D ├─────┼─────┐
    └───┘    to b   │
              │     │
              ▼     ▼
            ┌─────────┐
            │    B    │
            └─────────┘`.slice(1);
  assert.deepEqual(drawingProblems(model, intoB), [
    'the edge from "D" does not lead to "C"',
    'a line from "D" leads to "B", with no such edge',
  ]);
});

/** The Service chains of notebook 11, as lib/cell/kube_proxy_rules.ts wrote them in one diagram. */
const CHAINS_11 = `flowchart LR
  hooks["nat PREROUTING<br/>nat OUTPUT"] --> KUBE_SERVICES["KUBE-SERVICES"]
  KUBE_SERVICES -- "dst-type LOCAL" --> KUBE_NODEPORTS["KUBE-NODEPORTS"]
  KUBE_SERVICES -- "10.96.0.11:80" --> KUBE_SVC_CDGGSHYLG3RE2FKL["KUBE-SVC-CDGGSHYLG3RE2FKL<br/>default/web:http"]
  KUBE_SVC_CDGGSHYLG3RE2FKL -- "always" --> KUBE_SEP_ELX6N4Z5RGB67TLC["KUBE-SEP-ELX6N4Z5RGB67TLC<br/>DNAT 10.244.1.11:8080"]
  KUBE_SERVICES -- "10.96.0.12:80" --> KUBE_SVC_KKDGWRPDK6Z5NCHS["KUBE-SVC-KKDGWRPDK6Z5NCHS<br/>default/api:http"]
  KUBE_SVC_KKDGWRPDK6Z5NCHS -- "always" --> KUBE_SEP_DQRDLMS4NCELTZAV["KUBE-SEP-DQRDLMS4NCELTZAV<br/>DNAT 10.244.1.12:8080"]
  KUBE_SERVICES -- "10.96.0.10:80" --> KUBE_SVC_CG5I4G2RS3ZVWGLK["KUBE-SVC-CG5I4G2RS3ZVWGLK<br/>ingress-nginx/<br/>ingress-nginx-controller:http"]
  KUBE_EXT_CG5I4G2RS3ZVWGLK["KUBE-EXT-CG5I4G2RS3ZVWGLK"]
  KUBE_NODEPORTS -- "port 30080" --> KUBE_EXT_CG5I4G2RS3ZVWGLK
  KUBE_EXT_CG5I4G2RS3ZVWGLK -- "from pods, or the node itself" --> KUBE_SVC_CG5I4G2RS3ZVWGLK
  KUBE_EXT_CG5I4G2RS3ZVWGLK -- "the rest" --> KUBE_SVL_CG5I4G2RS3ZVWGLK["KUBE-SVL-CG5I4G2RS3ZVWGLK"]
  KUBE_SVC_CG5I4G2RS3ZVWGLK -- "always" --> KUBE_SEP_XIS6GBHCA73PQTZ2["KUBE-SEP-XIS6GBHCA73PQTZ2<br/>DNAT 10.244.1.10:80"]
  KUBE_SVL_CG5I4G2RS3ZVWGLK -- "always" --> KUBE_SEP_XIS6GBHCA73PQTZ2["KUBE-SEP-XIS6GBHCA73PQTZ2<br/>DNAT 10.244.1.10:80"]`;

Deno.test("11's Service chains in one diagram: the line from KUBE-EXT runs into KUBE-SEP's arrowhead", () => {
  // Drawn top to bottom, as a terminal of 120 columns tried it: KUBE-EXT's line to KUBE-SVC goes
  // up and joins KUBE-SVC's line down to KUBE-SEP; the arrowhead into KUBE-SVC is written over.
  const art = renderMermaidASCII(CHAINS_11.replace("flowchart LR", "flowchart TB"), {
    paddingX: 2,
    paddingY: 3,
    boxBorderPadding: 0,
    colorMode: "none",
  }).split("\n").map((l) => l.trimEnd()).join("\n");
  assert.match(art, /from─pods,─or─the node itself/);
  const problems = drawingProblems(parseMermaid(CHAINS_11) as Flowchart, art);
  assert.ok(
    problems.includes(
      'the edge "from pods, or the node itself" from "KUBE-EXT-CG5I4G2RS3ZVWGLK" does not lead to ' +
        '"KUBE-SVC-CG5I4G2RS3ZVWGLK ingress-nginx/ ingress-nginx-controller:http"',
    ),
    problems.join("\n"),
  );
  assert.ok(
    problems.includes(
      'a line from "KUBE-EXT-CG5I4G2RS3ZVWGLK" leads to "KUBE-SEP-XIS6GBHCA73PQTZ2 DNAT 10.244.1.10:80", with no such edge',
    ),
    problems.join("\n"),
  );
  // So the terminal writes it out rather than draw it wrong, however wide.
  for (const width of [120, 160]) {
    assert.match(mermaidToTerminal(CHAINS_11, { width }), /^┌ outline/);
  }
});

Deno.test({
  name: "(the diagram worker is stopped)",
  fn: () => closeArtWorker(),
  sanitizeResources: false,
  sanitizeOps: false,
});

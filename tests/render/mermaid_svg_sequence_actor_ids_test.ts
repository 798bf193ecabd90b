import assert from "node:assert/strict";
import { renumberSequenceActors } from "../../lib/render/mermaid_page/sequence_actor_ids.ts";

const sequence = (first: number) =>
  `<svg id="m" aria-roledescription="sequence"><g id="root-${first + 1}">` +
  `<line id="actor${first + 1}"/></g><g onclick="popupMenuToggle('actor${first}_popup')">` +
  `<line id="actor${first}"/><g id="actor${first}_popup"/></g><g id="root-${first}"/>` +
  `<text id="i0">msg</text></svg>`;

Deno.test("a sequence diagram's actors are numbered from 0, as in a fresh page", () => {
  assert.equal(renumberSequenceActors(sequence(7)), sequence(0));
  assert.equal(renumberSequenceActors(sequence(0)), sequence(0));
});

Deno.test("other diagrams are left as they are", () => {
  const flowchart = sequence(7).replace("sequence", "flowchart-v2");
  assert.equal(renumberSequenceActors(flowchart), flowchart);
  const text = '<svg aria-roledescription="sequence"><text>actor7_popup</text></svg>';
  assert.equal(renumberSequenceActors(text), text, "no actor ids: nothing to renumber");
});

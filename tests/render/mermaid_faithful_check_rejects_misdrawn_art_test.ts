import assert from "node:assert/strict";
import { drawingProblems } from "../../lib/render/mermaid_faithful.ts";
import { type Flowchart, parseMermaid } from "../../lib/render/mermaid_model.ts";

const model = parseMermaid(`flowchart LR
  subgraph g["group A"]
    a["alpha<br/>10.0.0.1"]
  end
  b["beta"]
  a -- "a link" --> b`) as Flowchart;

const GOOD = `
┌──────────────┐
│   group A    │
│ ┌──────────┐ │            ┌──────┐
│ │  alpha   ├─┼──a─link───►│ beta │
│ │ 10.0.0.1 │ │            └──────┘
│ └──────────┘ │
└──────────────┘`.slice(1);

const problems = (art: string) => drawingProblems(model, art);

Deno.test("a faithful drawing passes", () => {
  assert.deepEqual(problems(GOOD), []);
});

Deno.test("a node drawn in a group that does not hold it is caught", () => {
  const art = `
┌────────────────────────┐
│        group A         │
│ ┌──────────┐  ┌──────┐ │
│ │  alpha   ├─►│ beta │ │
│ │ 10.0.0.1 │  └──────┘ │
│ └──────────┘  a link   │
└────────────────────────┘`.slice(1);
  assert.deepEqual(problems(art), ['the node "beta" is drawn inside "group A"']);
});

Deno.test("a node drawn outside its group is caught", () => {
  const art = `
┌─────────┐
│ group A │
└─────────┘
┌──────────┐            ┌──────┐
│  alpha   ├───a─link──►│ beta │
│ 10.0.0.1 │            └──────┘
└──────────┘`.slice(1);
  assert.deepEqual(problems(art), ['the node "alpha 10.0.0.1" is drawn outside "group A"']);
});

Deno.test("a cut or missing label, in a node, a group or on an edge, is caught", () => {
  assert.deepEqual(problems(GOOD.replace("a─link", "a─lin─")), [
    'the label "a link" is cut, overwritten or missing',
  ]);
  assert.match(
    problems(GOOD.replace("10.0.0.1", "10.0.0  ")).join("\n"),
    /"alpha 10\.0\.0\.1" is not drawn whole/,
  );
  assert.match(
    problems(GOOD.replace("group A", "group   ")).join("\n"),
    /"group A" is not drawn whole/,
  );
});

Deno.test("text written over a box's border is caught", () => {
  // The edge label runs over the group's right border: the group's box is broken.
  const art = GOOD.replace("├─┼──a─link", "├─a─link───");
  assert.match(problems(art).join("\n"), /"group A" is not drawn whole/);
});

Deno.test("a box that stands for nothing (a group drawn as a node) is caught", () => {
  const art = GOOD.replace("┌──────┐\n", "┌──────┐  ┌───┐\n")
    .replace("│ beta │\n", "│ beta │  │ g │\n").replace("└──────┘\n", "└──────┘  └───┘\n");
  assert.deepEqual(problems(art), ['a box that is no node or group: "g"']);
});

Deno.test("an edge end with nothing drawn to it is caught", () => {
  const art = GOOD.replace("├─┼──a─link───►│", "│ │  a link    │");
  assert.deepEqual(problems(art), ['no edge is drawn to "a"', 'no edge is drawn to "b"']);
});

Deno.test("a sequence drawing must show each participant, message and note whole", () => {
  const seq = parseMermaid(`sequenceDiagram
  participant C as client
  participant S as server
  C->>S: hello
  Note over S: thinks`);
  if (seq.kind !== "sequence") throw new Error("not a sequence");
  const art = `
┌────────┐     ┌────────┐
│ client │     │ server │
└───┬────┘     └───┬────┘
    │    hello     │
    │─────────────►│
    │         ┌────────┐
    │         │ thinks │
    │         └────────┘
┌───┴────┐     ┌───┴────┐
│ client │     │ server │
└────────┘     └────────┘`.slice(1);
  assert.deepEqual(drawingProblems(seq, art), []);
  assert.deepEqual(drawingProblems(seq, art.replace("hello", "hell ")), [
    'the label "hello" is cut, overwritten or missing',
  ]);
  assert.deepEqual(drawingProblems(seq, art.replace("│ thinks │", "│ think  │")), [
    'the note "thinks" is not drawn whole',
    'a box that is no participant or note: "think"',
  ]);
});

Deno.test("a cylinder (a map, [( )]) drawn with rounded corners is a box of its own", () => {
  const map = parseMermaid(`flowchart LR
  s["services"] -- "daddr" --> m[("@service-ips")]`) as Flowchart;
  const art = `
┌──────────┐          ╭──────────────╮
│ services ├─daddr───►│ @service-ips │
└──────────┘          ╰──────────────╯`.slice(1);
  assert.deepEqual(drawingProblems(map, art), []);
  // Without its corners it is no box.
  assert.deepEqual(drawingProblems(map, art.replace("╭", "─")), [
    'the node "@service-ips" is not drawn whole in a box of its own',
  ]);
});

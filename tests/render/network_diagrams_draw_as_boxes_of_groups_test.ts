/**
 * A network diagram (namespaces holding interfaces, veth pairs, bridge ports, a tunnel) that
 * beautiful-mermaid cannot draw faithfully is drawn as boxes of groups, as the lab's topology is:
 * checked from the text outwards by boxProblems, which finds a misdrawn one.
 */
import assert from "node:assert/strict";
import { boxDrawing } from "../../lib/render/mermaid_boxes.ts";
import { parseMermaid } from "../../lib/render/mermaid_model.ts";
import type { Flowchart } from "../../lib/render/mermaid_types.ts";
import { boxProblems, tooWide } from "./diagram_checks.ts";

const VXLAN = `flowchart LR
  subgraph pod1["netns pod1"]
    p1["eth0<br/>10.244.1.2/24"]
  end
  subgraph node1["netns node1"]
    v1["veth-pod1"]
    c1["cni0<br/>10.244.1.1/24"]
    f1["flannel.1 (vxlan)<br/>10.244.1.0/32"]
  end
  subgraph node2["netns node2"]
    f2["flannel.1 (vxlan)<br/>10.244.2.0/32"]
  end
  p1 <-- "veth pair" --> v1
  v1 -- "port of" --> c1
  f1 -. "UDP 8472" .- f2`;

const model = parseMermaid(VXLAN) as Flowchart;

for (const width of [80, 120]) {
  Deno.test(`a network diagram at ${width} columns: boxes, ports under their bridge, marks`, () => {
    const drawing = boxDrawing(model, { width });
    assert.ok("art" in drawing, JSON.stringify(drawing));
    if (!("art" in drawing)) return;
    assert.deepEqual(tooWide(drawing.art, width), []);
    assert.deepEqual(boxProblems(model, drawing.art), []);
    assert.match(drawing.art, /└─ veth-pod1 +═1═ eth0/);
    assert.match(drawing.art, /┄2┄ UDP 8472/);
  });
}

Deno.test("the check finds a port drawn outside its box, and a mark on one end only", () => {
  const drawing = boxDrawing(model, { width: 120 });
  if (!("art" in drawing)) throw new Error("not drawn");
  const moved = drawing.art.replace("└─ veth-pod1", "└─ vethXpod1").replace(
    /═1═ veth-pod1/,
    "═7═ veth-pod1",
  );
  const problems = boxProblems(model, moved);
  assert.ok(problems.some((p) => p.includes("veth-pod1")), problems.join("\n"));
  assert.ok(problems.some((p) => p.includes('no mark joins "p1" and "v1"')), problems.join("\n"));
});

import assert from "node:assert/strict";
import { MermaidSyntaxError, parseMermaid } from "../../lib/render/mermaid_model.ts";
import { PING, VETH_PAIR } from "./diagrams.ts";

function flowchart(source: string) {
  const model = parseMermaid(source);
  assert.equal(model.kind, "flowchart");
  return model as Extract<typeof model, { kind: "flowchart" }>;
}

Deno.test("a flowchart's groups, nodes with their label lines, and labelled edges", () => {
  const m = flowchart(VETH_PAIR);
  assert.equal(m.direction, "LR");
  assert.deepEqual(m.groups.map((g) => [g.id, g.label]), [
    ["client", "netns client"],
    ["server", "netns server"],
  ]);
  assert.deepEqual(m.nodes.map((n) => [n.id, n.lines, n.group]), [
    ["c0", ["veth-client", "10.0.0.11/24"], "client"],
    ["s0", ["veth-server", "10.0.0.12/24"], "server"],
  ]);
  assert.deepEqual(m.edges, [
    { from: "c0", to: "s0", label: "veth pair", arrow: "both", style: "solid" },
  ]);
});

Deno.test("every link form the notebooks write, chains and & included", () => {
  const m = flowchart(`graph TD
    %% a comment
    a["A"] -- "text link" --> b(B)
    b -->|piped| c{C}; c --- d
    d -.-> e
    e ==> f & g
    h <-- "both ways" --> i --> j
    classDef hot fill:#f00
    class a hot`);
  assert.equal(m.direction, "TB");
  const edges = m.edges.map((e) =>
    `${e.from}${e.arrow === "both" ? "<" : ""}-${e.style}-${e.arrow === "none" ? "" : ">"}${e.to}${
      e.label ? `:${e.label}` : ""
    }`
  );
  assert.deepEqual(edges, [
    "a-solid->b:text link",
    "b-solid->c:piped",
    "c-solid-d",
    "d-dotted->e",
    "e-thick->f",
    "e-thick->g",
    "h<-solid->i:both ways",
    "i-solid->j",
  ]);
  assert.deepEqual(m.nodes.find((n) => n.id === "c")?.lines, ["C"]);
  assert.deepEqual(m.nodes.find((n) => n.id === "j")?.lines, ["j"], "an id alone is its own label");
});

Deno.test("a node belongs to the innermost group that mentions it, as mermaid decides", () => {
  const m = flowchart(`flowchart LR
    outside["declared outside"]
    subgraph outer["Outer"]
      subgraph inner["Inner"]
        x["in inner"]
      end
      y["in outer"]
      x --- outside
    end
    z --> y`);
  const group = Object.fromEntries(m.nodes.map((n) => [n.id, n.group]));
  assert.deepEqual(group, { outside: "outer", x: "inner", y: "outer", z: undefined });
  assert.equal(m.groups.find((g) => g.id === "inner")?.parent, "outer");
});

Deno.test("a group used as an edge end stays a group, not a node", () => {
  const m = flowchart(`flowchart LR
    subgraph n2["node 2"]
      p["pod"]
    end
    n2 -- "to the pod" --> p`);
  assert.deepEqual(m.nodes.map((n) => n.id), ["p"]);
  assert.deepEqual(m.edges.map((e) => [e.from, e.to]), [["n2", "p"]]);
});

Deno.test("labels: quotes, <br/>, tags and entities as a reader sees them", () => {
  const m = flowchart(`flowchart LR
    a["<b>bold</b> #quot;quoted#quot;<br/>second &amp; last"]`);
  assert.deepEqual(m.nodes[0]?.lines, ['bold "quoted"', "second & last"]);
});

Deno.test("a sequence diagram's participants, messages, notes and blocks", () => {
  const m = parseMermaid(`${PING}
  Note over C,S: both ends
  loop every second
    C->>S: again
  end`);
  assert.equal(m.kind, "sequence");
  if (m.kind !== "sequence") return;
  assert.deepEqual(m.participants, [{ id: "C", label: "client" }, { id: "S", label: "server" }]);
  assert.deepEqual(m.steps, [
    { kind: "message", from: "C", to: "S", text: "ICMP echo request", dashed: false },
    { kind: "message", from: "S", to: "C", text: "ICMP echo reply", dashed: true },
    { kind: "note", place: "over", of: ["C", "S"], text: "both ends" },
    { kind: "block", keyword: "loop", text: "every second" },
    { kind: "message", from: "C", to: "S", text: "again", dashed: false },
    { kind: "end" },
  ]);
});

Deno.test("what it cannot read whole is an error naming the line, never a diagram with holes", () => {
  const cases: [string, number][] = [
    ["flowchart LR\n  client --> server[eth0", 2],
    ['flowchart LR\n  a["unclosed] --> b', 2],
    ["flowchart LR\n  a --> b\n  end", 3],
    ["flowchart LR\n  subgraph g\n  a", 3],
    ["flowchart LR\n  a -->", 2],
    ["flowchart XY\n  a --> b", 1],
    ["sequenceDiagram\n  this is not a message", 2],
    ["", 1],
  ];
  for (const [source, line] of cases) {
    assert.throws(() => parseMermaid(source), (e: unknown) => {
      assert.ok(e instanceof MermaidSyntaxError, String(e));
      assert.equal(e.line, line, `${JSON.stringify(source)}: ${e.message}`);
      return true;
    });
  }
});

Deno.test("another diagram type is named, not read", () => {
  assert.deepEqual(parseMermaid('pie title Packets\n  "TCP" : 386'), {
    kind: "other",
    type: "pie",
  });
});

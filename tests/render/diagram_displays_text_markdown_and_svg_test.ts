import assert from "node:assert/strict";
import { Diagram } from "../../lib/render/diagram.ts";
import { DISPLAY, toBundle } from "../../lib/render/mime.ts";
import { mermaidText } from "../../lib/render/mermaid_text.ts";
import { outputToTerminal } from "../../lib/cli/terminal_output.ts";
import { makeStyle } from "../../lib/render/style.ts";
import { mermaidToTerminal } from "../../lib/render/mermaid_terminal.ts";
import { PIE, VETH_PAIR } from "./diagrams.ts";
import { mimeText } from "../mime_texts.ts";

Deno.test("a diagram displays as an outline and a mermaid Markdown block", () => {
  const bundle = new Diagram(VETH_PAIR + "\n")[DISPLAY]();
  assert.deepEqual(Object.keys(bundle).sort(), ["text/markdown", "text/plain"]);
  assert.equal(bundle["text/markdown"], "```mermaid\n" + VETH_PAIR + "\n```");
  // The notebook process never loads the drawing engine: the terminal draws from the source.
  assert.equal(bundle["text/plain"], mermaidText(VETH_PAIR));
  assert.match(bundle["text/plain"], /^┌ outline of a diagram \(a terminal draws it/);
  assert.ok(bundle["text/plain"].includes("veth-client"));
});

Deno.test("the terminal draws a diagram's art from its mermaid source", () => {
  const art = outputToTerminal(
    { type: "display", bundle: new Diagram(VETH_PAIR)[DISPLAY]() },
    makeStyle(false),
    100,
  );
  assert.equal(art, mermaidToTerminal(VETH_PAIR));
  assert.doesNotMatch(art, /outline of a diagram/);
});

Deno.test("a diagram it cannot draw still displays: a note as text, the source as Markdown", () => {
  const bundle = toBundle(new Diagram(PIE));
  assert.match(mimeText(bundle), /pie diagram: the HTML export has the drawing/);
  assert.ok(!mimeText(bundle).includes('"TCP" : 386'), "never the raw source as text");
  assert.equal(bundle["text/markdown"], "```mermaid\n" + PIE + "\n```");
});

Deno.test("the terminal text can be laid out for another width", () => {
  const d = new Diagram(VETH_PAIR, { width: 100 });
  assert.equal(d.toText(19), mermaidText(VETH_PAIR, { width: 19 }));
  assert.notEqual(d.toText(19), d.toText());
});

Deno.test("an SVG given or attached joins the bundle", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>client</text></svg>';
  assert.equal(new Diagram(VETH_PAIR, { svg })[DISPLAY]()["image/svg+xml"], svg);
  const d = new Diagram(VETH_PAIR);
  assert.equal(d[DISPLAY]()["image/svg+xml"], undefined);
  assert.equal(d.attachSvg(svg), d);
  assert.equal(d[DISPLAY]()["image/svg+xml"], svg);
});

Deno.test("display is pure: the same bundle every time", () => {
  const d = new Diagram(VETH_PAIR);
  assert.deepEqual(d[DISPLAY](), d[DISPLAY]());
});

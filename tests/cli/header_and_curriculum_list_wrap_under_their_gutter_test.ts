import assert from "node:assert/strict";
import { curriculumEntry } from "../../lib/cli/curriculum_entry.ts";
import { modeLine, notebookIntro } from "../../lib/cli/notebook_intro.ts";
import { parseNotebook } from "../../lib/notebook/parse.ts";
import { makeStyle } from "../../lib/render/style.ts";
import { tooWide } from "../render/diagram_checks.ts";

const style = makeStyle(false);
const meta = parseNotebook(
  `---
title: "Out to the internet: egress with MASQUERADE"
summary: Send a pod's request from behind the node's bridge to a server on "the internet", watch it fail twice, and fix it with one MASQUERADE rule.
objectives:
  - See that a node must forward packets (net.ipv4.ip_forward) before a pod can reach anything beyond it
---
`,
  "notebooks/04-egress-nat.md",
).meta;

Deno.test("a curriculum entry wraps its summary under a two-space gutter, words whole", () => {
  const text = curriculumEntry(meta, "notebooks/04-egress-nat.md", { width: 50, style });
  const [title, ...rest] = text.split("\n");
  assert.equal(title, "Out to the internet: egress with MASQUERADE");
  assert.deepEqual(tooWide(text, 50), []);
  assert.ok(rest.every((l) => l.startsWith("  ")), text);
  assert.equal(rest.at(-1), "  deno task notebook notebooks/04-egress-nat.md");
  const summary = rest.slice(0, -1).map((l) => l.trim()).join(" ");
  assert.equal(summary, meta.summary);
});

Deno.test("the header: title, wrapped summary, then the objectives as bullets", () => {
  const text = notebookIntro(meta, { width: 50, style });
  assert.deepEqual(tooWide(text, 50), []);
  const lines = text.split("\n");
  assert.equal(lines[0], meta.title);
  const you = lines.indexOf("You will:");
  assert.ok(you > 1, text);
  assert.match(lines[you + 1] ?? "", /^ {2}• See that a node must forward packets/);
  assert.ok(lines.slice(you + 2).every((l) => l.startsWith("    ")), text);
});

Deno.test("the mode line wraps under its own text", () => {
  const text = modeLine(
    "replay",
    "this machine cannot run the lab (no user namespaces): answers come from the recording",
    { width: 40, style },
  );
  assert.deepEqual(tooWide(text, 40), []);
  assert.ok(text.split("\n").slice(1).every((l) => l.startsWith("      ")), text);
});

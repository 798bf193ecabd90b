import type { Cell } from "../notebook/model.ts";
import type { Output } from "../execute/results.ts";
import type { Style } from "../render/style.ts";
import { transcriptBundle } from "../render/transcript.ts";

/** A cell's code as the terminal shows it: a rule naming the cell and its line, then the code. */
export function cellToTerminal(cell: Cell, path: string, s: Style): string {
  const flags = [
    cell.options.skip && "skip",
    cell.options.expectError && "expect-error",
    cell.options.requires.length && `requires ${cell.options.requires.join(",")}`,
  ].filter(Boolean).join(", ");
  const head = s.dim(`── ${cell.id} · ${path}:${cell.line}${flags ? ` · ${flags}` : ""} ──`);
  const code = cell.code.replace(/\n$/, "").split("\n").map((l) => s.dim("│ ") + l).join("\n");
  return `${head}\n${code}`;
}

/** One output in the terminal: the text/plain of its MIME bundle, the prompt picked out. */
export function outputToTerminal(output: Output, s: Style): string {
  switch (output.type) {
    case "command": {
      const t = output.transcript;
      const lines = transcriptBundle(t)["text/plain"].split("\n");
      lines[0] = s.green("$ ") + s.bold(lines[0].slice(2));
      if (t.code !== 0) lines.push((t.expected ? s.yellow : s.red)(lines.pop()!));
      return lines.join("\n");
    }
    case "display":
      return output.bundle["text/plain"] ?? Object.values(output.bundle)[0] ?? "";
    case "stream":
      return output.name === "stderr"
        ? s.yellow(output.text.replace(/\n$/, ""))
        : output.text.replace(/\n$/, "");
  }
}

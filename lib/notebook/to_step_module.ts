import { parse } from "../npm/babel_parser.ts";
import type { Notebook } from "./model.ts";
import { steered, STEP_CLOSE, toModule } from "./to_module.ts";

// The few node shapes read here (Babel's AST, ESTree-like).
interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** The names a binding pattern declares: `x`, `{ a, b: c, ...d }`, `[e, , f = 1]`. */
function patternNames(node: Node | null | undefined, out: string[]): void {
  if (!node) return;
  switch (node.type) {
    case "Identifier":
      out.push(node.name as string);
      break;
    case "ObjectPattern":
      for (const p of node.properties as Node[]) {
        patternNames(p.type === "RestElement" ? p.argument as Node : p.value as Node, out);
      }
      break;
    case "ArrayPattern":
      for (const e of node.elements as (Node | null)[]) patternNames(e, out);
      break;
    case "AssignmentPattern":
      patternNames(node.left as Node, out);
      break;
    case "RestElement":
      patternNames(node.argument as Node, out);
      break;
  }
}

/** What a cell declares at its top level, and its import statements (by source range). */
export interface CellDeclarations {
  names: string[];
  imports: { start: number; end: number }[];
}

/**
 * The names a cell's code declares at its top level (const, let, var, function, class, enum),
 * and where its imports are; undefined when the code does not parse (the run reports that).
 */
export function cellDeclarations(code: string): CellDeclarations | undefined {
  let body: Node[];
  try {
    const ast = parse(
      code,
      {
        sourceType: "module",
        plugins: ["typescript"],
        allowAwaitOutsideFunction: true,
        errorRecovery: false,
      } as Parameters<typeof parse>[1],
    );
    body = (ast as unknown as { program: { body: Node[] } }).program.body;
  } catch {
    return undefined;
  }
  const names: string[] = [];
  const imports: CellDeclarations["imports"] = [];
  for (const node of body) {
    switch (node.type) {
      case "VariableDeclaration":
        for (const d of node.declarations as Node[]) patternNames(d.id as Node, names);
        break;
      case "FunctionDeclaration":
      case "ClassDeclaration":
      case "TSEnumDeclaration":
        if (node.id) names.push((node.id as Node).name as string);
        break;
      case "ImportDeclaration":
        if (node.importKind !== "type") imports.push({ start: node.start, end: node.end });
        break;
    }
  }
  return { names: [...new Set(names)], imports };
}

/**
 * The module of a run that can skip any cell (step mode): each cell waits at a gate and runs
 * in a block of its own; what it declares at its top level is declared once for the whole
 * module (line 1) and handed out when the cell ends, so later cells see it as in a plain run.
 * A skipped cell's declarations are stand-ins that, when used, say which cell was skipped.
 * Every line keeps its Markdown line number, as in toModule. Pure.
 */
export function toStepModule(
  notebook: Notebook,
  header: string,
  key: (fence: number) => string = () => '""',
): string {
  const lines = toModule(notebook, header, key, { step: true }).split("\n");
  const hoisted: string[] = [];
  const moved: string[] = [];
  for (const cell of notebook.cells) {
    if (!steered(cell)) continue;
    const id = JSON.stringify(cell.id);
    // toModule wrote `if (gate) { ...` on the first line and `... } export {};` on the last.
    const last = lines[cell.endLine - 1];
    if (last === undefined) {
      throw new Error(`the step module of ${notebook.path} ends before cell ${cell.id} does`);
    }
    const close = last.slice(0, -STEP_CLOSE.length);
    // A guarded cell's declarations stay inside it, and an answer cell's code is a function.
    const guarded = cell.options.requires.length > 0 || cell.options.role?.kind === "answer";
    const decl = guarded ? { names: [], imports: [] } : cellDeclarations(cell.code);
    // Code that does not parse is left as it is: the run reports its error at its line.
    if (!decl) continue;
    // Imports belong at the top of a module; line 1 holds them (their order does not matter).
    for (const { start, end } of decl.imports.reverse()) {
      const before = cell.code.slice(0, start).split("\n").length - 1;
      const text = cell.code.slice(start, end);
      moved.push(text.replaceAll("\n", " "));
      const first = cell.line + before;
      const [head = "", ...rest] = text.split("\n");
      lines[first] = (lines[first] ?? "").replace(head, "");
      rest.forEach((_, i) => lines[first + 1 + i] = "");
    }
    const setter = `__nb_set_${cell.index}`;
    const names = decl.names;
    if (names.length) {
      hoisted.push(
        `let ${names.join(", ")}; const ${setter} = (__v: any[]) => { [${
          names.join(", ")
        }] = __v; };`,
      );
    }
    if (names.length) {
      lines[cell.endLine - 1] = `${close} ${setter}([${names.join(", ")}]); } else { ${setter}(` +
        `__nb.skipped(${JSON.stringify(names)}, ${id})); } export {};`;
    }
  }
  lines[0] = [lines[0], ...moved, ...hoisted].join(" ");
  return lines.join("\n");
}

import { escapeHtml, type MimeBundle } from "../render/mime.ts";
import { type LayoutBlock, tableLayoutEntry } from "../render/table_layout.ts";

/** One row of a table: its cells, and optionally a class (HTML) and a marker (terminal). */
export interface TableRow {
  cells: string[];
  /** Class for the row's <tr>, e.g. "nb-chosen". */
  className?: string;
  /** Shown at the start of the row in text/plain, e.g. "→". */
  marker?: string;
}

/** What to render: columns, rows, and the lines to show around them. */
export interface TableSpec {
  /** Extra class for <table>, after "nb-table", e.g. "nb-routes". */
  className: string;
  head: string[];
  rows: TableRow[];
  /** Columns to right-align (numbers). */
  right?: number[];
  /** Columns left out when every row leaves them empty (e.g. VLAN on a bridge without VLANs). */
  optional?: number[];
  /** A title above the table (text) or its <caption> (HTML). */
  caption?: string;
  /** Lines under the table, e.g. which route a destination takes. */
  notes?: string[];
  /** What to say instead of an empty table. */
  empty?: string;
}

/** Pads the cells of each row into aligned columns, two spaces apart. Pure. */
export function alignColumns(rows: string[][], right: number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => widths[i] = Math.max(widths[i] ?? 0, c.length));
  return rows.map((row) =>
    row.map((c, i) => right.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))
      .join("  ").trimEnd()
  );
}

function textTable(spec: TableSpec): string {
  const lines: string[] = spec.caption ? [spec.caption] : [];
  if (spec.rows.length === 0) {
    lines.push(spec.empty ?? "(empty)");
  } else {
    const marked = spec.rows.some((r) => r.marker);
    const aligned = alignColumns([spec.head, ...spec.rows.map((r) => r.cells)], spec.right);
    aligned.forEach((line, i) => {
      const marker = spec.rows[i - 1]?.marker ?? ""; // the head (i = 0) has none
      lines.push(marked ? `${marker.padEnd(1)} ${line}`.trimEnd() : line);
    });
  }
  return [...lines, ...(spec.notes ?? [])].join("\n");
}

/** The HTML table alone (for models that show several, such as iptables chains). */
export function htmlTable(spec: TableSpec): string {
  const right = spec.right ?? [];
  // Aligned inline too, as a terminal shows them: Jupyter's own stylesheet right-aligns cells.
  const cell = (tag: string, text: string, i: number) =>
    `<${tag}${
      right.includes(i) ? ' class="nb-num" style="text-align:right"' : ' style="text-align:left"'
    }>${escapeHtml(text)}</${tag}>`;
  const rows = spec.rows.length
    ? spec.rows.map((r) =>
      `<tr${r.className ? ` class="${escapeHtml(r.className)}"` : ""}>${
        r.cells.map((c, i) => cell("td", c, i)).join("")
      }</tr>`
    )
    : [
      `<tr class="nb-empty"><td colspan="${spec.head.length}">${
        escapeHtml(spec.empty ?? "(empty)")
      }</td></tr>`,
    ];
  return [
    `<table class="nb-table ${escapeHtml(spec.className)}" style="font-family:monospace">`,
    ...(spec.caption ? [`<caption>${escapeHtml(spec.caption)}</caption>`] : []),
    `<thead><tr>${spec.head.map((h, i) => cell("th", h, i)).join("")}</tr></thead>`,
    "<tbody>",
    ...rows,
    "</tbody>",
    "</table>",
  ].join("\n");
}

function withoutEmptyColumns(spec: TableSpec): TableSpec {
  const drop = (spec.optional ?? []).filter((i) => spec.rows.every((r) => !r.cells[i]));
  if (!drop.length) return spec;
  const keep = (_: unknown, i: number) => !drop.includes(i);
  const moved = (i: number) => i - drop.filter((d) => d < i).length;
  return {
    ...spec,
    head: spec.head.filter(keep),
    rows: spec.rows.map((r) => ({ ...r, cells: r.cells.filter(keep) })),
    right: spec.right?.filter((i) => !drop.includes(i)).map(moved),
    optional: [],
  };
}

function htmlNotes(notes: string[] = []): string {
  return notes.map((n) => `\n<p class="nb-note">${escapeHtml(n.trim())}</p>`).join("");
}

/** The table as blocks a terminal lays out at its own width (see table_layout.ts). */
export function layoutBlocks(spec: TableSpec): LayoutBlock[] {
  const blocks: LayoutBlock[] = spec.caption ? [{ text: spec.caption }] : [];
  if (spec.rows.length === 0) blocks.push({ text: spec.empty ?? "(empty)" });
  else {
    const marked = spec.rows.some((r) => r.marker);
    const shift = marked ? 1 : 0;
    blocks.push({
      table: {
        head: marked ? ["", ...spec.head] : spec.head,
        rows: spec.rows.map((r) => marked ? [r.marker ?? "", ...r.cells] : r.cells),
        right: (spec.right ?? []).map((i) => i + shift),
      },
    });
  }
  if (spec.notes?.length) blocks.push({ text: spec.notes.join("\n") });
  return blocks;
}

/**
 * Renders a table for both a terminal (aligned columns, marked rows, notes under it) and HTML
 * (`<table class="nb-table ...">`, row classes, notes as paragraphs). Pure and deterministic.
 */
export function renderTable(spec: TableSpec): MimeBundle {
  spec = withoutEmptyColumns(spec);
  return {
    "text/plain": textTable(spec),
    "text/html": htmlTable(spec) + htmlNotes(spec.notes),
    ...tableLayoutEntry(layoutBlocks(spec)),
  };
}

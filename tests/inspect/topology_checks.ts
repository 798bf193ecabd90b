/**
 * What a reader must be able to read off a terminal drawing of the lab, checked from the text:
 * each interface inside its own namespace's box, each bridge port under its bridge, and the two
 * ends of each veth pair marked with the same number, each naming the other.
 */
import { stripVTControlCharacters } from "node:util";
import type { TopologyModel } from "../../lib/inspect/topology_model.ts";

const where = (ns?: string) => ns === undefined ? "lab host" : `netns ${ns}`;

/** The content rows of the box titled `title` ("┌─ netns web ──┐"), or undefined. */
function boxRows(lines: string[][], title: string): string[] | undefined {
  for (const [r, line] of lines.entries()) {
    const text = line.join("");
    const at = text.indexOf(`┌─ ${title} `);
    if (at < 0) continue;
    const left = [...text.slice(0, at)].length;
    const corner = text.indexOf("┐", at);
    if (corner < 0) return undefined;
    const right = [...text.slice(0, corner)].length;
    const rows: string[] = [];
    for (const below of lines.slice(r + 1)) {
      if (below[left] === "└" && below[right] === "┘") return rows;
      if (below[left] !== "│" || below[right] !== "│") return undefined;
      rows.push(below.slice(left + 1, right).join("").trimEnd());
    }
  }
  return undefined;
}

const interfaceAt = (row: string) => row.replace(/^ [├└]─ /, "").replace(/^ /, "");

/** What is wrong in a drawing of `model`; empty when a reader can read it all. */
export function topologyProblems(model: TopologyModel, drawn: string): string[] {
  const lines = stripVTControlCharacters(drawn).split("\n").map((l) => [...l]);
  const problems: string[] = [];
  const pairOf = new Map<string, string>();
  for (const space of model.namespaces) {
    if (space.ns === undefined && !space.links.length) continue;
    const rows = boxRows(lines, where(space.ns));
    if (!rows) {
      problems.push(`no box for ${where(space.ns)}`);
      continue;
    }
    for (const link of space.links) {
      const i = rows.findIndex((r) => {
        const text = interfaceAt(r);
        return text === link.name || text.startsWith(`${link.name} `);
      });
      if (i < 0) {
        problems.push(`${link.name} is not in the box of ${where(space.ns)}`);
        continue;
      }
      // Its lines: this one and the continuations under it (indented deeper, no tree mark).
      let end = i + 1;
      while (end < rows.length && /^ (?:[│ ] {2})? {2}/.test(rows[end] ?? "")) end++;
      const own = rows.slice(i, end).map((r) => r.replace(/^ [│├└]─? ?/, "")).join(" ")
        .replace(/\s+/g, " ");
      if (link.bridge) {
        let up = i - 1;
        while (up >= 0 && /^ (?:[├└│]| {2})/.test(rows[up] ?? "")) up--;
        const port = rows[i] ?? "", bridge = rows[up] ?? "";
        if (!/^ [├└]─ /.test(port) || up < 0 || !interfaceAt(bridge).startsWith(link.bridge)) {
          problems.push(`${link.name} is not listed as a port under ${link.bridge}`);
        }
      }
      if (link.peer) {
        const m = new RegExp(`═(\\d+)═ ${link.peer.name} in ${where(link.peer.ns)}(?:\\s|$)`)
          .exec(own);
        const [, number] = m ?? [];
        if (number === undefined) {
          problems.push(`${link.name} does not name its peer ${link.peer.name}`);
        } else pairOf.set(`${space.ns ?? ""}/${link.name}`, number);
      }
    }
  }
  const numbers = new Map<string, string>();
  for (const space of model.namespaces) {
    for (const link of space.links) {
      if (!link.peer) continue;
      const mine = pairOf.get(`${space.ns ?? ""}/${link.name}`);
      const theirs = pairOf.get(`${link.peer.ns ?? ""}/${link.peer.name}`);
      if (mine === undefined || theirs === undefined) continue;
      if (mine !== theirs) {
        problems.push(`${link.name} and ${link.peer.name} carry ${mine} and ${theirs}`);
      }
      const pair = [`${space.ns}/${link.name}`, `${link.peer.ns}/${link.peer.name}`].sort().join(
        " ",
      );
      if (numbers.has(mine) && numbers.get(mine) !== pair) {
        problems.push(`pair number ${mine} is used twice`);
      }
      numbers.set(mine, pair);
    }
  }
  return problems;
}

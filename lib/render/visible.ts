/**
 * Control characters (C0 but tab and newline, DEL, C1): what a terminal acts on rather than
 * shows. ESC starts the sequences that set the clipboard (OSC 52), the title (OSC 0), clear the
 * screen (CSI 2J) or colour what follows; BEL rings; CR and BS write over what was shown.
 */
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** One control character as text: caret notation (`^[`, `^G`, `^?`), or `<9b>` for C1. */
function shownAs(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return "^?";
  return `<${code.toString(16)}>`;
}

/**
 * Text from a notebook, a command or a recording, as a terminal must show it: every control
 * character in it made visible (`ESC ] 52 ;` prints as `^[]52;`), so that what a notebook
 * prints stays text and never acts on the reader's terminal. Line ends written `\r\n` stay line
 * ends. Colours netbook adds come after this, and stay. Pure.
 */
export function visible(text: string): string {
  return text.replaceAll("\r\n", "\n").replace(CONTROL, shownAs);
}

/** visible() applied to every string of a value made of plain objects and arrays. Pure. */
export function visibleDeep<T>(value: T): T {
  if (typeof value === "string") return visible(value) as T;
  if (Array.isArray(value)) return value.map(visibleDeep) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, visibleDeep(v)]),
    ) as T;
  }
  return value;
}

/** What netbook itself writes to a terminal: colours (SGR), and the spinner's line clearing. */
// deno-lint-ignore no-control-regex
const OWN = /\x1b\[[0-9;]*m|\r\x1b\[K/y;

/**
 * The last guard before the terminal: netbook's own colour sequences and the spinner's line
 * clearing pass, and any other control character is made visible, whatever forgot visible().
 * Pure.
 */
export function terminalSafe(text: string): string {
  let out = "";
  let i = 0;
  for (const m of text.matchAll(CONTROL)) {
    if (m.index < i) continue;
    out += text.slice(i, m.index);
    OWN.lastIndex = m.index;
    const own = OWN.exec(text);
    out += own ? own[0] : shownAs(m[0]);
    i = m.index + (own ? own[0].length : 1);
  }
  return out + text.slice(i);
}

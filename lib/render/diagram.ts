import { DISPLAY, type MimeBundle } from "./mime.ts";
import { mermaidText } from "./mermaid_text.ts";

export interface DiagramOptions {
  /** An SVG already rendered for this source (see MermaidRenderer). */
  svg?: string;
  /** Columns for the terminal text. Default 100. */
  width?: number;
}

/**
 * A mermaid diagram: authored in a notebook or generated (e.g. a packet's path). It displays as
 * terminal text, as a ```` ```mermaid ```` Markdown block (which JupyterLab draws), and as SVG once
 * one has been rendered for it. Display is synchronous and pure: it never starts a browser.
 */
export class Diagram {
  /** The mermaid source, without trailing newlines. */
  readonly source: string;
  #svg: string | undefined;
  #width: number;

  /** A diagram of `source`; `options.svg` is an SVG already drawn for it. */
  constructor(source: string, options: DiagramOptions = {}) {
    this.source = source.replace(/\n+$/, "");
    this.#svg = options.svg;
    this.#width = options.width ?? 100;
  }

  /** The SVG rendered for this diagram, if any. */
  get svg(): string | undefined {
    return this.#svg;
  }

  /** Columns the terminal text is laid out for. */
  get width(): number {
    return this.#width;
  }

  /** Attaches an SVG rendered for this source; later displays include it. */
  attachSvg(svg: string): this {
    this.#svg = svg;
    return this;
  }

  /**
   * Plain text: an outline of the diagram. (A terminal draws it from the mermaid source, at its
   * own width: see lib/cli/terminal_output.ts; the drawing engine stays out of the notebook
   * process.)
   */
  toText(width: number = this.#width): string {
    return mermaidText(this.source, { width });
  }

  /** The MIME bundle [DISPLAY] returns; subclasses add their own types. */
  protected bundle(): MimeBundle {
    const bundle: MimeBundle = {
      "text/plain": this.toText(),
      "text/markdown": "```mermaid\n" + this.source + "\n```",
    };
    if (this.#svg !== undefined) bundle["image/svg+xml"] = this.#svg;
    return bundle;
  }

  /** How `show` and Jupyter display it: see `bundle()`. */
  [DISPLAY](): MimeBundle {
    return this.bundle();
  }
}

import { mermaidSource } from "../export/output_bundle.ts";
import { MermaidRenderer } from "../render/mermaid_svg.ts";
import type { MimeBundle } from "../render/mime.ts";
import type { SessionOutput } from "./session_output.ts";

/**
 * Outputs whose diagrams carry an SVG, as an exported notebook's do, so that a notebook run again
 * in Jupyter keeps them (nbconvert, classic Notebook and VS Code show SVG, not mermaid source):
 * each diagram is drawn by `renderer` (cached in the user's cache, so a diagram the export drew
 * is not drawn again) and shown as SVG, its Markdown left out. Outputs keep their order. Where
 * no SVG can be drawn (no Chromium), the diagram stays as mermaid (JupyterLab draws it), and the
 * reason is said once, on standard error.
 */
export function withDiagramSvgs(
  output: SessionOutput,
  renderer: Pick<MermaidRenderer, "render" | "close"> = new MermaidRenderer(),
): SessionOutput {
  let queue: Promise<void> = Promise.resolve();
  let pending = 0;
  let failed: string | undefined;
  const needsDrawing = (bundle: MimeBundle) =>
    mermaidSource(bundle) !== undefined && !bundle["image/svg+xml"] && !bundle["text/html"] &&
    !failed;
  const draw = async (bundle: MimeBundle): Promise<MimeBundle> => {
    const source = mermaidSource(bundle);
    if (source === undefined || bundle["image/svg+xml"] || bundle["text/html"] || failed) {
      return bundle;
    }
    try {
      const svg = await renderer.render(source);
      const { "text/markdown": _, ...rest } = bundle;
      return { ...rest, "image/svg+xml": svg };
    } catch (error) {
      failed = error instanceof Error ? error.message : String(error);
      console.warn(`netbook: diagrams stay as mermaid source (JupyterLab draws them): ${failed}`);
      return bundle;
    }
  };
  return {
    show(bundle) {
      // Nothing to draw and nothing waiting: sent at once, in order with what the cell prints.
      if (!pending && !needsDrawing(bundle)) return output.show(bundle);
      pending++;
      const shown = queue.then(async () => await output.show(await draw(bundle)))
        .finally(() => pending--);
      queue = shown.catch(() => {});
      return shown;
    },
    flush: async () => {
      await queue;
      await output.flush();
    },
    notes: output.notes,
    close: async () => {
      await queue;
      await renderer.close();
      await output.close();
    },
  };
}

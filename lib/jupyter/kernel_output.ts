import type { MimeBundle } from "../render/mime.ts";
import { IopubReceipts } from "./iopub_receipts.ts";
import { iopubAddress } from "./kernel_connection.ts";
import type { SessionOutput } from "./session_output.ts";

/** What netbook uses of Deno.jupyter, which only `deno jupyter` has. */
interface DenoJupyter {
  broadcast(msgType: string, content: Record<string, unknown>): void | Promise<void>;
}

function denoJupyter(): DenoJupyter {
  let jupyter: DenoJupyter | undefined;
  try {
    jupyter = (Deno as unknown as { jupyter?: DenoJupyter }).jupyter;
  } catch {
    // Outside `deno jupyter`, Deno.jupyter throws when touched.
  }
  if (!jupyter) {
    throw new Error(
      "netbook.start() runs a notebook inside Jupyter's Deno kernel (`deno jupyter`). " +
        "In a terminal, run `deno task notebook NOTEBOOK.md` instead.",
    );
  }
  return jupyter;
}

/**
 * Outputs of a notebook in Deno's Jupyter kernel: each one is sent at once, as Deno.jupyter.display
 * sends a raw MIME bundle (so it keeps its place among what the cell prints), then confirmed
 * published on the kernel's IOPub channel (see IopubReceipts) before it counts as shown. Where
 * that cannot be set up, outputs are still displayed and the first cell says what may be lost.
 */
export async function kernelOutput(): Promise<SessionOutput> {
  const jupyter = denoJupyter();
  const warn = (message: string) => console.warn(message);
  let receipts: IopubReceipts | undefined;
  const notes: string[] = [];
  try {
    receipts = await IopubReceipts.open(iopubAddress(), (t, c) => jupyter.broadcast(t, c), warn);
  } catch (e) {
    notes.push(
      `note: netbook cannot make sure that Jupyter receives every output before a cell ends ` +
        `(${e instanceof Error ? e.message : String(e)}); a cell's last outputs may be missing.`,
    );
  }
  return {
    async show(bundle: MimeBundle) {
      // Sent before the first await: outputs and printed text reach Jupyter in program order.
      const sent = jupyter.broadcast("display_data", { data: bundle, metadata: {}, transient: {} });
      const confirmed = receipts?.confirm();
      await sent;
      await confirmed;
    },
    flush: async () => await receipts?.confirm(),
    notes,
    close: async () => await receipts?.close(),
  };
}

import { basename, join } from "node:path";
import { z } from "../npm/zod.ts";
import { atomicWrite } from "../io/atomic_write.ts";

/** One exercise a learner solved. */
export interface Solved {
  /** When (ISO 8601). */
  at: string;
  /** The solution was shown before the check passed. */
  help: boolean;
}

/** What a learner has done in one notebook. */
export interface NotebookProgress {
  /** When a run of the whole notebook last ended well (ISO 8601). */
  finished?: string;
  /** Solved exercises, by name. */
  exercises: Record<string, Solved>;
  /** Exercises whose solution was shown (and not yet solved since). */
  shown: string[];
  /** Predict-the-output questions answered, by name: right or not. */
  questions: Record<string, { right: boolean; at: string }>;
}

/** Everything, by notebook (its file name, e.g. 01-netns-veth.md). */
export interface Progress {
  version: 1;
  notebooks: Record<string, NotebookProgress>;
}

const ProgressSchema: z.ZodType<Progress> = z.strictObject({
  version: z.literal(1),
  notebooks: z.record(
    z.string(),
    z.strictObject({
      finished: z.string().optional(),
      exercises: z.record(z.string(), z.strictObject({ at: z.string(), help: z.boolean() })),
      shown: z.array(z.string()).default([]),
      questions: z.record(z.string(), z.strictObject({ right: z.boolean(), at: z.string() }))
        .default({}),
    }),
  ),
});

/** Where progress is kept: $XDG_STATE_HOME/netbook (default ~/.local/state/netbook). */
export function progressDir(env: (name: string) => string | undefined = Deno.env.get): string {
  const state = env("XDG_STATE_HOME");
  if (state && state.startsWith("/")) return join(state, "netbook");
  return join(env("HOME") ?? "/", ".local", "state", "netbook");
}

/** A notebook's key in the progress file: its file name. */
export function notebookKey(path: string): string {
  return basename(path);
}

function empty(): NotebookProgress {
  return { exercises: {}, shown: [], questions: {} };
}

/**
 * A learner's progress, read from and written (atomically) to `progress.json` in `dir`. A file
 * that cannot be read is set aside (renamed beside it) and reported through `onNote`, never a
 * crash; progress then starts afresh.
 */
export class ProgressStore {
  readonly file: string;
  #onNote: (note: string) => void;

  constructor(dir = progressDir(), onNote: (note: string) => void = () => {}) {
    this.file = join(dir, "progress.json");
    this.#onNote = onNote;
  }

  /** What is recorded (nothing yet: empty). */
  async read(): Promise<Progress> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.file);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return { version: 1, notebooks: {} };
      throw e;
    }
    let why: string | undefined;
    try {
      const parsed = ProgressSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      why = parsed.error.issues[0]?.message ?? "not the shape netbook writes";
    } catch (e) {
      why = `not JSON: ${(e as Error).message}`;
    }
    const aside = `${this.file}.corrupt-${new Date().toISOString().replaceAll(":", "-")}`;
    await Deno.rename(this.file, aside).catch(() => {});
    this.#onNote(
      `your progress file ${this.file} could not be read (${why}); it was set aside as ` +
        `${aside}, and progress starts afresh`,
    );
    return { version: 1, notebooks: {} };
  }

  /** Changes one notebook's progress and writes the whole file atomically. */
  async update(notebook: string, change: (p: NotebookProgress) => void): Promise<void> {
    const progress = await this.read();
    const key = notebookKey(notebook);
    const mine = progress.notebooks[key] ?? empty();
    change(mine);
    progress.notebooks[key] = mine;
    await atomicWrite(this.file, JSON.stringify(progress, null, 2) + "\n");
  }

  /** Exercise `name` of `notebook` was solved (with help, if its solution was shown first). */
  solved(notebook: string, name: string): Promise<void> {
    return this.update(notebook, (p) => {
      if (p.exercises[name]) return; // the first time counts
      p.exercises[name] = { at: new Date().toISOString(), help: p.shown.includes(name) };
      p.shown = p.shown.filter((n) => n !== name);
    });
  }

  /** Exercise `name`'s solution was shown. */
  shown(notebook: string, name: string): Promise<void> {
    return this.update(notebook, (p) => {
      if (!p.exercises[name] && !p.shown.includes(name)) p.shown.push(name);
    });
  }

  /** A whole run of `notebook` ended well. */
  finished(notebook: string): Promise<void> {
    return this.update(notebook, (p) => void (p.finished = new Date().toISOString()));
  }

  /** A question was answered. */
  answered(notebook: string, name: string, right: boolean): Promise<void> {
    return this.update(notebook, (p) => {
      p.questions[name] = { right, at: new Date().toISOString() };
    });
  }

  /** Forgets everything. */
  async reset(): Promise<boolean> {
    try {
      await Deno.remove(this.file);
      return true;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return false;
      throw e;
    }
  }
}

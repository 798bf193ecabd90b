import assert from "node:assert/strict";
import { basename, join } from "node:path";
import {
  curriculumPaths,
  loadNotebook,
  NOTEBOOKS_DIR,
  notebooksDir,
} from "../../lib/cli/curriculum.ts";
import type { Notebook } from "../../lib/notebook/model.ts";

// The open notebook format needs only a title. The curriculum in notebooks/ asks more of its own
// notebooks, and this test is where those rules live: each NN-*.md has a summary, objectives and
// sources; it draws on at least one of the five documents the curriculum is written from, each
// named by its title (and author, where it has one); every source it names is listed on the
// sources page, which says which notebooks draw on each document; and nothing a learner reads
// calls a document by an internal number ("seed 002").

/** The five documents, by title, with their author where they have one. */
const DOCUMENTS: Record<string, string | undefined> = {
  "K8s网络学习": "AGou-ops",
  "网络通信机制": undefined,
  "Day14 深入剖析 Kubernetes - Kubernetes 容器網路": undefined,
  "LEC25: Kubernetes 网络模型选型": undefined,
  "网络前提条件 - 网络模型": undefined,
};

const SOURCES_PAGE = join(NOTEBOOKS_DIR, "sources.md");

/** The sources page and its translations: the title each must have, and how it says "Drawn on by:". */
const SOURCES_PAGES = [
  { path: SOURCES_PAGE, title: "Sources", drawnOnBy: "Drawn on by:" },
  {
    path: join(NOTEBOOKS_DIR, "zh", "sources.md"),
    title: "资料来源",
    drawnOnBy: "引用它的笔记本：",
  },
];

const notebooks: Notebook[] = [];
for (const path of await curriculumPaths()) notebooks.push(await loadNotebook(path));

/** A notebook's number, "03" for notebooks/03-port-forward.md. */
function numberOf(nb: Notebook): string {
  return basename(nb.path).slice(0, 2);
}

/** Everything of a notebook a learner reads as prose: front matter, narrative and diagrams. */
function prose(nb: Notebook): { where: string; text: string }[] {
  const m = nb.meta;
  return [
    { where: "title", text: m.title },
    { where: "summary", text: m.summary ?? "" },
    ...m.objectives.map((text, i) => ({ where: `objective ${i + 1}`, text })),
    ...m.sources.map((s, i) => ({ where: `source ${i + 1}`, text: Object.values(s).join(" ") })),
    ...nb.parts.flatMap((p) =>
      p.kind === "markdown"
        ? [{ where: `line ${p.line}`, text: p.text }]
        : p.kind === "mermaid"
        ? [{ where: `diagram at line ${p.line}`, text: p.source }]
        : []
    ),
  ];
}

/** The sources page, split by its `## "Title"` headings: title → the section's text. */
async function sourcesPage(
  path = SOURCES_PAGE,
): Promise<{ notebook: Notebook; sections: Map<string, string> }> {
  const notebook = await loadNotebook(path);
  const sections = new Map<string, string>();
  for (const chunk of notebook.source.split(/^## /m).slice(1)) {
    const title = /^"([^"]+)"/.exec(chunk)?.[1] ?? (chunk.split("\n")[0] ?? "").trim();
    sections.set(title, chunk);
  }
  return { notebook, sections };
}

Deno.test("the curriculum is the numbered notebooks: the sources page is not one of them", async () => {
  const paths = await curriculumPaths();
  assert.ok(paths.length > 0, "no notebooks found");
  assert.ok(paths.every((p) => /^\d\d-[a-z0-9-]+\.md$/.test(basename(p))), paths.join(", "));
  assert.ok(!paths.some((p) => basename(p) === "sources.md"));
});

for (const nb of notebooks) {
  Deno.test(`${nb.path} has a summary, objectives and sources`, () => {
    assert.ok(nb.meta.summary?.trim(), `${nb.path}: no summary in its front matter`);
    assert.ok(nb.meta.objectives.length > 0, `${nb.path}: no objectives in its front matter`);
    assert.ok(nb.meta.sources.length > 0, `${nb.path}: no sources in its front matter`);
  });

  Deno.test(`${nb.path} draws on the curriculum's documents, named by title and author`, () => {
    const documents = nb.meta.sources.filter((s) => Object.hasOwn(DOCUMENTS, s.title));
    assert.ok(
      documents.length > 0,
      `${nb.path}: none of its sources is one of the five documents (${
        Object.keys(DOCUMENTS).join("; ")
      })`,
    );
    for (const s of documents) {
      assert.equal(s.author, DOCUMENTS[s.title], `${nb.path}: "${s.title}" names its author so`);
    }
  });

  Deno.test(`${nb.path} calls no document by an internal number`, () => {
    for (const { where, text } of prose(nb)) {
      const seed = /\bseeds?\b[^\n]{0,20}/i.exec(text);
      assert.equal(
        seed,
        null,
        `${nb.path}, ${where}: "${seed?.[0]}": name the document by its title`,
      );
    }
  });
}

for (const page of SOURCES_PAGES) {
  Deno.test(`${page.path}: a notebook without cells that names no document by number`, async () => {
    const { notebook } = await sourcesPage(page.path);
    assert.equal(notebook.meta.title, page.title);
    assert.equal(notebook.cells.length, 0);
    assert.doesNotMatch(notebook.source, /\bseeds?\b/i);
  });

  Deno.test(`${page.path} lists each document with the notebooks that draw on it`, async () => {
    const { sections } = await sourcesPage(page.path);
    for (const [title, author] of Object.entries(DOCUMENTS)) {
      const section = sections.get(title);
      assert.ok(section, `${page.path} has no section ## "${title}"`);
      if (author) assert.ok(section.includes(author), `its section on "${title}" names ${author}`);
      const drawnOn = section.split("\n\n").find((p) => p.startsWith(page.drawnOnBy)) ?? "";
      const listed = [...drawnOn.matchAll(/\*\*(\d\d)\*\*/g)].map((m) => m[1]).sort();
      const citing = notebooks.filter((nb) => nb.meta.sources.some((s) => s.title === title))
        .map(numberOf).sort();
      assert.deepEqual(
        listed,
        citing,
        `${page.path}, "${title}": "${page.drawnOnBy}" must name exactly the notebooks that cite it`,
      );
    }
  });

  Deno.test(`every source a notebook names is listed on ${page.path}`, async () => {
    const { notebook } = await sourcesPage(page.path);
    for (const nb of notebooks) {
      for (const s of nb.meta.sources) {
        assert.ok(
          notebook.source.includes(`"${s.title}"`),
          `${nb.path} cites "${s.title}", which ${page.path} does not list`,
        );
      }
    }
  });
}

Deno.test("every notebook from 01 to 13 poses an exercise whose solution types commands", () => {
  for (const nb of notebooks.filter((n) => numberOf(n) >= "01" && numberOf(n) <= "13")) {
    assert.ok(nb.exercises.length > 0, `${nb.path} poses no exercise (a \`\`\`exercise block)`);
    for (const ex of nb.exercises) {
      const solution = nb.cells.find((c) => c.id === ex.solution)!;
      assert.match(solution.code, /\$`/, `${nb.path}: the solution of ${ex.name} runs no command`);
    }
  }
});

Deno.test("at least three notebooks end with a lab broken as a real one breaks, to find and fix", () => {
  // A break-and-fix challenge: a hidden cell breaks the lab just before the exercise.
  const challenges = notebooks.flatMap((nb) =>
    nb.exercises.filter((ex) => {
      const before = nb.cells.filter((c) => c.line < ex.line).at(-1);
      return before?.options.hidden === true;
    }).map((ex) => `${numberOf(nb)} ${ex.name}`)
  );
  assert.ok(challenges.length >= 3, `break-and-fix challenges: ${challenges.join(", ")}`);
});

Deno.test("the curriculum asks learners to predict outputs", () => {
  const questions = notebooks.flatMap((nb) => nb.questions.map((q) => `${numberOf(nb)} ${q.name}`));
  assert.ok(questions.length >= 2, `questions: ${questions.join(", ")}`);
});

// From now on, every notebook (and the sources page) lands with its Chinese twin in the same
// change: notebooks/zh/NAME.md, declaring `translation-of: ../NAME.md` (whether it is in line is
// tests/notebooks/every_translation_is_in_line_with_its_original_test.ts).
for (const path of [...await curriculumPaths(), SOURCES_PAGE]) {
  const name = basename(path);
  Deno.test(`notebooks/${name} has its Chinese twin, notebooks/zh/${name}`, async () => {
    const twin = join(notebooksDir("zh"), name);
    const text = await Deno.readTextFile(twin).catch(() => undefined);
    assert.ok(
      text !== undefined,
      `notebooks/${name} has no Chinese twin: a notebook lands with notebooks/zh/${name} ` +
        `(its narrative in Chinese, its cells byte for byte, translation-of: ../${name})`,
    );
    const twinMeta = (await loadNotebook(twin)).meta;
    assert.equal(
      twinMeta.translationOf,
      `../${name}`,
      `notebooks/zh/${name} must declare translation-of: ../${name}`,
    );
    assert.equal(twinMeta.lang, "zh", `notebooks/zh/${name} must declare lang: zh`);
  });
}

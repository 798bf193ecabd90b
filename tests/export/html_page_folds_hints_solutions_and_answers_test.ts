/** The site shows each exercise's task, with its hints, check and solution folded, and each
 * prediction's question with its answer folded, from a real (recorded) run. */
import assert from "node:assert/strict";
import { renderPage } from "../../lib/export/html_page.ts";
import { replayFile } from "../support.ts";

Deno.test("an exercise's hints, check and solution, and a prediction's answer, are folded", async () => {
  const run = await replayFile("tests/data/exercises.md");
  const html = renderPage(run, { svgs: new Map(), index: "index.html" });
  assert.match(
    html,
    /<section class="nb-exercise">\n<h3 id="exercise-blue-address">Exercise: Give blue an address<a class="nb-anchor" href="#exercise-blue-address"/,
  );
  assert.match(
    html,
    /<details class="nb-hint"><summary>Hint 1<\/summary>\n<p><code>ip netns add<\/code> makes a namespace\.<\/p>/,
  );
  assert.match(html, /deno task lab \S*tests\/data\/exercises\.md --exercise blue-address/);
  const solution =
    /<details class="nb-folded nb-solution"><summary>([^<]*)<\/summary>([\s\S]*?)<\/details>/.exec(
      html,
    );
  assert.ok(solution, "the solution is folded");
  assert.match(solution[2] ?? "", /ip -n blue link set lo up/);
  assert.match(
    solution[2] ?? "",
    /nb-verdict-unsolved[\s\S]*nb-verdict-solved/,
    "with the check before and after",
  );
  assert.match(
    html,
    /<details class="nb-folded nb-check"><summary>How the check of blue-address judges the lab<\/summary>/,
  );
  const answer =
    /<details class="nb-folded nb-answer"><summary>Answer<\/summary>([\s\S]*?)<\/details>/.exec(
      html,
    );
  assert.ok(answer, "the answer is folded");
  assert.match(answer[1] ?? "", /The lab says: 1/);
  assert.ok(
    html.indexOf('class="nb-question"') < html.indexOf("nb-answer"),
    "the question comes first",
  );
});

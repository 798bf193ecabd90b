/**
 * The channel to a lab's agent is the runner's, but what arrives on it is bounded as if the lab
 * wrote it: a lab that says what the agent never says (a header without end, a frame too large,
 * output for no command, more output than a command may keep, a command's end without the token
 * the runner gave it) or that floods the runner, or does not end a command after its time limit,
 * is stopped with a clear error, its command failing, and its holder killed.
 *
 * A fake agent plays the lab: it reads the runner's requests and answers what each case says.
 */
import assert from "node:assert/strict";
import { AgentClient, OUTPUT_LIMIT, STOP_GRACE_MS } from "../../lib/lab/agent_client.ts";
import { AgentLab } from "../../lib/lab/agent_lab.ts";

const encoder = new TextEncoder();

/** A fake agent: what the runner asked (id and token of each `run`), and a way to answer. */
function fakeAgent() {
  const requests: { id: number; token: string; command: string }[] = [];
  let arrived = () => {};
  const toRunner = new TransformStream<Uint8Array, Uint8Array>();
  const writer = toRunner.writable.getWriter();
  let text = "";
  const fromRunner = new WritableStream<Uint8Array>({
    write(chunk) {
      text += new TextDecoder().decode(chunk);
      let m;
      while ((m = /^(\d+) (run|kill) (\d+)(?: (\w+))?\n/.exec(text))) {
        const length = Number(m[3]);
        if (text.length < m[0].length + length) break;
        if (m[2] === "run") {
          requests.push({
            id: Number(m[1]),
            token: m[4] ?? "",
            command: text.slice(m[0].length, m[0].length + length),
          });
        }
        text = text.slice(m[0].length + length);
        arrived();
      }
    },
  });
  const client = new AgentClient(fromRunner, toRunner.readable);
  return {
    client,
    requests,
    /** Says something to the runner; false once the runner no longer listens. */
    say: (s: string | Uint8Array) =>
      writer.write(typeof s === "string" ? encoder.encode(s) : s).then(() => true, () => false),
    /** The request for the command `n` (1-based), once it has come. */
    async request(n: number) {
      while (requests.length < n) await new Promise<void>((r) => arrived = r);
      return requests[n - 1]!;
    },
  };
}

/** Runs one command against an agent that answers `answer`; returns why the lab was stopped. */
async function stoppedFor(
  answer: (agent: ReturnType<typeof fakeAgent>, r: { id: number; token: string }) => unknown,
): Promise<string> {
  const agent = fakeAgent();
  await agent.say("ready\n");
  await agent.client.ready;
  const run = agent.client.exec("true");
  answer(agent, await agent.request(1));
  await assert.rejects(run, /the lab ended while `true` ran \(the lab said what netbook's agent/);
  await agent.client.done;
  assert.ok(agent.client.misbehaved, "the lab was not stopped");
  await assert.rejects(agent.client.exec("true"), /./, "a stopped lab ran another command");
  return agent.client.misbehaved;
}

Deno.test("an honest agent's answer is taken: output, exit code, bytes dropped", async () => {
  const agent = fakeAgent();
  await agent.say("ready\n");
  await agent.client.ready;
  const run = agent.client.exec("echo hi; exit 3");
  const { id, token } = await agent.request(1);
  assert.match(token, /^[0-9a-f]{32}$/);
  await agent.say(`${id} 1 3\nhi\n${id} 2 2\nno${id} x 3 17 ${token}\n`);
  const r = await run;
  assert.deepEqual(
    [new TextDecoder().decode(r.stdout), new TextDecoder().decode(r.stderr), r.code, r.dropped],
    ["hi\n", "no", 3, 17],
  );
});

Deno.test("a command's end without its token (another process speaking) stops the lab", async () => {
  assert.match(
    await stoppedFor((a, { id }) => a.say(`${id} x 0 0 ${"0".repeat(32)}\n`)),
    /the end of command 1 without its token/,
  );
  assert.match(await stoppedFor((a, { id }) => a.say(`${id} x 0 0\n`)), /"1 x 0 0"/);
});

Deno.test("a header without end, or too long, stops the lab before it is buffered", async () => {
  assert.match(await stoppedFor((a) => a.say("1".repeat(200))), /a header line without end/);
  assert.match(
    await stoppedFor((a) => a.say(`${"1".repeat(120)}\n`)),
    /a header line too long/,
  );
});

Deno.test("a frame larger than an agent sends stops the lab", async () => {
  assert.match(
    await stoppedFor((a, { id }) => a.say(`${id} 1 ${1 << 30}\n`)),
    /a frame of 1073741824 bytes/,
  );
});

Deno.test("output for a command that does not run stops the lab", async () => {
  assert.match(
    await stoppedFor((a) => a.say(`7 1 5\nhello`)),
    /an answer for command 7, which is not running/,
  );
});

Deno.test("output after a stream's last frame, as a flood of small frames would, stops the lab", async () => {
  assert.match(
    await stoppedFor(async (a, { id }) => {
      for (let i = 0; i < 1000; i++) if (!await a.say(`${id} 1 1\nx`)) break;
    }),
    /output after the last frame of a stream/,
  );
});

Deno.test("a flood of output is stopped at what a command may keep, at once", async () => {
  const started = performance.now();
  const frame = new Uint8Array(65536 + 64);
  let said = 0;
  const why = await stoppedFor(async (a, { id }) => {
    const head = encoder.encode(`${id} 1 65536\n`);
    const chunk = frame.subarray(0, head.length + 65536);
    chunk.set(head);
    // Far more than a command may keep: the runner stops listening once the limit is passed.
    for (let i = 0; i < 4 * OUTPUT_LIMIT / 65536; i++) {
      if (!await a.say(chunk)) break;
      said += 65536;
    }
  });
  assert.match(why, /more output than a command may keep/);
  assert.ok(said >= OUTPUT_LIMIT, `stopped after ${said} bytes`);
  const ms = performance.now() - started;
  assert.ok(ms < 10_000, `the flood took ${ms} ms to stop`);
});

Deno.test("a second ready, or anything but ready first, stops the lab", async () => {
  assert.match(await stoppedFor((a) => a.say("ready\n")), /"ready"/);
  const agent = fakeAgent();
  await agent.say("1 x 0 0\n");
  await assert.rejects(agent.client.ready, /never says/);
});

Deno.test(
  "a command still running 5 s after its time limit ends the lab, with its time limit said",
  async () => {
    const agent = fakeAgent();
    await agent.say("ready\n");
    await agent.client.ready;
    const started = performance.now();
    const run = agent.client.exec("sleep 100", { timeout: 200 });
    await agent.request(1); // and then says nothing, not even to the kill
    await assert.rejects(run, /`sleep 100` still ran 5 s after its time limit, so it was stopped/);
    const ms = performance.now() - started;
    assert.ok(ms >= 200 + STOP_GRACE_MS - 50 && ms < 200 + STOP_GRACE_MS + 2000, `${ms} ms`);
  },
);

Deno.test("a lab that breaks the protocol has its holder killed", async () => {
  // A holder process that plays a lying agent on its standard output, then would sleep.
  const child = new Deno.Command("bash", {
    args: ["-c", "echo ready; read -r head; read -r -N 4 _; echo '1 x 0 0'; exec sleep 100"],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const agent = new AgentClient(child.stdin, child.stdout);
  await agent.ready;
  const lab = new AgentLab(child, agent, { kind: "fake" }, { holder: "a liar" });
  await assert.rejects(lab.exec("true"), /the lab said what netbook's agent never says/);
  const status = await child.status;
  assert.equal(status.signal, "SIGKILL", "the lying lab's holder was not killed");
});

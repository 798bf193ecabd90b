/**
 * A plan's reason is data; the catalogue says it in English or in Chinese. English reads as the
 * mode line always has; Chinese has no English words left but the lab's own (a backend's reason,
 * a kernel module, a package, a command).
 */
import assert from "node:assert/strict";
import { missingText } from "../../lib/capability/registry.ts";
import { messagesIn } from "../../lib/i18n/messages.ts";
import type { Failure, Reason } from "../../lib/plan/reason.ts";
import { renderFailure, renderReason } from "../../lib/plan/render_reason.ts";

const en = messagesIn("en");
const zh = messagesIn("zh");
const VM = { kind: "vm", kernel: "6.1.0-test-amd64", accel: "tcg" };

const REASONS: { reason: Reason; en: string; zh: string }[] = [
  {
    reason: { key: "planReplayAsked" },
    en: "as asked: answers come from the recording",
    zh: "按要求：结果来自录制",
  },
  {
    reason: { key: "planNoCells" },
    en: "it has no cells: there is nothing to run",
    zh: "它没有单元格：没有什么需要运行",
  },
  {
    reason: { key: "planLive", lab: { kind: "netns", rootless: true } },
    en: "rootless, in a sandbox of private namespaces; nothing on this machine changes",
    zh: "无 root 权限（rootless），在由私有命名空间组成的沙箱里；本机不会有任何改变",
  },
  {
    reason: { key: "planLive", lab: { kind: "netns", rootless: false } },
    en: "as root, in a sandbox of private namespaces; nothing on this machine changes",
    zh: "以 root 身份，在由私有命名空间组成的沙箱里；本机不会有任何改变",
  },
  {
    reason: {
      key: "planLive",
      lab: VM,
      via: { key: "planViaLacks", kind: "netns", missing: ["ipvs", "dummy"], other: "vm" },
    },
    en: "the netns lab here lacks ipvs and dummy, which the vm lab has: " +
      "in a micro-VM (Linux 6.1.0-test-amd64, emulated by qemu); nothing on this machine changes",
    zh: "这里的 netns 实验环境缺少 ipvs 和 dummy，而 vm 实验环境有：" +
      "在微型虚拟机里（Linux 6.1.0-test-amd64，由 qemu 模拟）；本机不会有任何改变",
  },
  {
    reason: {
      key: "planLive",
      lab: { kind: "ssh", host: "lab.example", kernel: "6.1.0" },
      via: { key: "planViaCannotStart", kind: "netns", text: "no user namespaces" },
    },
    en: "the netns lab cannot start here (no user namespaces), so it runs elsewhere: " +
      "on lab.example over SSH (Linux 6.1.0), in a sandbox of private namespaces; " +
      "nothing on that machine changes",
    zh: "netns 实验环境无法在这里启动（no user namespaces），所以改在别处运行：" +
      "通过 SSH 在 lab.example 上（Linux 6.1.0），在由私有命名空间组成的沙箱里；那台机器不会有任何改变",
  },
  {
    reason: {
      key: "planReplayFallback",
      why: { key: "planMachineLacks", missing: ["ipip", "bird"] },
      notes: [
        { key: "planOtherCannotRun", kind: "vm", text: "qemu is missing" },
        { key: "planOtherLacksToo", kind: "ssh", missing: ["bird"] },
      ],
    },
    en: `this machine lacks ${missingText("ipip")}, ${missingText("bird")} ` +
      "(and the vm lab cannot run here either: qemu is missing; the ssh lab lacks bird too), " +
      "so this run replays the recording",
    zh: "本机缺少 ipip（内核模块 ipip）、bird（apt-get install bird2）" +
      "（而且 vm 实验环境在这里也无法运行：qemu is missing；ssh 实验环境同样缺少 bird），" +
      "所以这次运行回放录制结果",
  },
  {
    reason: {
      key: "planReplayFallback",
      why: { key: "planNoBackend" },
      notes: [],
    },
    en: "this run was given no kind of lab to start (its options' backends are empty), " +
      "so this run replays the recording",
    zh: "这次运行没有可以启动的实验环境种类（它的选项里 backends 为空），所以这次运行回放录制结果",
  },
];

Deno.test("each reason reads in English as the mode line says it, and in Chinese", () => {
  for (const r of REASONS) {
    assert.equal(renderReason(r.reason, en), r.en);
    assert.equal(renderReason(r.reason, zh), r.zh);
  }
});

Deno.test("a capability's words are the registry's in English", () => {
  const reason: Reason = {
    key: "planReplayFallback",
    why: { key: "planMachineLacks", missing: ["ipvs", "netem", "curl"] },
    notes: [],
  };
  assert.equal(
    renderReason(reason, en),
    `this machine lacks ${
      ["ipvs", "netem", "curl"].map((c) => missingText(c as "ipvs")).join(", ")
    }` +
      ", so this run replays the recording",
  );
});

Deno.test("a failure says what happened and what to do, in either language", () => {
  const record = "deno task record notebooks/05-ipip.md";
  const failures: { failure: Failure; en: string; zh: string }[] = [
    {
      failure: { key: "planNoRecording", notebook: "notebooks/05-ipip.md", record },
      en: `notebooks/05-ipip.md has no recording to replay. Record it: ${record}`,
      zh: `notebooks/05-ipip.md 没有可以回放的录制。先录制它：${record}`,
    },
    {
      failure: {
        key: "planCannotRunLive",
        notebook: "notebooks/05-ipip.md",
        why: { key: "planLabSaid", text: "unprivileged user namespaces are not allowed here" },
        notes: [],
      },
      en: "notebooks/05-ipip.md cannot run live: unprivileged user namespaces are not allowed here",
      zh: "notebooks/05-ipip.md 无法实时运行：unprivileged user namespaces are not allowed here",
    },
    {
      failure: {
        key: "planCannotRunNoRecording",
        notebook: "notebooks/05-ipip.md",
        why: { key: "planMachineLacks", missing: ["ipip"] },
        notes: [],
        record,
      },
      en: `notebooks/05-ipip.md cannot run live (this machine lacks ${missingText("ipip")}) ` +
        `and has no recording to replay yet. Record it where the lab can run: ${record}`,
      zh:
        "notebooks/05-ipip.md 无法实时运行（本机缺少 ipip（内核模块 ipip）），也还没有可以回放的录制。" +
        `请在能运行实验环境的地方录制它：${record}`,
    },
  ];
  for (const f of failures) {
    assert.equal(renderFailure(f.failure, en), f.en);
    assert.equal(renderFailure(f.failure, zh), f.zh);
  }
});

/**
 * The one catalogue of what the runtime says around a notebook, in each language of the
 * curriculum: the mode line, headings, the recap, step mode's keys, the command line's help,
 * errors and suggestions, `doctor`. A language is a `Messages` object; the type makes every
 * language say everything English says.
 */

/** The languages the runtime speaks. */
export const MESSAGE_LANGS = ["en", "zh"] as const;
/** One of them. */
export type Lang = typeof MESSAGE_LANGS[number];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const EN = {
  /** The curriculum list's first line. */
  curriculumTitle: "netbook: container and Kubernetes networking, by doing",
  curriculumFooter:
    "deno task exercises lists the exercises; deno task notebook --resume opens the first one " +
    "not solved yet.",
  otherEdition: (flag: string) => `The same curriculum in Chinese: deno task notebook ${flag}`,
  youWill: "You will:",
  finished: "✓ finished",
  exercisesSolved: (solved: number, all: number, helped: string) =>
    `exercises: ${solved}/${all} solved${helped ? ` (${helped} with help)` : ""}`,
  /** What comes between a label and its text. */
  colon: ": ",
  mode: "mode",
  recap: "recap",
  /** The narrative's recap heading, as notebooks in this language write it. */
  recapHeading: "What you saw",
  whatYouDid: "What you did",
  next: "Next",
  lastNotebook: "That was the last notebook; `deno task notebook` lists them all.",
  skippedHere: "Skipped here",
  elsewhereHas: (lab: string) => `The ${lab} lab has what they need:`,
  skippedCell: (note: string) => `(skipped: ${note})`,
  cellsRan: (n: number, took: string, mode: string) =>
    `${plural(n, "cell")} ran${took ? ` in ${took}s` : ""} (${mode})`,
  skippedCount: (n: number) => `, ${n} skipped`,
  recordedTo: (path: string) => `; recorded to ${path}`,
  runFailed: "the run failed",
  labGone: "; the lab is gone, nothing of it is left",
  lookAround: (command: string) => `To look around in the lab as that cell left it: ${command}`,
  notebooksIn: (n: number, secs: string) => `${plural(n, "notebook")} in ${secs}s:`,
  interrupted: (by = "") =>
    `Interrupted${
      by === "SIGTERM" ? " by SIGTERM" : ""
    }: the run was stopped, and its lab is gone.`,
  exercise: (name: string, title: string) => `Exercise ${name}: ${title}`,
  tryIt: (command: string) => `Try it yourself: ${command}`,
  hintsThere: (n: number) => ` (${plural(n, "hint")} there: type \`hint\`)`,
  predict: (name: string) => `Predict the output (${name})`,
  /** What checks, hints and answers show under a cell. */
  solved: "solved",
  notSolvedYet: "not solved yet",
  beforeSolution: " (the lab before the solution)",
  afterSolution: " (after the solution)",
  checkCouldNotLook: (why: string) => `the check could not look at the lab: ${why}`,
  checkNoClaim: "the check made no claim about the lab",
  hintFromLab: (exercise: string, hint: string) =>
    `hint for ${exercise}, from the lab as it is: ${hint}`,
  hintFromLabShort: "Hint from the lab: ",
  labSays: (value: string) => `The lab says: ${value}`,
  /** The HTML site's words around the notebooks. */
  siteLead: "Container and Kubernetes networking, built one command at a time from real Linux " +
    "pieces: network namespaces, veth pairs, bridges, iptables.",
  contents: "Contents",
  onThisPage: "On this page",
  objectives: "Objectives",
  sources: "Sources",
  runDidNotFinish: "This run did not finish:",
  recordedBy: (linux: string, kernel: string, vm: boolean, date: string) =>
    `The outputs on this page were recorded by a real run on Linux ${linux} (${kernel}), ${
      vm ? "in netbook's micro-VM" : "in a private network-namespace lab"
    }, on ${date}.`,
  outputsFrom: (mode: string, reason: string) =>
    `The outputs on this page come from a ${mode} run (${reason}).`,
  runItYourself: (command: string) =>
    `Run it yourself: ${command} (live where your machine can run the lab, else from this recording).`,
  markdownSource: "The Markdown source",
  /** The exports' words around exercises, questions, cells and transcripts. */
  exerciseLabel: "Exercise",
  hintN: (n: number) => `Hint ${n}`,
  tryInTerminal: (command: string) => `Try it in a terminal: ${command}`,
  labToolsThere: " (`check`, `hint`, `solution` there).",
  predictHead: "Predict the output",
  foldedCheck: (name: string) => `How the check of ${name} judges the lab`,
  foldedHint: (name: string) => `The hint ${name} computes from the lab`,
  foldedSolution: (name: string) => `Solution of ${name} (with the check before and after it)`,
  answer: "Answer",
  fullStop: ".",
  cellSkipped: (note: string) => note ? `Skipped: ${note}` : "Skipped.",
  cellFailed: (note: string) => note ? `This cell failed: ${note}` : "This cell failed.",
  cellNotRun: "Not run: the run stopped before this cell.",
  timedOutAfter: (secs: number) => `[timed out after ${secs} s]`,
  exitExpected: (code: number) => `[exit ${code}, as expected]`,
  exitCode: (code: number) => `[exit ${code}]`,
  pcapLine: (link: string, bytes: number) =>
    `${link} (${bytes} bytes): these packets as tcpdump wrote them; open the file in Wireshark.`,
  inThisNotebook: "In this notebook you will:",
  /** The site's buttons and labels, and what its script writes (it reads them from <html>). */
  copy: "Copy",
  copyCommand: "Copy the command",
  copied: "Copied",
  copyFailed: "Copy failed",
  fullSize: "Full size",
  fit: "Fit",
  noMatch: "No match.",
  search: "Search",
  searchPlaceholder: "Search the notebooks…",
  notebooksNav: "Notebooks",
  linkToSection: (text: string) => `Link to this section: ${text}`,
  linkToExercise: "Link to this exercise",
  drawnDiagram: "a diagram the notebook drew",
  /** Step mode. */
  keys: "Keys:",
  stepKeys: [
    ["Enter", "run this cell and stop before the next"],
    ["s", "skip this cell (a later cell that needs what it declares says so)"],
    ["l", "open a shell in the lab as it is now (exit comes back here)"],
    ["c", "run the rest without stopping"],
    ["j", "jump to a later cell by its id, running the cells between"],
    ["q", "quit: stop here and close the lab"],
    ["?", "this list"],
  ] as [string, string][],
  stepPrompt: (id: string) =>
    `[${id}] Enter run · s skip · l lab · c continue · j jump · q quit · ? keys `,
  stepNeedsTerminal:
    "--step waits for keys, and standard input is not a terminal: run it in a terminal, " +
    "or run the notebook without --step",
  stepNotRecorded: "--step runs live or replayed, not recorded",
  stepOneNotebook: "--step runs one notebook at a time",
  noLiveLab: (reason: string) =>
    `There is no live lab to open: this run replays its recording (${reason}). ` +
    "`deno task doctor` says what a live lab needs.",
  shellBefore: (cell: string, exercise?: string) =>
    `A shell in the lab, before cell ${cell}${
      exercise ? `, at exercise ${exercise} (check, hint, solution, task)` : ""
    }; exit comes back here.`,
  yourPrediction: (n?: number) =>
    n ? `Your prediction (1-${n}, Enter to pass): ` : "Your prediction (Enter to pass): ",
  passed: "(passed)",
  solutionPrompt: (name: string) =>
    `Exercise ${name}: Enter runs the reference solution; l opens the lab to solve it yourself first.`,
  jumpTo: "jump to cell: ",
  noSuchCell: (id: string) => `there is no cell "${id}"`,
  notForward: (target: string, id: string) =>
    `cell ${target} is not after ${id}: a jump goes forward`,
  predictedRight: (value: string) => `✓ You predicted ${value}: right.`,
  predictedWrong: (guess: string, value: string) =>
    `✗ You predicted ${guess}; the lab says ${value}.`,
  stoppedBefore: (cell: string) => `Stopped before cell ${cell}; the lab is closed.`,
  skippedBefore: (ids: string) => `You skipped ${ids} before this.`,
  stepEnd: (path: string, mode: string) => `✓ ${path}: the end, in step mode (${mode})`,
  /** The command line. */
  usage: `usage:
  deno task notebook                 list the curriculum (--lang zh: the Chinese one)
  deno task notebook NOTEBOOK        run a notebook: a path, or a name such as 01, bridge or zh/07
  deno task notebook all             run every notebook (replayed ones share one process)
      --mode auto|live|record|replay   auto (default): live if this machine can, else replay
      --backend auto|netns|vm          the lab: auto (default) is netns, or the micro-VM when
                                       the notebook needs what this machine's kernel lacks
        or ssh://USER@HOST[:PORT]      the netns lab on another Linux machine, over SSH
      --quiet                          print only the cells' outputs
      --timeout 60s                    default time limit per cell
      --step                           one cell at a time, on a key (? lists the keys)
      --resume                         go back to the first exercise not solved yet
      --reset-progress                 forget which notebooks and exercises are done
      --lang en|zh                     the curriculum and the messages in that language
                                       (default: the notebook's, else the locale's)
  deno task lab NOTEBOOK             run a notebook live, then open a shell inside its lab
      --at CELL                        stand after that cell (default: after the last)
      --exercise NAME                  stand at an exercise: check, hint, solution there
  deno task exercises [NOTEBOOK]     list the exercises: NOTEBOOK NAME  title
  deno task record [NOTEBOOK ...]    re-record notebooks (all when none is named); --backend too
  deno task doctor                   check what live runs and exports need
  deno task check [NOTEBOOK ...]     type-check each notebook's cells together (all when none)
  deno task export --to ipynb|html|md [NOTEBOOK ...|all]
                                     export recorded runs (all when none) to dist/FORMAT/
      --out DIR                        write there instead
  deno task translations [FOLDER ...] list the translations (default notebooks/zh/) and whether
                                     each is in line with its original
      --stamp FILE                     record that FILE was brought in line with its original`,
  noCommand: (command: string) => `there is no command "${command}"`,
  noOption: (option: string) => `there is no option ${option}`,
  didYouMean: (what: string) => `; did you mean ${what}?`,
  modeMust: (mode: string) => `--mode must be auto, live, record or replay, not "${mode}"`,
  langMust: (lang: string, langs: string) => `--lang must be one of ${langs}, not "${lang}"`,
  noNotebook: (name: string) => `there is no notebook ${name}`,
  noNotebookAt: (path: string) => `there is no notebook at ${path}`,
  listThem: " (run `deno task notebook` to list them)",
  couldBe: (arg: string, hits: string) => `"${arg}" could be ${hits}: name one of them`,
  or: " or ",
  isAFolder: (path: string) =>
    `${path} is a folder, not a notebook: name one of the .md files in it`,
  errorPrefix: "netbook",
  /** The lab shell (`deno task lab`), its exercise requests, and the progress commands. */
  allSolved: "Every exercise of the curriculum is solved. Well done.",
  labTakesOne: "deno task lab takes one notebook",
  atOrExercise: "--at and --exercise: choose one",
  noExerciseIn: (path: string, name: string) => `${path} has no exercise "${name}"`,
  itHas: (names: string) => ` (it has ${names})`,
  itHasNone: " (it has none)",
  noCellIn: (path: string, id: string) => `${path} has no cell "${id}"`,
  atExercise: (name: string) => `exercise ${name}`,
  atCell: (id: string) => id,
  theEnd: "the end",
  inTheLab: (path: string, where: string, failed: boolean) =>
    `You are in the lab of ${path}, ${failed ? "where it failed" : `at ${where}`}.`,
  labCommandsHere:
    "Commands run here as in the notebook's cells (ip netns exec ..., iptables ...);",
  labExit: "`exit` or Ctrl-D leaves the shell and closes the lab.",
  labRequests: "check: is it solved?  hint: a hint  solution: the answer  task: this task again",
  buildingLab: (name: string, n: number, total: number, cell: string) =>
    `building the lab of ${name}: cell ${n}/${total} (${cell})`,
  labInterrupted: "Interrupted: the lab is gone.",
  labNotBuilt: "the lab could not be built",
  labNeedsLive: (why: string) => `the lab shell needs a live lab, and ${why}`,
  labNeedsLiveHelp:
    "`deno task doctor` says what to install; `--backend vm` runs the lab in the micro-VM.",
  notAtExercise: "this shell is not at an exercise",
  openOneWith: (path: string, names: string) =>
    `; open one with deno task lab ${path} --exercise NAME (${names})`,
  cannotCheck: "the notebook stopped; it cannot check",
  hintOf: (i: number, n: number, text: string) => `hint ${i}/${n}: ${text}`,
  hintAgain: " (type `hint` again for another)",
  hintFromLabNow: (text: string) => `hint, from the lab as it is now: ${text}`,
  noMoreHints: "no more hints: `solution` shows the reference answer",
  referenceSolution: (name: string) => `the reference solution of ${name}`,
  countsWithHelp: "(this exercise now counts as solved with help)",
  unknownRequest: (word: string) => `unknown request ${word}`,
  progressCleared: (file: string) => `Progress cleared (${file} removed).`,
  noProgress: "There was no progress to clear.",
  /** doctor. */
  doctorLab: (kind: string, description: string) => `The ${kind} lab: ${description}`,
  doctorStarts: "starts",
  doctorNotInLab: (pkg: string) => `not in this lab: it runs this machine's ${pkg}, not installed`,
  doctorToolsMissing: "its tools are missing",
  doctorCapabilities: "What the notebooks can use, by what it enables",
  doctorKernel: (module: string, lab?: string) =>
    `kernel: ${module}${lab ? `; the ${lab} lab has it` : ""}`,
  doctorNotHere: "  · = not here: cells that need it are skipped live, and replay their recording",
  doctorExports: "Exports",
  doctorInstall: "To install what is missing:",
  doctorLiveWorks: (where?: string) => `Live runs work ${where ? `on ${where}` : "here"}.`,
  doctorLiveCannot: (where?: string) =>
    `Live runs cannot work ${
      where ? `on ${where}` : "here"
    } yet; notebooks replay their recordings.`,
  /** Jupyter: the first Markdown cell of an export says once why cells are framed. */
  cellFrameNote: '*Each code cell starts with `await nb.cell("…")`, which tells netbook which ' +
    "cell of the notebook runs (so that its commands go to the lab, or to this cell's " +
    "recording), and ends with `await nb.end()`, which checks what the cell promised and waits " +
    "until Jupyter has every output of the cell (Deno's kernel could otherwise show the last " +
    "ones after the cell is done). Leave both lines in place; write your own code between them.*",
  /** Jupyter: the cell before an exercise's check, where the learner works. */
  yourTurnCell: "// Your turn: change the lab with commands, e.g.\n// await $`ip netns list`;\n",
  /** Jupyter: what a cell that did not run shows. */
  jupyterSkipped: (cell: string, note: string | undefined) => `(cell ${cell} skipped: ${note})`,
  /** Jupyter: the mode line of a notebook's first cell. */
  jupyterMode: (mode: string, reason: string) => `mode: ${mode} — ${reason}`,
  /** Jupyter: what the Deno kernel does not guard against. */
  kernelPermissions: "note: in Jupyter, cells run in Deno's kernel with every permission, so " +
    "this is no sandbox, not even in replay mode (NETBOOK_MODE=replay): only the lab's commands " +
    "stay in the lab (live) or come from the recording (replay), a cell's own code can do " +
    "anything you can. Run a notebook you do not trust with `deno task notebook`.",
  /** Jupyter: `nb.check(NAME)` when the notebook replays. */
  noLabToCheck: (exercise: string, reason: string) =>
    `check ${exercise}: this notebook replays its recording (${reason}), so there is no lab to ` +
    "judge; run it live to try the exercise",
  /** Planning a run (lib/plan): why this mode and this lab, after "mode: live — ". */
  planNoCells: "it has no cells: there is nothing to run",
  planReplayAsked: "as asked: answers come from the recording",
  planLabNetns: (rootless: boolean) =>
    `${rootless ? "rootless" : "as root"}, in a sandbox of private namespaces; ` +
    "nothing on this machine changes",
  planLabVm: (kernel: string, accel: string) =>
    `in a micro-VM (Linux ${kernel}${
      accel === "kvm" ? ", KVM" : accel === "tcg" ? ", emulated by qemu" : ""
    }); nothing on this machine changes`,
  planLabSsh: (host: string | undefined, kernel: string) =>
    `on ${host ?? "another machine"} over SSH (Linux ${kernel}), in a sandbox of private ` +
    "namespaces; nothing on that machine changes",
  planLabOther: (kind: string) => `in a ${kind} lab`,
  planVia: (via: string, lab: string) => `${via}: ${lab}`,
  planViaCannotStart: (kind: string, why: string) =>
    `the ${kind} lab cannot start here (${why}), so it runs elsewhere`,
  planViaLacks: (kind: string, missing: string, other: string) =>
    `the ${kind} lab here lacks ${missing}, which the ${other} lab has`,
  planNoBackend: "this run was given no kind of lab to start (its options' backends are empty)",
  planMachineLacks: (missing: string[]) => `this machine lacks ${missing.join(", ")}`,
  planCapability: (name: string, module?: string, pkg?: string) =>
    module && pkg
      ? `${name} (the ${module} kernel module and apt-get install ${pkg})`
      : module
      ? `${name} (the ${module} kernel module)`
      : `${name} (apt-get install ${pkg})`,
  planOtherCannotRun: (kind: string, why: string) =>
    `the ${kind} lab cannot run here either: ${why}`,
  planOtherDidNotStart: (kind: string, why: string) => `the ${kind} lab did not start: ${why}`,
  planOtherLacksToo: (kind: string, missing: string) => `the ${kind} lab lacks ${missing} too`,
  planNoteSeparator: "; ",
  planAndNotes: (why: string, notes: string) => `${why} (and ${notes})`,
  planReplayFallback: (why: string) => `${why}, so this run replays the recording`,
  planList: (words: string[]) =>
    words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`,
  planNoRecording: (notebook: string, record: string) =>
    `${notebook} has no recording to replay. Record it: ${record}`,
  planCannotRunLive: (notebook: string, why: string) => `${notebook} cannot run live: ${why}`,
  planCannotRunNoRecording: (notebook: string, why: string, record: string) =>
    `${notebook} cannot run live (${why}) and has no recording to replay yet. ` +
    `Record it where the lab can run: ${record}`,
};

/** Everything the runtime says, in one language. */
export type Messages = typeof EN;

const ZH: Messages = {
  curriculumTitle: "netbook：动手学习容器与 Kubernetes 网络",
  curriculumFooter:
    "deno task exercises 列出所有练习；deno task notebook --resume 打开第一个还没解决的练习。",
  otherEdition: (flag: string) => `英文版课程：deno task notebook ${flag}`,
  youWill: "你将会：",
  finished: "✓ 已完成",
  exercisesSolved: (solved: number, all: number, helped: string) =>
    `练习：已解决 ${solved}/${all}${helped ? `（${helped} 借助了提示或答案）` : ""}`,
  colon: "：",
  mode: "模式",
  recap: "小结",
  recapHeading: "小结",
  whatYouDid: "你做了什么",
  next: "下一篇",
  lastNotebook: "这是最后一篇笔记本；`deno task notebook --lang zh` 列出全部。",
  skippedHere: "这里跳过了",
  elsewhereHas: (lab: string) => `${lab} 实验环境具备它们所需的条件：`,
  skippedCell: (note: string) => `（已跳过：${note}）`,
  cellsRan: (n: number, took: string, mode: string) =>
    `运行了 ${n} 个单元格${took ? `，用时 ${took} 秒` : ""}（${mode}）`,
  skippedCount: (n: number) => `，跳过 ${n} 个`,
  recordedTo: (path: string) => `；已录制到 ${path}`,
  runFailed: "运行失败",
  labGone: "；实验环境已关闭，什么都没有留下",
  lookAround: (command: string) => `要查看该单元格执行后实验环境的样子：${command}`,
  notebooksIn: (n: number, secs: string) => `${n} 篇笔记本，用时 ${secs} 秒：`,
  interrupted: (by = "") =>
    `${by === "SIGTERM" ? "已被 SIGTERM 中断" : "已中断"}：运行已停止，实验环境已关闭。`,
  exercise: (name: string, title: string) => `练习 ${name}：${title}`,
  tryIt: (command: string) => `自己动手试试：${command}`,
  hintsThere: (n: number) => `（那里有 ${n} 条提示：输入 \`hint\`）`,
  predict: (name: string) => `预测输出（${name}）`,
  solved: "已解决",
  notSolvedYet: "尚未解决",
  beforeSolution: "（参考答案运行之前的实验环境）",
  afterSolution: "（参考答案运行之后）",
  checkCouldNotLook: (why: string) => `检查无法查看实验环境：${why}`,
  checkNoClaim: "检查没有对实验环境做出任何判断",
  hintFromLab: (exercise: string, hint: string) =>
    `${exercise} 的提示，来自实验环境的当前状态：${hint}`,
  hintFromLabShort: "来自实验环境的提示：",
  labSays: (value: string) => `实验环境给出的是：${value}`,
  siteLead:
    "容器与 Kubernetes 网络，用真实的 Linux 部件一条命令一条命令地搭建：网络命名空间、veth 设备对、网桥、iptables。",
  contents: "目录",
  onThisPage: "本页内容",
  objectives: "学习目标",
  sources: "资料来源",
  runDidNotFinish: "这次运行没有完成：",
  recordedBy: (linux: string, kernel: string, vm: boolean, date: string) =>
    `本页的输出来自 ${date} 在 Linux ${linux}（${kernel}）上的一次真实运行，${
      vm ? "在 netbook 的微型虚拟机里" : "在一个私有的网络命名空间实验环境里"
    }。`,
  outputsFrom: (mode: string, reason: string) => `本页的输出来自一次 ${mode} 运行（${reason}）。`,
  runItYourself: (command: string) =>
    `自己运行：${command}（本机能运行实验环境时实时运行，否则回放这份录制）。`,
  markdownSource: "Markdown 源文件",
  exerciseLabel: "练习",
  hintN: (n: number) => `提示 ${n}`,
  tryInTerminal: (command: string) => `在终端里试试：${command}`,
  labToolsThere: "（在那里可用 `check`、`hint`、`solution`）。",
  predictHead: "预测输出",
  foldedCheck: (name: string) => `${name} 的检查如何判断实验环境`,
  foldedHint: (name: string) => `${name} 根据实验环境算出的提示`,
  foldedSolution: (name: string) => `${name} 的参考答案（及其前后的检查）`,
  answer: "答案",
  fullStop: "。",
  cellSkipped: (note: string) => note ? `已跳过：${note}` : "已跳过。",
  cellFailed: (note: string) => note ? `这个单元格失败了：${note}` : "这个单元格失败了。",
  cellNotRun: "未运行：运行在这个单元格之前就停止了。",
  timedOutAfter: (secs: number) => `[${secs} 秒后超时]`,
  exitExpected: (code: number) => `[退出码 ${code}，符合预期]`,
  exitCode: (code: number) => `[退出码 ${code}]`,
  pcapLine: (link: string, bytes: number) =>
    `${link}（${bytes} 字节）：tcpdump 写下的这些数据包；可以用 Wireshark 打开这个文件。`,
  inThisNotebook: "在这篇笔记本里，你将会：",
  copy: "复制",
  copyCommand: "复制这条命令",
  copied: "已复制",
  copyFailed: "复制失败",
  fullSize: "原始大小",
  fit: "适应宽度",
  noMatch: "没有匹配的结果。",
  search: "搜索",
  searchPlaceholder: "搜索笔记本…",
  notebooksNav: "笔记本",
  linkToSection: (text: string) => `链接到本节：${text}`,
  linkToExercise: "链接到这个练习",
  drawnDiagram: "笔记本画出的示意图",
  keys: "按键：",
  stepKeys: [
    ["Enter", "运行这个单元格，并在下一个之前停下"],
    ["s", "跳过这个单元格（之后需要它所声明内容的单元格会指出来）"],
    ["l", "在当前状态的实验环境里打开一个 shell（exit 回到这里）"],
    ["c", "不再停顿，运行余下的单元格"],
    ["j", "按 id 跳到后面的某个单元格，中间的单元格照常运行"],
    ["q", "退出：停在这里并关闭实验环境"],
    ["?", "显示这个列表"],
  ],
  stepPrompt: (id: string) =>
    `[${id}] Enter 运行 · s 跳过 · l 实验环境 · c 继续 · j 跳转 · q 退出 · ? 按键 `,
  stepNeedsTerminal: "--step 需要等待按键，但标准输入不是终端：请在终端里运行，或者去掉 --step",
  stepNotRecorded: "--step 只能实时运行或回放，不能录制",
  stepOneNotebook: "--step 一次只能运行一篇笔记本",
  noLiveLab: (reason: string) =>
    `没有可以打开的实时实验环境：这次运行回放的是录制结果（${reason}）。` +
    "`deno task doctor` 会说明实时实验环境需要什么。",
  shellBefore: (cell: string, exercise?: string) =>
    `实验环境里的 shell，位于单元格 ${cell} 之前${
      exercise ? `，在练习 ${exercise} 处（check、hint、solution、task）` : ""
    }；exit 回到这里。`,
  yourPrediction: (n?: number) =>
    n ? `你的预测（1-${n}，按 Enter 跳过）：` : "你的预测（按 Enter 跳过）：",
  passed: "（已跳过）",
  solutionPrompt: (name: string) =>
    `练习 ${name}：按 Enter 运行参考答案；按 l 打开实验环境，先自己解决。`,
  jumpTo: "跳到单元格：",
  noSuchCell: (id: string) => `没有单元格 "${id}"`,
  notForward: (target: string, id: string) => `单元格 ${target} 不在 ${id} 之后：只能向后跳`,
  predictedRight: (value: string) => `✓ 你预测的是 ${value}：正确。`,
  predictedWrong: (guess: string, value: string) =>
    `✗ 你预测的是 ${guess}；实验环境给出的是 ${value}。`,
  stoppedBefore: (cell: string) => `已停在单元格 ${cell} 之前；实验环境已关闭。`,
  skippedBefore: (ids: string) => `在此之前你跳过了 ${ids}。`,
  stepEnd: (path: string, mode: string) => `✓ ${path}：单步模式运行完毕（${mode}）`,
  usage: `用法：
  deno task notebook                 列出课程（--lang en：英文版）
  deno task notebook NOTEBOOK        运行一篇笔记本：路径，或 01、bridge、zh/07 这样的名字
  deno task notebook all             运行所有笔记本（回放的笔记本共用一个进程）
      --mode auto|live|record|replay   auto（默认）：本机能实时运行就实时运行，否则回放
      --backend auto|netns|vm          实验环境：auto（默认）为 netns；笔记本需要本机内核
                                       缺少的功能时，用微型虚拟机（vm）
        或 ssh://USER@HOST[:PORT]      通过 SSH 在另一台 Linux 机器上运行 netns 实验环境
      --quiet                          只打印单元格的输出
      --timeout 60s                    每个单元格默认的时间限制
      --step                           按键逐个运行单元格（? 列出按键）
      --resume                         回到第一个还没解决的练习
      --reset-progress                 忘掉已完成的笔记本和练习
      --lang en|zh                     使用该语言的课程和提示信息
                                       （默认：笔记本的语言，其次是系统区域设置）
  deno task lab NOTEBOOK             实时运行一篇笔记本，然后在它的实验环境里打开 shell
      --at CELL                        停在该单元格之后（默认：最后一个之后）
      --exercise NAME                  停在某个练习处：在那里可用 check、hint、solution
  deno task exercises [NOTEBOOK]     列出练习：NOTEBOOK NAME  标题
  deno task record [NOTEBOOK ...]    重新录制笔记本（未指定时录制全部）；也可用 --backend
  deno task doctor                   检查实时运行和导出所需的条件
  deno task check [NOTEBOOK ...]     对每篇笔记本的单元格一起做类型检查（未指定时检查全部）
  deno task export --to ipynb|html|md [NOTEBOOK ...|all]
                                     把录制的运行结果导出到 dist/FORMAT/（未指定时导出全部）
      --out DIR                        改为写到该目录
  deno task translations [FOLDER ...] 列出译本（默认 notebooks/zh/），以及每篇是否与原文一致
      --stamp FILE                     记录 FILE 已与原文对齐`,
  noCommand: (command: string) => `没有命令 "${command}"`,
  noOption: (option: string) => `没有选项 ${option}`,
  didYouMean: (what: string) => `；你是不是想用 ${what}？`,
  modeMust: (mode: string) => `--mode 必须是 auto、live、record 或 replay，而不是 "${mode}"`,
  langMust: (lang: string, langs: string) => `--lang 必须是 ${langs} 之一，而不是 "${lang}"`,
  noNotebook: (name: string) => `没有笔记本 ${name}`,
  noNotebookAt: (path: string) => `${path} 处没有笔记本`,
  listThem: "（运行 `deno task notebook` 列出全部）",
  couldBe: (arg: string, hits: string) => `"${arg}" 可能是 ${hits}：请指定其中一个`,
  or: " 或 ",
  isAFolder: (path: string) => `${path} 是一个目录，不是笔记本：请指定其中的某个 .md 文件`,
  errorPrefix: "netbook",
  allSolved: "课程里的每个练习都已解决。做得好！",
  labTakesOne: "deno task lab 只接受一篇笔记本",
  atOrExercise: "--at 和 --exercise 只能选一个",
  noExerciseIn: (path: string, name: string) => `${path} 里没有练习 "${name}"`,
  itHas: (names: string) => `（它有 ${names}）`,
  itHasNone: "（它没有练习）",
  noCellIn: (path: string, id: string) => `${path} 里没有单元格 "${id}"`,
  atExercise: (name: string) => `练习 ${name}`,
  atCell: (id: string) => `单元格 ${id}`,
  theEnd: "末尾",
  inTheLab: (path: string, where: string, failed: boolean) =>
    `你在 ${path} 的实验环境里，${failed ? "位于它失败的地方" : `位于${where}`}。`,
  labCommandsHere: "这里的命令和笔记本单元格里的一样运行（ip netns exec ...、iptables ...）；",
  labExit: "`exit` 或 Ctrl-D 退出 shell 并关闭实验环境。",
  labRequests: "check：解决了吗？  hint：提示  solution：参考答案  task：再看一遍任务",
  buildingLab: (name: string, n: number, total: number, cell: string) =>
    `正在搭建 ${name} 的实验环境：单元格 ${n}/${total}（${cell}）`,
  labInterrupted: "已中断：实验环境已关闭。",
  labNotBuilt: "无法搭建实验环境",
  labNeedsLive: (why: string) => `实验环境的 shell 需要实时实验环境，而 ${why}`,
  labNeedsLiveHelp:
    "`deno task doctor` 会说明需要安装什么；`--backend vm` 在微型虚拟机里运行实验环境。",
  notAtExercise: "这个 shell 不在某个练习处",
  openOneWith: (path: string, names: string) =>
    `；用 deno task lab ${path} --exercise NAME 打开一个（${names}）`,
  cannotCheck: "笔记本已停止，无法检查",
  hintOf: (i: number, n: number, text: string) => `提示 ${i}/${n}：${text}`,
  hintAgain: "（再输入 `hint` 获取下一条）",
  hintFromLabNow: (text: string) => `提示，来自实验环境的当前状态：${text}`,
  noMoreHints: "没有更多提示了：`solution` 显示参考答案",
  referenceSolution: (name: string) => `${name} 的参考答案`,
  countsWithHelp: "（这个练习现在算作借助帮助解决）",
  unknownRequest: (word: string) => `未知的请求 ${word}`,
  progressCleared: (file: string) => `进度已清除（已删除 ${file}）。`,
  noProgress: "没有需要清除的进度。",
  doctorLab: (kind: string, description: string) => `${kind} 实验环境：${description}`,
  doctorStarts: "能启动",
  doctorNotInLab: (pkg: string) => `这个实验环境里没有：它使用本机的 ${pkg}，而本机没有安装`,
  doctorToolsMissing: "缺少它需要的工具",
  doctorCapabilities: "笔记本可以使用的功能，按用途分组",
  doctorKernel: (module: string, lab?: string) =>
    `内核模块：${module}${lab ? `；${lab} 实验环境有它` : ""}`,
  doctorNotHere: "  · = 本机没有：需要它的单元格在实时运行时跳过，回放时使用录制结果",
  doctorExports: "导出",
  doctorInstall: "安装缺少的软件包：",
  doctorLiveWorks: (where?: string) =>
    where ? `可以在 ${where} 上实时运行。` : "本机可以实时运行。",
  doctorLiveCannot: (where?: string) =>
    where
      ? `暂时无法在 ${where} 上实时运行；笔记本会回放录制结果。`
      : "本机暂时无法实时运行；笔记本会回放录制结果。",
  cellFrameNote:
    '*每个代码单元格以 `await nb.cell("…")` 开头：它告诉 netbook 现在运行的是笔记本的哪个' +
    "单元格（这样其中的命令会进入实验环境，或取自这个单元格的录制结果）；以 `await nb.end()` 结尾：它检查" +
    "单元格承诺的内容，并等到 Jupyter 收到这个单元格的全部输出（否则 Deno 内核可能在单元格结束后才显示" +
    "最后几条输出）。请保留这两行，把你自己的代码写在它们之间。*",
  yourTurnCell: "// 轮到你了：用命令改动实验环境，例如\n// await $`ip netns list`;\n",
  jupyterSkipped: (cell: string, note: string | undefined) => `（单元格 ${cell} 已跳过：${note}）`,
  jupyterMode: (mode: string, reason: string) => `模式：${mode} —— ${reason}`,
  kernelPermissions:
    "注意：在 Jupyter 里，单元格运行在拥有全部权限的 Deno 内核中，所以这里没有沙箱，" +
    "回放模式（NETBOOK_MODE=replay）也一样：只有实验环境的命令留在实验环境里（实时）或取自录制结果" +
    "（回放），单元格自己的代码能做你能做的任何事。不信任的笔记本请用 `deno task notebook` 运行。",
  noLabToCheck: (exercise: string, reason: string) =>
    `检查 ${exercise}：这个笔记本在回放录制结果（${reason}），没有实验环境可以评判；` +
    "实时运行它才能做这个练习",
  planNoCells: "它没有单元格：没有什么需要运行",
  planReplayAsked: "按要求：结果来自录制",
  planLabNetns: (rootless: boolean) =>
    `${rootless ? "无 root 权限（rootless）" : "以 root 身份"}，在由私有命名空间组成的沙箱里；` +
    "本机不会有任何改变",
  planLabVm: (kernel: string, accel: string) =>
    `在微型虚拟机里（Linux ${kernel}${
      accel === "kvm" ? "，KVM" : accel === "tcg" ? "，由 qemu 模拟" : ""
    }）；本机不会有任何改变`,
  planLabSsh: (host: string | undefined, kernel: string) =>
    `通过 SSH 在 ${host ?? "另一台机器"} 上（Linux ${kernel}），在由私有命名空间组成的沙箱里；` +
    "那台机器不会有任何改变",
  planLabOther: (kind: string) => `在 ${kind} 实验环境里`,
  planVia: (via: string, lab: string) => `${via}：${lab}`,
  planViaCannotStart: (kind: string, why: string) =>
    `${kind} 实验环境无法在这里启动（${why}），所以改在别处运行`,
  planViaLacks: (kind: string, missing: string, other: string) =>
    `这里的 ${kind} 实验环境缺少 ${missing}，而 ${other} 实验环境有`,
  planNoBackend: "这次运行没有可以启动的实验环境种类（它的选项里 backends 为空）",
  planMachineLacks: (missing: string[]) => `本机缺少 ${missing.join("、")}`,
  planCapability: (name: string, module?: string, pkg?: string) =>
    module && pkg
      ? `${name}（内核模块 ${module}，以及 apt-get install ${pkg}）`
      : module
      ? `${name}（内核模块 ${module}）`
      : `${name}（apt-get install ${pkg}）`,
  planOtherCannotRun: (kind: string, why: string) => `${kind} 实验环境在这里也无法运行：${why}`,
  planOtherDidNotStart: (kind: string, why: string) => `${kind} 实验环境没有启动：${why}`,
  planOtherLacksToo: (kind: string, missing: string) => `${kind} 实验环境同样缺少 ${missing}`,
  planNoteSeparator: "；",
  planAndNotes: (why: string, notes: string) => `${why}（而且 ${notes}）`,
  planReplayFallback: (why: string) => `${why}，所以这次运行回放录制结果`,
  planList: (words: string[]) =>
    words.length < 2 ? words.join("") : `${words.slice(0, -1).join("、")} 和 ${words.at(-1)}`,
  planNoRecording: (notebook: string, record: string) =>
    `${notebook} 没有可以回放的录制。先录制它：${record}`,
  planCannotRunLive: (notebook: string, why: string) => `${notebook} 无法实时运行：${why}`,
  planCannotRunNoRecording: (notebook: string, why: string, record: string) =>
    `${notebook} 无法实时运行（${why}），也还没有可以回放的录制。` +
    `请在能运行实验环境的地方录制它：${record}`,
};

const CATALOGUE: Record<Lang, Messages> = { en: EN, zh: ZH };

/** The language a locale names (`zh_CN.UTF-8` -> zh), if the catalogue has it. */
function langOfLocale(locale: string | undefined): Lang | undefined {
  const code = locale?.split(/[_.@-]/)[0]?.toLowerCase();
  return MESSAGE_LANGS.find((l) => l === code);
}

/** A language the catalogue has, from a notebook's `lang` or a flag (`zh-CN` -> zh). */
export function knownLang(lang: string | undefined): Lang | undefined {
  return langOfLocale(lang);
}

/**
 * The language of the locale, as POSIX picks it: LC_ALL, else LC_MESSAGES, else LANG (an
 * empty one counts as unset); English when none names a language of the catalogue.
 */
export function localeLang(env: { get(key: string): string | undefined } = Deno.env): Lang {
  const locale = ["LC_ALL", "LC_MESSAGES", "LANG"].map((k) => env.get(k)).find((v) => v);
  return langOfLocale(locale) ?? "en";
}

let preferred: Lang | undefined;

/** The language asked for on the command line (`--lang`): it wins over notebooks and locale. */
export function preferLang(lang: Lang | undefined): void {
  preferred = lang;
}

/**
 * The language to speak around a notebook written in `notebookLang`: the one asked for with
 * `--lang`, else the notebook's when it is not English, else the locale's.
 */
export function langFor(notebookLang?: string): Lang {
  const own = knownLang(notebookLang);
  return preferred ?? (own && own !== "en" ? own : localeLang());
}

/** The catalogue in `langFor(notebookLang)`. */
export function messagesFor(notebookLang?: string): Messages {
  return CATALOGUE[langFor(notebookLang)];
}

/** The languages' tags as HTML and hreflang write them: Chinese is the simplified of China. */
const HTML_LANGS: Record<string, string> = { zh: "zh-CN" };

/** A notebook's `lang` as an HTML `lang` attribute (zh -> zh-CN). Pure. */
export function htmlLang(lang: string): string {
  return HTML_LANGS[lang] ?? lang;
}

/**
 * The catalogue in a text's own language (English for one the catalogue lacks), whatever
 * `--lang` says: an export's words follow the page they are on.
 */
export function messagesOf(lang: string | undefined): Messages {
  return CATALOGUE[knownLang(lang) ?? "en"];
}

/** The catalogue in one language. */
export function messagesIn(lang: Lang): Messages {
  return CATALOGUE[lang];
}

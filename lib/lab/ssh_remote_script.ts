import { bwrapArgs, SETPRIV } from "./netns_backend.ts";
import { shellQuote } from "./ssh_target.ts";
import { LAB_IDS, LAB_UID } from "./user_namespace.ts";

/** The programs the lab needs on the other machine, and the Debian packages that have them. */
export const REMOTE_NEEDS = [
  { program: "bwrap", package: "bubblewrap", why: "builds the lab's sandbox there" },
  { program: "perl", package: "perl-base", why: "the lab's agent, there" },
  { program: "bash", package: "bash", why: "runs each command line, there" },
  { program: "ip", package: "iproute2", why: "namespaces, links, addresses, routes, there" },
  { program: "setpriv", package: "util-linux", why: "runs the sandbox as no one, as root there" },
  { program: "unshare", package: "util-linux", why: "makes the lab's ids, as root there" },
] as const;

/** What only root needs there (to make the lab's ids). */
const AS_ROOT = new Set(["setpriv", "unshare"]);

/** What the remote script says on standard error, for the runner to put in words. */
export const SAID = {
  missing: "netbook-ssh-missing:",
  restricted: "netbook-ssh-userns-restricted",
} as const;

/** Stands for the host's program folders in bwrap's arguments: the remote shell's "$@". */
const BINDS = "\0binds";

function words(args: string[]): string {
  return args.map((a) => a === BINDS ? '"$@"' : shellQuote(a)).join(" ");
}

/** Common to both scripts: a PATH with the system folders, what is missing, the userns rule. */
const CHECK = `PATH="\${PATH:-/usr/bin:/bin}:/usr/local/sbin:/usr/sbin:/sbin"; export PATH
missing=
needs="${REMOTE_NEEDS.filter((n) => !AS_ROOT.has(n.program)).map((n) => n.program).join(" ")}"
[ "$(id -u)" = 0 ] && needs="$needs ${[...AS_ROOT].join(" ")}"
for p in $needs; do
  command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
done
restricted=$(cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns 2>/dev/null || echo 0)
`;

/**
 * The script (POSIX sh) the other machine runs, as the one command of the SSH session. It prints
 * `marker` (so that what a login script prints before it is skipped), checks the tools, makes a
 * temporary folder that a trap removes however the script ends, and runs the netns lab's
 * sandbox (the same bwrap command line; the host's program folders are that machine's): as root
 * in a user namespace of LAB_IDS unprivileged ids (made as the netns backend makes it), else as
 * the user. The sandbox's standard input is the SSH channel: the agent arrives by it, and when
 * it closes (the run ended, the connection dropped, netbook was killed) the agent exits and the
 * lab with it; bwrap dies with this script.
 */
export function remoteScript(marker: string): string {
  const range = ["setpriv", ...SETPRIV, "bwrap", ...bwrapArgs(true, [BINDS])];
  const single = ["setpriv", ...SETPRIV, "bwrap", ...bwrapArgs(false, [BINDS])];
  const user = ["bwrap", ...bwrapArgs(false, [BINDS])];
  const holder = [
    "setpriv",
    ...SETPRIV,
    "unshare",
    "--user",
    "--",
    "sh",
    "-c",
    "echo ready; exec sleep 600",
  ];
  return `printf '%s\\n' ${shellQuote(marker)}
${CHECK}if [ -n "$missing" ]; then echo "${SAID.missing}$missing" >&2; exit 3; fi
d=$(mktemp -d "\${TMPDIR:-/tmp}/netbook-ssh.XXXXXX") || exit 4
hp=
trap 'if [ -n "$hp" ]; then kill "$hp" 2>/dev/null; fi; rm -rf "$d"' EXIT
trap 'exit 129' HUP INT TERM
set --
for x in usr bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$x" ]; then set -- "$@" --symlink "$(readlink "/$x")" "/$x"
  elif [ -d "/$x" ]; then set -- "$@" --ro-bind "/$x" "/$x"; fi
done
status=0
if [ "$(id -u)" = 0 ]; then
  mkfifo "$d/ready"
  ${words(holder)} >"$d/ready" </dev/null 2>/dev/null &
  hp=$!
  r=; read -r r <"$d/ready" || true
  if [ "$r" = ready ] && echo "0 ${LAB_UID} ${LAB_IDS}" >"/proc/$hp/uid_map" &&
    echo "0 ${LAB_UID} ${LAB_IDS}" >"/proc/$hp/gid_map" && exec 3<"/proc/$hp/ns/user"; then
    kill "$hp"; wait "$hp" 2>/dev/null; hp=
    ${words(range)} || status=$?
  else
    kill "$hp" 2>/dev/null; wait "$hp" 2>/dev/null; hp=
    ${words(single)} || status=$?
  fi
else
  ${words(user)} || status=$?
fi
if [ "$status" != 0 ] && [ "$restricted" = 1 ] && [ "$(id -u)" != 0 ]; then
  echo "${SAID.restricted}" >&2
fi
exit "$status"
`;
}

/** Says what the other machine has, one "key: value" a line, for `doctor` (see ssh_backend). */
export const SURVEY_SCRIPT = `${CHECK}echo "missing:$missing"
echo "uid: $(id -u)"
echo "restricted: $restricted"
echo "kernel: $(uname -r)"
. /etc/os-release 2>/dev/null; echo "os: \${ID:-} \${VERSION_ID:-}"
`;

/** A script as the one argument of the remote login shell's `-c`, run by sh. */
export function asRemoteCommand(script: string): string {
  return `exec sh -c ${shellQuote(script)} netbook-ssh`;
}

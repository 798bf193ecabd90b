/** Where an SSH lab runs: `ssh://USER@HOST[:PORT]`, as given to `--backend`. */
export interface SshTarget {
  /** The user to log in as; the ssh client's own choice (~/.ssh/config) when not given. */
  user?: string;
  /** A host name or address (an IPv6 address without its brackets). */
  host: string;
  port?: number;
  /** How messages and the mode line name it: USER@HOST[:PORT]. */
  label: string;
}

/** What a user or host name may be: no spaces, no quotes, nothing ssh would take as an option. */
const NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

/**
 * Reads `ssh://USER@HOST[:PORT]` (USER and PORT optional; an IPv6 host in brackets). Pure;
 * throws a TypeError saying what is wrong.
 */
export function parseSshTarget(spec: string): SshTarget {
  const m = /^ssh:\/\/(?:([^@/]*)@)?(\[[0-9A-Fa-f:.]+\]|[^:/@]*)(?::([^/]*))?\/?$/.exec(spec);
  const form = "ssh://USER@HOST or ssh://USER@HOST:PORT";
  if (!m) throw new TypeError(`"${spec}" is not an SSH address: write ${form}`);
  const [, user, rawHost = "", rawPort] = m;
  const host = rawHost.replace(/^\[(.*)\]$/, "$1");
  if (!host || (host === rawHost && !NAME.test(host))) {
    throw new TypeError(`"${spec}" does not name a host: write ${form}`);
  }
  if (user !== undefined && !NAME.test(user)) {
    throw new TypeError(`"${spec}": "${user}" is not a user name`);
  }
  let port: number | undefined;
  if (rawPort !== undefined) {
    port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      throw new TypeError(`"${spec}": the port must be a number from 1 to 65535`);
    }
  }
  const label = `${user ? `${user}@` : ""}${rawHost}${port ? `:${port}` : ""}`;
  return { ...(user ? { user } : {}), host, ...(port ? { port } : {}), label };
}

/**
 * Options from NETBOOK_SSH_OPTIONS, split at white space ("-i ~/.ssh/lab -o ProxyJump=gw");
 * a word may be quoted ('...' or "...") to hold spaces. Pure.
 */
export function splitSshOptions(text: string | undefined): string[] {
  const words: string[] = [];
  for (const m of (text ?? "").matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) {
    // A quoted word without its quotes; else the word (\S+) is the whole match.
    words.push(m[1] ?? m[2] ?? m[0]);
  }
  return words;
}

/**
 * The system ssh client's arguments: never a question on the terminal (BatchMode), no
 * terminal, the user's NETBOOK_SSH_OPTIONS (which come before netbook's defaults, so they win:
 * ssh takes the first value of an option), then the host and the remote command.
 */
export function sshArgs(target: SshTarget, extra: string[], remote: string): string[] {
  return [
    "-o",
    "BatchMode=yes",
    "-T",
    ...extra,
    "-o",
    "ConnectTimeout=20",
    "-o",
    "ServerAliveInterval=15",
    "-o",
    "ServerAliveCountMax=4",
    ...(target.port ? ["-p", String(target.port)] : []),
    ...(target.user ? ["-l", target.user] : []),
    "--",
    target.host,
    remote,
  ];
}

/** Quotes a word for a POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** `--backend ssh://USER@HOST[:PORT]`: what is read from it, and what is refused before ssh runs. */
import assert from "node:assert/strict";
import { backendNamed } from "../../lib/lab/backends.ts";
import { parseSshTarget, splitSshOptions, sshArgs } from "../../lib/lab/ssh_target.ts";

Deno.test("an address gives a user, a host and a port, each optional but the host", () => {
  assert.deepEqual(parseSshTarget("ssh://ada@lab.example:2222"), {
    user: "ada",
    host: "lab.example",
    port: 2222,
    label: "ada@lab.example:2222",
  });
  assert.deepEqual(parseSshTarget("ssh://lima-default"), {
    host: "lima-default",
    label: "lima-default",
  });
  assert.deepEqual(parseSshTarget("ssh://root@[fd00::5]:22/"), {
    user: "root",
    host: "fd00::5",
    port: 22,
    label: "root@[fd00::5]:22",
  });
});

Deno.test("what ssh would take as an option, or is no host, is refused", () => {
  assert.throws(() => parseSshTarget("ssh://-oProxyCommand=touch_x"), /does not name a host/);
  assert.throws(() => parseSshTarget("ssh://-l@host"), /"-l" is not a user name/);
  assert.throws(() => parseSshTarget("ssh://ada@"), /does not name a host/);
  assert.throws(() => parseSshTarget("ssh://ada@host:0"), /port must be a number from 1 to 65535/);
  assert.throws(() => parseSshTarget("ssh://ada@host:22x"), /port must be a number/);
  assert.throws(() => parseSshTarget("ssh://a b@host"), /is not a user name/);
  assert.throws(() => parseSshTarget("http://host"), /not an SSH address/);
});

Deno.test("the host comes after --, once, with BatchMode first and the user's options next", () => {
  const args = sshArgs(parseSshTarget("ssh://ada@h:2200"), ["-o", "BatchMode=no"], "CMD");
  assert.deepEqual(args.slice(0, 3), ["-o", "BatchMode=yes", "-T"]);
  assert.deepEqual(args.slice(3, 5), ["-o", "BatchMode=no"]); // ssh keeps the first: still yes
  assert.deepEqual(args.slice(-3), ["--", "h", "CMD"]);
  assert.deepEqual(args.slice(-7, -3), ["-p", "2200", "-l", "ada"]);
});

Deno.test("NETBOOK_SSH_OPTIONS splits at spaces, and quotes hold them", () => {
  assert.deepEqual(splitSshOptions(` -i "/My Keys/lab" -o 'ProxyJump=gw.example'  -4`), [
    "-i",
    "/My Keys/lab",
    "-o",
    "ProxyJump=gw.example",
    "-4",
  ]);
  assert.deepEqual(splitSshOptions(undefined), []);
});

Deno.test("--backend takes an ssh:// address; the unknown-backend message shows the form", () => {
  const backend = backendNamed("ssh://ada@lab.example");
  assert.equal(backend.kind, "ssh");
  assert.match(backend.description, /ada@lab\.example/);
  assert.throws(() => backendNamed("warp"), /known: netns, vm, ssh:\/\/USER@HOST\[:PORT\]/);
});

/**
 * What the micro-VM adds to the lab contract: it runs Debian's kernel (the one it says in its
 * info), with the modules this machine may lack (ipip, gre, dummy, ip_vs, netem ...) and the
 * tools of the curriculum (this machine's, from its /usr); it has no network device at all
 * besides loopback; and once built, its image is reused from the cache.
 */
import assert from "node:assert/strict";
import { type Capability, REGISTRY } from "../../lib/capability/registry.ts";
import { vmBackend } from "../../lib/lab/vm_backend.ts";
import { findKernel } from "../../lib/lab/vm/kernel.ts";

const support = await vmBackend.support();
const ignore = !support.ok && !Deno.env.get("CI");
if (ignore) console.warn(`ignoring the micro-VM tests: ${support.reason}`);
const decoder = new TextDecoder();

/** What the curriculum asks of the VM (everything the registry says it supplies). */
const BROUGHT: Capability[] = [
  "netns",
  "veth",
  "bridge",
  "br_netfilter",
  "vxlan",
  "ipip",
  "gre",
  "dummy",
  "ipvs",
  "ipset",
  "netem",
  "iptables",
  "conntrack",
  "bird",
  "socat",
  "curl",
  "tcpdump",
  "traceroute",
  "ethtool",
];

Deno.test(
  { name: "the micro-VM runs Debian's kernel, with what this one lacks", ignore },
  async () => {
    const lab = await vmBackend.start();
    try {
      const uname = decoder.decode((await lab.exec("uname -r")).stdout).trim();
      assert.equal(uname, (await findKernel()).release);
      assert.equal(lab.info.kernel, uname);
      assert.ok(lab.info.accel === "tcg" || lab.info.accel === "kvm", `accel ${lab.info.accel}`);
      const has = await lab.probe(BROUGHT);
      const absent = BROUGHT.filter((c) => !has.has(c));
      assert.deepEqual(
        absent,
        [],
        "the VM runs this machine's own tools; for those it lacks: apt-get install " +
          [...new Set(absent.map((c) => REGISTRY[c].package ?? c))].join(" "),
      );
      for (const c of BROUGHT) {
        assert.ok(
          vmBackend.supplies(c),
          `the registry says vm: false for ${c}`,
        );
      }
      // The real tools, not busybox's applets, and iptables on nf_tables as on the host.
      const versions = decoder.decode((await lab.exec("ip -V; iptables -V; ipvsadm -v")).stdout);
      assert.match(versions, /iproute2-/);
      assert.match(versions, /\(nf_tables\)/);
      assert.match(versions, /ipvsadm v1\./);
      // Programs the curriculum calls beyond the capabilities' own (stdbuf preloads a library).
      const programs =
        "route stdbuf xtables-monitor ss bridge tc ipset iptables-save iptables-restore " +
        "nsenter unshare setsid timeout sysctl pgrep awk xargs";
      const lacking = await lab.exec(
        `for p in ${programs}; do command -v $p >/dev/null || echo $p; done`,
      );
      assert.equal(decoder.decode(lacking.stdout), "", "programs missing from the VM");
      assert.equal(decoder.decode((await lab.exec("stdbuf -oL echo ok")).stdout), "ok\n");
    } finally {
      await lab.close();
    }
  },
);

Deno.test({ name: "the micro-VM has no network device to the outside", ignore }, async () => {
  const lab = await vmBackend.start();
  try {
    const r = await lab.exec(
      "ls /sys/class/net; echo --; cat /sys/bus/pci/devices/*/class; echo --; ip route; ip -6 route",
    );
    const [links, classes, routes] = decoder.decode(r.stdout).split("--\n");
    assert.equal(links, "lo\n", "a network interface other than loopback");
    assert.ok(classes !== undefined, "the VM listed no PCI device classes");
    const nics = classes.split("\n").filter((c) => c.startsWith("0x02"));
    assert.deepEqual(nics, [], "a PCI network controller in the VM");
    assert.equal(routes, "", "a route in a VM that should have none");
    // Loading dummy, ifb and bonding makes no device of their own (dummy0, ifb0, bond0).
    const loaded = await lab.exec(
      "for t in dummy ifb bond; do ip link add nbt0 type $t && ip link del nbt0; done; " +
        "ip -br link | cut -d' ' -f1",
    );
    assert.equal(decoder.decode(loaded.stdout), "lo\n", decoder.decode(loaded.stderr));
  } finally {
    await lab.close();
  }
});

Deno.test({ name: "a second start boots the cached image, building nothing", ignore }, async () => {
  const first = await vmBackend.start();
  await first.close();
  const heard: string[] = [];
  const started = performance.now();
  const second = await vmBackend.start({ onProgress: (m) => heard.push(m) });
  const ms = performance.now() - started;
  await second.close();
  assert.deepEqual(heard, [], "the second start reported building work");
  console.log(`the cached VM started in ${Math.round(ms)} ms (${second.info.accel})`);
});

import { z } from "zod";

/** Kernel features and tools a notebook (or one cell) can require. */
export const CAPABILITIES = [
  "netns",
  "veth",
  "bridge",
  "vxlan",
  "iptables",
  "conntrack",
  "ethtool",
  "ipip",
  "gre",
  "ipvs",
  "dummy",
  "netem",
  "bird",
  "nginx",
  "cni",
  "socat",
  "curl",
  "tcpdump",
] as const;

export const Capability = z.enum(CAPABILITIES);
export type Capability = z.infer<typeof Capability>;

/** A notebook's YAML front matter. Unknown keys are an error, never ignored. */
export const FrontMatter = z.strictObject({
  title: z.string().min(1),
  summary: z.string().min(1),
  objectives: z.array(z.string().min(1)).min(1),
  requires: z.array(Capability).default([]),
  sources: z.array(z.strictObject({
    seed: z.string().regex(/^\d{3}$/, "a seed is named by its three-digit number, e.g. 000"),
    section: z.string().min(1),
  })).default([]),
  lang: z.string().default("en"),
});
export type FrontMatter = z.infer<typeof FrontMatter>;

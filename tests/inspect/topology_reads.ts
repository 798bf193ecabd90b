/** Lab topologies rebuilt from recorded reads, as lab.topology() reads them. */
import { parseNamespaceDump } from "../../lib/inspect/namespace_dump.ts";
import { type TopologyModel, topologyModel } from "../../lib/inspect/topology_model.ts";

/** A recorded lab call: the command and what it printed. */
export interface Call {
  command: string;
  stdout: string;
}

/** The topologies recorded calls read: each read of every namespace (see namespace_dump.ts). */
export function topologiesIn(calls: Call[]): TopologyModel[] {
  return calls
    .filter((call) => call.command.startsWith("for ns in '' $(ip netns list"))
    .map((call) => topologyModel(parseNamespaceDump(call.stdout)));
}

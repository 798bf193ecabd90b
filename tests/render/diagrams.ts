/** Mermaid diagrams shared by the render tests and the benchmark. */

/** Two network namespaces joined by a veth pair, as the first notebook draws them. */
export const VETH_PAIR = `flowchart LR
  subgraph client["netns client"]
    c0["veth-client<br/>10.0.0.11/24"]
  end
  subgraph server["netns server"]
    s0["veth-server<br/>10.0.0.12/24"]
  end
  c0 <-->|veth pair| s0`;

/** A ping across the pair. */
export const PING = `sequenceDiagram
  participant C as client
  participant S as server
  C->>S: ICMP echo request
  S-->>C: ICMP echo reply`;

/** A diagram type beautiful-mermaid does not draw. */
export const PIE = `pie title Packets
  "TCP" : 386
  "UDP" : 85`;

/** A flowchart with a syntax error: an unclosed bracket. */
export const BROKEN = `flowchart LR
  client --> server[eth0`;

/**
 * 04's intro as first written: beautiful-mermaid draws the internet namespace's server inside
 * the node's box and loses the internet group, at any width.
 */
export const MISPLACED = `flowchart LR
  subgraph pod["netns pod"]
    pe["eth0<br/>10.244.1.2/24"]
  end
  subgraph node["lab host (the node)"]
    vp["veth-pod"]
    br["cni0<br/>10.244.1.1/24"]
    ne["eth0<br/>203.0.113.1/24"]
  end
  subgraph internet["netns internet"]
    ie["eth0<br/>203.0.113.10/24<br/>server on :8080"]
  end
  pe <-- "veth pair" --> vp
  vp --- br
  ne <-- "veth pair" --> ie`;

/** A group used as an edge end, which beautiful-mermaid draws as a box of its own. */
export const GROUP_AS_END = `flowchart LR
  subgraph n1["node 1"]
    p1["pod A"]
  end
  subgraph n2["node 2"]
    p2["pod C"]
  end
  n2 -- "node to pod" --> p1
  p1 -- "across nodes" --> p2`;

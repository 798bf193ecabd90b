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

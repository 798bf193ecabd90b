/** beautiful-mermaid (draws mermaid diagrams as terminal art). */
export * from "npm:beautiful-mermaid@1.1.3";

/** @babel/parser (reads cells' TypeScript to turn a notebook into steps). */
export * from "npm:@babel/parser@8.1.2";

/** zod (schemas for fixtures, front matter, exercises and progress). */
export * from "npm:zod@4.6.7";

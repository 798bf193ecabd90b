/** get-east-asian-width (a code point's East Asian Width: one column or two). */
export { eastAsianWidth } from "npm:get-east-asian-width@1.7.0";

// `node dist/src/syntax/buildRecipe.js`: part of `npm run build`, see grammar.ts.
import { writeGrammarRecipe } from "./grammar.js";

process.stdout.write(`wrote ${writeGrammarRecipe()}\n`);

// Loads grammar/spl.ohm once. Building an Ohm grammar from source takes ~350 ms, so the build step
// (`npm run build`) also writes the grammar's recipe to dist/spl.ohm-recipe.json, which loads in a few
// milliseconds; it is used only while its recorded hash matches grammar/spl.ohm, so an edited grammar
// is never silently ignored.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as OhmModule from "ohm-js";

// Ohm's CommonJS build (the same version, one file: dist/ohm.cjs) loads faster than its ES module build
// (~50 files): alone, 33 ms against 65 ms; importing spelunk and loading the grammar, 181 ms against 193
// ms (medians of 15), on every start of the command line.
const ohm = createRequire(import.meta.url)("ohm-js") as typeof OhmModule;

let cached: OhmModule.Grammar | undefined;

// Ohm exports these at run time but its type declarations leave them out.
const ohmRecipes = ohm as unknown as { makeRecipe(recipe: unknown): OhmModule.Grammar };
type RecipeGrammar = OhmModule.Grammar & { toRecipe(): string };

/** The package root: the nearest directory above this module that holds grammar/spl.ohm. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "grammar", "spl.ohm"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("spelunk: grammar/spl.ohm not found above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

interface RecipeFile {
  readonly sha256: string;
  readonly recipe: unknown;
}

function recipePath(root: string): string {
  return join(root, "dist", "spl.ohm-recipe.json");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function splGrammar(): OhmModule.Grammar {
  if (cached) return cached;
  const root = packageRoot();
  const source = readFileSync(join(root, "grammar", "spl.ohm"), "utf8");
  const hash = sha256(source);
  const path = recipePath(root);
  if (existsSync(path)) {
    const file = JSON.parse(readFileSync(path, "utf8")) as RecipeFile;
    if (file.sha256 === hash) cached = ohmRecipes.makeRecipe(file.recipe);
  }
  cached ??= ohm.grammar(source);
  return cached;
}

/** Write dist/spl.ohm-recipe.json (run by the build). */
export function writeGrammarRecipe(): string {
  const root = packageRoot();
  const source = readFileSync(join(root, "grammar", "spl.ohm"), "utf8");
  const recipe: unknown = JSON.parse((ohm.grammar(source) as RecipeGrammar).toRecipe());
  const path = recipePath(root);
  writeFileSync(path, JSON.stringify({ sha256: sha256(source), recipe } satisfies RecipeFile));
  return path;
}

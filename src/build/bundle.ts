// The command line as one file (run by `npm run build`, after tsc): Node starts a command faster from
// one bundled module than from the ~140 modules tsc writes (and the ~80 of its dependencies), as it
// resolves, reads and compiles each module on its own: `spelunk run` over the bundled example took
// 0.32-0.47 s bundled against 0.50-0.67 s. dist/bundle/ holds the command line (main.js), the library
// (index.js, the package's entry point) and the worker threads' scripts under the names the code
// that starts them asks for (new URL("./scan-worker.js", import.meta.url) and so on), so that each
// bundle finds its workers beside it. The modules under dist/src stay as tsc wrote them: the tests
// use both.
import { build } from "esbuild";
import { join } from "node:path";
import { packageRoot } from "../syntax/grammar.js";

const root = packageRoot();
const src = join(root, "dist", "src");
const entries = ["cli/main.js", "index.js", "events/scan-worker.js", "cli/run-worker.js", "cli/repl-worker.js", "detections/worker.js"].map((p) => join(src, p));

await build({
  entryPoints: entries,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outdir: join(root, "dist", "bundle"),
  entryNames: "[name]",
  sourcemap: true,
  // CommonJS dependencies (commander, yaml) call require(), which an ES module does not have.
  banner: { js: 'import { createRequire as __spelunkCreateRequire } from "node:module"; const require = __spelunkCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
console.log(`wrote ${join(root, "dist", "bundle")} (${entries.length} bundles)`);

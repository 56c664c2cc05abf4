// security_content keeps lookup definitions and tables in lookups/, beside detections/ (the corpus
// layout: <checkout>/detections/<category>/<name>.yml, <checkout>/lookups/). Given a detection file or
// folder, or the checkout itself, find that lookups/ folder so that the CLI can add it to --lookups.
import { statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The lookups/ folder of the security_content checkout that `path` is in, or null. */
export function findSecurityContentLookups(path: string): string | null {
  let p = resolve(path);
  for (;;) {
    if (isDir(join(p, "detections")) && isDir(join(p, "lookups"))) return join(p, "lookups");
    if (basename(p) === "detections" && isDir(join(dirname(p), "lookups"))) return join(dirname(p), "lookups");
    const parent = dirname(p);
    if (parent === p) return null;
    p = parent;
  }
}

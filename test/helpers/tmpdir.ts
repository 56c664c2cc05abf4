// A temporary folder of its own for each test of a file, as os.tmpdir() (which reads TMPDIR), to see
// what a run leaves there (the spilling time sort must leave nothing).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";

/** Call at the top of a test file; the function returned gives the current test's folder. */
export function ownTmpdir(): () => string {
  let dir = "";
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.TMPDIR;
    dir = mkdtempSync(join(tmpdir(), "spelunk-test-tmp-"));
    process.env.TMPDIR = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}

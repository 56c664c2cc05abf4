// Where ../shared is. The suite that reads it fails (never skips) when it is missing: CI runs it with
// ../shared beside the clone, and a silent skip would hide a broken setup.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const SHARED = resolve(import.meta.dirname, "..", "..", "..", "shared");

export function sharedPath(...parts: string[]): string {
  const p = join(SHARED, ...parts);
  if (!existsSync(p))
    throw new Error(`${p} is missing: npm run test:shared needs ../shared beside the project (CI=${process.env["CI"] ?? "unset"})`);
  return p;
}

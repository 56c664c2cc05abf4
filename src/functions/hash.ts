// Cryptographic functions (Splunk's "Cryptographic functions" page): the lowercase hex digest of the
// value's UTF-8 text (spl-semantics.md 4.4), computed with node:crypto.
import { createHash } from "node:crypto";
import { strict } from "./define.js";
import { perText } from "./helpers.js";
import type { FunctionSpec } from "./types.js";

function digest(name: string, algorithm: string): FunctionSpec {
  return strict(name, 1, 1, ([v]) => perText(v!, (s) => createHash(algorithm).update(s, "utf8").digest("hex")));
}

export const HASH_FUNCTIONS: FunctionSpec[] = [
  digest("md5", "md5"),
  digest("sha1", "sha1"),
  digest("sha256", "sha256"),
  digest("sha512", "sha512"),
];

// Lookup names and definition file names are looked up inside the configured directories only: a name
// that could reach outside them (a path separator, `..`, an absolute path) is refused outright rather
// than resolved and checked afterwards.
import { isAbsolute, win32 } from "node:path";
import { SplError } from "../diagnostics.js";

/** Throw a bad-argument error unless `name` is a plain name inside a lookup directory. */
export function checkLookupName(name: string): void {
  if (name === "" || name.includes("/") || name.includes("\\") || name.includes("..") || name.includes("\0") || isAbsolute(name) || win32.isAbsolute(name))
    throw new SplError("bad-argument", `Invalid lookup name '${name}': lookup names cannot escape their configured directories`, null);
}

/** A CSV lookup file name, as inputlookup accepts them: `.csv` or `.csv.gz` (S38 inputlookup). */
export function isCsvFileName(name: string): boolean {
  return /\.csv(\.gz)?$/i.test(name);
}

// Opening a GeoIP database (--geoip, SPELUNK_GEOIP, SearchOptions.geoip): the file is read once into
// memory and kept by path, so that a run (its subsearches, the searches of `spelunk check` and of a
// REPL session) reads it once. A file changed since (size or modification time) is read again.
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { MmdbError, MmdbReader } from "./mmdb.js";

const opened = new Map<string, { readonly stamp: string; readonly reader: MmdbReader }>();

/** The database at `path`. Throws an MmdbError naming the file when it cannot be read or is not valid. */
export function openGeoDatabase(path: string): MmdbReader {
  const full = resolve(path);
  let stamp: string;
  let buf: Buffer;
  try {
    const st = statSync(full);
    stamp = `${st.size}:${st.mtimeMs}`;
    const cached = opened.get(full);
    if (cached?.stamp === stamp) return cached.reader;
    buf = readFileSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "a directory, not a file" : (e as Error).message;
    throw new MmdbError(`cannot read the GeoIP database ${path}: ${why}`);
  }
  const reader = new MmdbReader(buf, path);
  opened.set(full, { stamp, reader });
  return reader;
}

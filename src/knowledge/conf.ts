// Splunk .conf files (props.conf and friends): `[stanza]` headers, `KEY = value` lines, `#` comments,
// a trailing backslash continues a value on the next line. Keys keep their order; Maps throughout.

export interface ConfStanza {
  readonly name: string;
  readonly entries: Map<string, string>;
  /** 1-based line number of each key, for error messages. */
  readonly lines: Map<string, number>;
}

export class ConfError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line: number,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

export function parseConf(text: string, file: string): ConfStanza[] {
  const stanzas: ConfStanza[] = [];
  let current: ConfStanza | null = null;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const lineNo = i + 1;
    while (line.endsWith("\\") && i + 1 < lines.length) {
      line = line.slice(0, -1) + "\n" + lines[++i]!;
    }
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (trimmed.startsWith("[")) {
      if (!trimmed.endsWith("]")) throw new ConfError(`unterminated stanza header ${trimmed}`, file, lineNo);
      current = { name: trimmed.slice(1, -1).trim(), entries: new Map(), lines: new Map() };
      stanzas.push(current);
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) throw new ConfError(`expected KEY = value, found ${JSON.stringify(trimmed)}`, file, lineNo);
    if (!current) throw new ConfError("a setting before any [stanza]", file, lineNo);
    const key = line.slice(0, eq).trim();
    current.entries.set(key, line.slice(eq + 1).trim());
    current.lines.set(key, lineNo);
  }
  return stanzas;
}

// `spelunk repl`: the text side of the REPL, without any I/O: when an input needs another line, how
// piped input splits into searches, and tab completion.

/**
 * Whether `text` (the lines typed so far) is an unfinished search: it ends with `|`, or a `(`, `[`,
 * `"` or backtick is still open.
 */
export function needsMore(text: string): boolean {
  if (/\|\s*$/.test(text)) return true;
  let paren = 0;
  let bracket = 0;
  let quote = false;
  let backtick = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === '"') quote = false;
    } else if (ch === '"') quote = true;
    else if (ch === "`") backtick = !backtick;
    else if (ch === "(") paren++;
    else if (ch === ")") paren = Math.max(0, paren - 1);
    else if (ch === "[") bracket++;
    else if (ch === "]") bracket = Math.max(0, bracket - 1);
  }
  return quote || backtick || paren > 0 || bracket > 0;
}

/**
 * Piped input as a list of inputs (searches and dot commands). A blank line ends an input; a line
 * continues the one before when that one is unfinished (`needsMore`) or when it starts with `|`.
 * A dot command is always one line.
 */
export function splitInputs(text: string): string[] {
  const inputs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) inputs.push(current.join("\n"));
    current = [];
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line.trim() === "") {
      flush();
      continue;
    }
    const continues = current.length > 0 && !current[0]!.trimStart().startsWith(".") && (needsMore(current.join("\n")) || line.trimStart().startsWith("|"));
    if (!continues) flush();
    current.push(line);
  }
  flush();
  return inputs;
}

/** What tab completion can offer. */
export interface CompletionWords {
  readonly commands: readonly string[];
  readonly functions: readonly string[];
  readonly macros: readonly string[];
  readonly fields: readonly string[];
}

export const DOT_COMMANDS = [".help", ".data", ".macros", ".fields", ".format", ".expand", ".explain", ".exit"] as const;

/**
 * Completions for `line` (the text before the cursor), as node:readline's completer returns them:
 * the candidates and the word they replace. `continued`: the line continues a search whose last line
 * ended with `|`, so its first word is a command name.
 */
export function complete(line: string, words: CompletionWords, continued = false): [string[], string] {
  const pick = (candidates: readonly string[], word: string): [string[], string] => [[...new Set(candidates.filter((c) => c.startsWith(word)))], word];
  if (!continued && /^\s*\.\w*$/.test(line)) return pick(DOT_COMMANDS, line.trimStart());
  // Inside backticks: a macro name.
  const ticks = line.split("`").length - 1;
  if (ticks % 2 === 1) {
    const m = /`([^`(\s]*)$/.exec(line);
    return m ? pick(words.macros, m[1]!) : [[], ""];
  }
  const word = /[\w.{}@:-]*$/.exec(line)![0];
  const before = line.slice(0, line.length - word.length);
  // A command name: right after `|`, or first on a line that continues one ending with `|`.
  if (/\|\s*$/.test(before) || (continued && before.trim() === "")) return pick(words.commands, word);
  // The command the word belongs to: the first word after the last `|`.
  const segment = before.slice(before.lastIndexOf("|") + 1);
  const command = before.includes("|") || continued ? (/^\s*(\w+)/.exec(segment)?.[1] ?? "") : "search";
  const functions = /^(eval|where|fieldformat)$/i.test(command) && !/\bas\s*$/i.test(before) ? words.functions.map((f) => f + "(") : [];
  return pick([...functions, ...words.fields], word);
}

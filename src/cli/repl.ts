// `spelunk repl`: an interactive prompt for searches over event files loaded once (issue #6). On a
// terminal: a readline prompt with history, tab completion and Ctrl-C, inputs evaluated on a worker
// thread (repl-worker.ts); with piped stdin: one search per line or block, no prompt.
import { readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { Worker } from "node:worker_threads";
import { removeSortFolders } from "../timeorder.js";
import { evaluate, type ReplConfig, type ReplReply, type ReplRequest } from "./repl-eval.js";
import { complete, needsMore, splitInputs, type CompletionWords } from "./repl-text.js";
import { EXIT, geoipPath } from "./run.js";

export interface ReplOptions {
  data?: string[];
  macros?: string[];
  lookups?: string[];
  geoip?: string;
  sourcetype?: string;
  tz?: string;
  now?: string;
  format?: string;
}

const PROMPT = "spelunk> ";
const MORE = "...> ";
const HISTORY_SIZE = 1000;

function parseNow(text: string): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms / 1000;
}

export async function replCommand(opts: ReplOptions): Promise<number> {
  let now: number | undefined;
  if (opts.now !== undefined) {
    const n = parseNow(opts.now);
    if (n === null) {
      process.stderr.write(`spelunk: --now ${opts.now}: expected epoch seconds or an ISO 8601 time\n`);
      return EXIT.query;
    }
    now = n;
  }
  const format = opts.format === "json" || opts.format === "csv" ? opts.format : "table";
  const geoip = geoipPath(opts.geoip);
  const config: ReplConfig = {
    data: opts.data ?? [],
    macros: opts.macros ?? [],
    lookups: opts.lookups ?? [],
    tz: opts.tz ?? "UTC",
    format,
    ...(now !== undefined ? { now } : {}),
    ...(opts.sourcetype !== undefined ? { sourcetype: opts.sourcetype } : {}),
    ...(geoip !== undefined ? { geoip } : {}),
  };
  return process.stdin.isTTY ? interactive(config) : piped(config);
}

/** Piped stdin: every input in turn; 65 when any could not run. */
async function piped(config: ReplConfig): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  let failed = false;
  for (const input of splitInputs(Buffer.concat(chunks).toString("utf8"))) {
    const reply = await evaluate({ input, config, width: 0, completion: false });
    process.stdout.write(reply.out);
    process.stderr.write(reply.err);
    if (reply.status === "error") failed = true;
    if (reply.status === "exit") break;
    config = reply.config;
  }
  return failed ? EXIT.query : EXIT.ok;
}

/** The worker thread that evaluates inputs; Ctrl-C terminates it and the next input starts another. */
class Evaluator {
  private worker: Worker | null = null;
  private settle: ((r: ReplReply | null) => void) | null = null;

  run(req: ReplRequest): Promise<ReplReply | null> {
    const worker = (this.worker ??= this.start());
    worker.ref();
    return new Promise((resolve) => {
      this.settle = (r) => {
        this.settle = null;
        worker.unref();
        resolve(r);
      };
      worker.postMessage(req);
    });
  }

  private start(): Worker {
    const worker = new Worker(new URL("./repl-worker.js", import.meta.url));
    worker.on("message", (m: { reply?: ReplReply; internal?: string }) => {
      if (m.internal !== undefined) process.stderr.write(`spelunk: internal error: ${m.internal}\n`);
      this.settle?.(m.reply ?? null);
    });
    worker.on("error", (e) => {
      process.stderr.write(`spelunk: internal error: ${e.stack ?? e.message}\n`);
      this.worker = null;
      this.settle?.(null);
    });
    return worker;
  }

  get busy(): boolean {
    return this.settle !== null;
  }

  /** Stop the running input (resolving it with null). */
  cancel(): void {
    const worker = this.worker;
    this.worker = null;
    this.settle?.(null);
    if (worker) {
      const thread = worker.threadId;
      void worker.terminate().then(() => removeSortFolders(thread));
    }
  }
}

function historyPath(): string {
  return process.env["SPELUNK_HISTORY"] || join(homedir(), ".spelunk_history");
}

function loadHistory(path: string): string[] {
  try {
    return readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "").reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(path: string, history: readonly string[]): void {
  try {
    writeFileSync(path, [...history].reverse().join("\n") + "\n");
  } catch {
    // A history that cannot be written is not worth stopping for.
  }
}

/** A terminal: prompt, read (several lines while unfinished), evaluate on the worker, print. */
function interactive(initial: ReplConfig): Promise<number> {
  let config = initial;
  let words: CompletionWords = { commands: [], functions: [], macros: [], fields: [] };
  let wordsKey = "";
  const keyOf = (c: ReplConfig) => JSON.stringify([c.data, c.macros, c.sourcetype ?? null]);
  const lines: string[] = [];
  let closed = false;
  const evaluator = new Evaluator();
  const history = historyPath();

  const rl: Interface = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: true,
    prompt: PROMPT,
    history: loadHistory(history),
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string): [string[], string] => complete(line, words, lines.length > 0 && /\|\s*$/.test(lines[lines.length - 1]!)),
  });
  rl.on("history", (h: string[]) => saveHistory(history, h));

  const prompt = () => {
    rl.setPrompt(lines.length > 0 ? MORE : PROMPT);
    rl.prompt();
  };

  const submit = async (input: string) => {
    const key = keyOf(config);
    const reply = await evaluator.run({ input, config, width: process.stdout.columns ?? 0, completion: key !== wordsKey });
    if (reply === null) {
      process.stdout.write("(stopped)\n");
      return;
    }
    process.stdout.write(reply.out);
    process.stderr.write(reply.err);
    config = reply.config;
    if (reply.completion) {
      words = reply.completion;
      wordsKey = key;
    }
    if (reply.status === "exit") rl.close();
  };

  // Inputs run one after the other; Ctrl-C while one runs stops it and drops the ones typed after it.
  let chain: Promise<void> = Promise.resolve();
  let waiting = 0;
  let generation = 0;
  const enqueue = (job: () => Promise<void>) => {
    const gen = generation;
    waiting++;
    chain = chain
      .then(() => (gen === generation ? job() : undefined))
      .finally(() => {
        if (--waiting === 0 && !closed) prompt();
      });
  };

  rl.on("line", (line: string) => {
    lines.push(line);
    const text = lines.join("\n");
    if (text.trim() === "") lines.length = 0;
    else if (text.trimStart().startsWith(".") || !needsMore(text)) {
      lines.length = 0;
      enqueue(() => submit(text));
      return;
    }
    if (waiting === 0) prompt();
  });

  rl.on("SIGINT", () => {
    if (evaluator.busy) {
      generation++;
      evaluator.cancel();
      return;
    }
    // At the prompt: forget the line (and any unfinished lines before it).
    rl.write(null, { ctrl: true, name: "e" });
    rl.write(null, { ctrl: true, name: "u" });
    lines.length = 0;
    process.stdout.write("^C\n");
    prompt();
  });

  return new Promise((resolve) => {
    rl.on("close", () => {
      closed = true;
      process.stdout.write("\n");
      evaluator.cancel();
      resolve(EXIT.ok);
    });
    process.stdout.write('spelunk: type a search, or .help (Ctrl-D leaves)\n');
    // The completion words (and the field list) are loaded before the first input.
    enqueue(async () => {
      const r = await evaluator.run({ input: "", config, width: 0, completion: true });
      if (r?.completion) {
        words = r.completion;
        wordsKey = keyOf(config);
      }
    });
  });
}

// Diagnostics: everything a user can get wrong becomes one of these, with a stable code, a message
// and a span in the text the user wrote.
import type { Span } from "./syntax/ast.js";

export type DiagnosticCode =
  | "syntax-error"
  | "unknown-macro"
  | "macro-cycle"
  | "macro-arguments"
  | "macro-expansion-limit"
  | "macro-definition"
  | "unsupported-command"
  | "unsupported-function"
  | "unsupported-argument"
  | "bad-argument"
  | "function-arity"
  | "runtime-error"
  | "input-error"
  | "timestamp"
  /** A warning: a limit (map's maxsearches) left some of the work undone, as Splunk's message says. */
  | "limit";

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  /** Where, in the user's original text (null when the problem has no place in the query). */
  readonly span: Span | null;
}

/** Thrown by the stages before execution; `spl.ts` turns it into a diagnostic result. */
export class SplError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(code: DiagnosticCode, message: string, span: Span | null) {
    super(message);
    this.name = "SplError";
    this.diagnostic = { code, severity: "error", message, span };
  }
}

/**
 * A code frame: the line of `text` holding `span`, with a caret line under it, prefixed by
 * "line L, column C". Columns are 1-based and count characters.
 */
export function codeFrame(text: string, span: Span): string {
  const start = Math.max(0, Math.min(span.start, text.length));
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  let lineEnd = text.indexOf("\n", start);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  const lineNo = countNewlines(text, lineStart) + 1;
  const col = start - lineStart + 1;
  const width = Math.max(1, Math.min(span.end, lineEnd) - start);
  const gutter = `${lineNo} | `;
  const pad = " ".repeat(gutter.length) + line.slice(0, col - 1).replace(/[^\t]/g, " ");
  return `line ${lineNo}, column ${col}:\n${gutter}${line}\n${pad}${"^".repeat(width)}`;
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** "message" followed by the code frame, as the CLI prints a diagnostic. */
export function formatDiagnostic(d: Diagnostic, text: string): string {
  const head = `${d.severity} [${d.code}]: ${d.message}`;
  return d.span ? `${head}\n${codeFrame(text, d.span)}` : head;
}

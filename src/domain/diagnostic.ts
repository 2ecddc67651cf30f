/** Where a problem is: a file position and/or a field path inside a document. */
export interface SourceLocation {
  readonly file?: string;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
  /** Field path inside the document, such as `tenants[2].environments[0].timezone`. */
  readonly path?: string;
}

export type Severity = "error" | "warning" | "info";

/** One problem found in an input, with a stable code, a human sentence and where it is. */
export interface Diagnostic extends SourceLocation {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** What to do about it, e.g. "did you mean `timezone`?". */
  readonly hint?: string;
}

/** `file:line:column: severity code: message (path) hint` — one line, for terminals and CI logs. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line, d.column].filter((x) => x !== undefined).join(":");
  const path = d.path ? ` at ${d.path}` : "";
  const hint = d.hint ? ` — ${d.hint}` : "";
  return `${where ? `${where}: ` : ""}${d.severity} ${d.code}: ${d.message}${path}${hint}`;
}

/** Sorts diagnostics by file, line, column, then code, so output is deterministic. */
export function sortDiagnostics<T extends Diagnostic>(list: readonly T[]): T[] {
  return [...list].sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.code.localeCompare(b.code) ||
      (a.path ?? "").localeCompare(b.path ?? ""),
  );
}

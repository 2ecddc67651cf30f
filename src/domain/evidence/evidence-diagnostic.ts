import type { Diagnostic } from "../diagnostic.js";

/**
 * Stable codes of the problems evidence parsing reports. Tools and tests match on these, never on
 * message text.
 */
export type EvidenceDiagnosticCode =
  // the file
  | "file-too-large"
  | "empty-file"
  // syntax
  | "json-syntax"
  | "xml-syntax"
  | "too-deep"
  | "xml-doctype-refused"
  // format
  | "wrong-format"
  | "unsupported-version"
  // fields
  | "missing-field"
  | "invalid-field"
  // consistency (warnings)
  | "count-mismatch"
  | "duration-mismatch"
  // reporting
  | "too-many-problems";

/** A diagnostic with an evidence code. */
export interface EvidenceDiagnostic extends Diagnostic {
  readonly code: EvidenceDiagnosticCode;
}

/** Where a problem is: 1-based line and column. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** Builds an error (or warning) diagnostic for `file` at `position`. */
export function evidenceDiagnostic(
  file: string,
  code: EvidenceDiagnosticCode,
  message: string,
  options: {
    readonly position?: TextPosition;
    readonly path?: string;
    readonly hint?: string;
    readonly severity?: "error" | "warning";
  } = {},
): EvidenceDiagnostic {
  const { line, column } = options.position ?? { line: 1, column: 1 };
  return {
    file,
    line,
    column,
    ...(options.path ? { path: options.path } : {}),
    code,
    severity: options.severity ?? "error",
    message,
    ...(options.hint ? { hint: options.hint } : {}),
  };
}

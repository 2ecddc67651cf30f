import type { Severity } from "../diagnostic.js";
import type { FieldPath } from "./field-path.js";
import type { SourcePosition } from "./source-map.js";

/**
 * Stable codes of every problem estate validation reports. Tools and tests match on these, never on
 * message text.
 */
export type EstateDiagnosticCode =
  // the file and its YAML
  | "file-too-large"
  | "invalid-encoding"
  | "yaml-syntax"
  | "yaml-duplicate-key"
  | "yaml-alias-limit"
  | "empty-document"
  // shape (from the zod schema)
  | "unknown-key"
  | "missing-key"
  | "wrong-type"
  | "invalid-value"
  | "out-of-range"
  | "invalid-format"
  | "invalid-name"
  | "invalid-duration"
  | "invalid-timezone"
  | "invalid-series"
  | "invalid-image"
  | "invalid-git-url"
  | "invalid-reference"
  | "missing-recipient"
  | "missing-threshold"
  // meaning (cross-references)
  | "duplicate-name"
  | "dangling-reference"
  | "promotion-cycle"
  | "role-unassigned"
  | "quorum-unreachable"
  | "namespace-conflict"
  | "database-conflict"
  | "dedicated-cluster-shared"
  | "image-not-pinned"
  | "image-series-mismatch"
  | "trading-hours-missing"
  | "scope-matches-nothing"
  // policies (CEL expressions)
  | "policy-syntax"
  | "policy-unknown-name"
  | "policy-type"
  | "policy-too-complex"
  // reporting
  | "too-many-problems";

/**
 * A problem found in an estate before it is placed in the file: the field path it concerns and
 * whether it points at the key (`unknown-key`) or at the value (default).
 */
export interface EstateProblem {
  readonly code: EstateDiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly hint?: string;
  readonly path: FieldPath;
  readonly at?: "key" | "value";
  /** Where the problem is in the text, when known from the parser rather than from `path`. */
  readonly position?: SourcePosition;
}

import type { z } from "zod";
import type { EvidenceDiagnostic, TextPosition } from "./evidence-diagnostic.js";
import { evidenceDiagnostic } from "./evidence-diagnostic.js";
import { EVIDENCE_TYPE_LABELS, type EvidenceType } from "./evidence-type.js";
import type { EvidenceParseOptions } from "./input-limits.js";

/**
 * The outcome of parsing a report: the normalized report (and warnings, such as declared counts that
 * disagree with the listed tests), or every problem found with its file, line and column. Invalid
 * input is a value, never an exception.
 */
export type EvidenceParseResult<R> =
  | { readonly ok: true; readonly report: R; readonly warnings: readonly EvidenceDiagnostic[] }
  | { readonly ok: false; readonly diagnostics: readonly EvidenceDiagnostic[] };

/** One report format: how to parse it and the schema of the normalized report it produces. */
export interface EvidenceParser<R> {
  readonly type: EvidenceType;
  /** File name extensions this format usually has, for upload forms and guesses. */
  readonly extensions: readonly string[];
  /** Validates a stored report (e.g. read back from the database). */
  readonly reportSchema: z.ZodType<R>;
  /** Parses the text of an uploaded report; `file` only labels diagnostics. Never throws for bad input. */
  parse(text: string, file: string, options?: EvidenceParseOptions): EvidenceParseResult<R>;
}

/** A refusal in one diagnostic. */
export function refuse<R>(diagnostic: EvidenceDiagnostic): EvidenceParseResult<R> {
  return { ok: false, diagnostics: [diagnostic] };
}

/**
 * "This is a SARIF report, not a Trivy JSON scan report", with a hint naming the right type, or what
 * the expected format looks like when the upload is something else entirely.
 */
export function wrongFormatDiagnostic(
  file: string,
  expected: EvidenceType,
  found: { readonly type?: EvidenceType; readonly description?: string },
  expectedShape: string,
  position?: TextPosition,
): EvidenceDiagnostic {
  const label = withArticle(EVIDENCE_TYPE_LABELS[expected]);
  if (found.type !== undefined) {
    const article = /^[aeiou]/i.test(EVIDENCE_TYPE_LABELS[found.type]) ? "an" : "a";
    return evidenceDiagnostic(
      file,
      "wrong-format",
      `this is ${article} ${EVIDENCE_TYPE_LABELS[found.type]}, not ${label}`,
      {
        ...(position ? { position } : {}),
        hint: `upload it as evidence type \`${found.type}\``,
      },
    );
  }
  const what = found.description ? `this is ${found.description}, not ${label}` : `this is not ${label}`;
  return evidenceDiagnostic(file, "wrong-format", what, {
    ...(position ? { position } : {}),
    hint: `expected ${expectedShape}`,
  });
}

/** "a SARIF report", "an orc migration rehearsal report". */
export function withArticle(label: string): string {
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}

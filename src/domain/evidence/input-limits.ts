import { formatBytes, utf8ByteLength } from "../estate/index.js";
import { evidenceDiagnostic, type EvidenceDiagnostic } from "./evidence-diagnostic.js";

/** 20 MiB: a Trivy scan of a large Odoo image with every package listed is about 5 MiB. */
export const DEFAULT_MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

/** Nesting accepted in JSON and XML reports; real reports stay under 20 levels. */
export const DEFAULT_MAX_EVIDENCE_DEPTH = 64;

/** Limits applied while parsing a report; all have safe defaults. */
export interface EvidenceParseOptions {
  /** Largest report accepted, in bytes of UTF-8. @default 20 MiB ({@link DEFAULT_MAX_EVIDENCE_BYTES}) */
  readonly maxBytes?: number;
  /** Deepest nesting of JSON values or XML elements. @default 64 ({@link DEFAULT_MAX_EVIDENCE_DEPTH}) */
  readonly maxDepth?: number;
  /** Diagnostics reported at most; the rest are counted in a last one. @default 50 */
  readonly maxDiagnostics?: number;
}

/** The options with their defaults filled in. */
export interface ResolvedParseOptions {
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxDiagnostics: number;
}

export function resolveParseOptions(options: EvidenceParseOptions = {}): ResolvedParseOptions {
  return {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_EVIDENCE_BYTES,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_EVIDENCE_DEPTH,
    maxDiagnostics: Math.max(1, options.maxDiagnostics ?? 50),
  };
}

/** The diagnostic for a report above the size limit (also for readers that check before reading). */
export function evidenceTooLargeDiagnostic(file: string, maxBytes: number): EvidenceDiagnostic {
  return evidenceDiagnostic(
    file,
    "file-too-large",
    `the report is larger than the limit of ${formatBytes(maxBytes)}`,
    {
      hint: "upload a report of this release only, or raise the limit",
    },
  );
}

/**
 * Checks the size and emptiness of a report and removes a byte order mark. Returns the text to parse
 * or the diagnostic that refuses it.
 */
export function admitText(
  text: string,
  file: string,
  options: ResolvedParseOptions,
):
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly diagnostic: EvidenceDiagnostic } {
  if (text.length > options.maxBytes || utf8ByteLength(text, options.maxBytes) > options.maxBytes) {
    return { ok: false, diagnostic: evidenceTooLargeDiagnostic(file, options.maxBytes) };
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") {
    return { ok: false, diagnostic: evidenceDiagnostic(file, "empty-file", "the report is empty") };
  }
  return { ok: true, text: body };
}

/** Keeps the first `max` diagnostics and counts the rest in a last one. */
export function capDiagnostics(
  list: readonly EvidenceDiagnostic[],
  max: number,
  file: string,
): EvidenceDiagnostic[] {
  if (list.length <= max) return [...list];
  const rest = list.length - max;
  return [
    ...list.slice(0, max),
    evidenceDiagnostic(
      file,
      "too-many-problems",
      `${rest} more ${rest === 1 ? "problem" : "problems"} not shown`,
      {
        hint: "fix the ones above and upload again",
      },
    ),
  ];
}

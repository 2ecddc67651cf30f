import type { z } from "zod";
import { describeForeignJson, detectJsonEvidenceType } from "./detect-evidence-type.js";
import { evidenceDiagnostic, type EvidenceDiagnostic } from "./evidence-diagnostic.js";
import { refuse, wrongFormatDiagnostic, type EvidenceParseResult } from "./evidence-parser.js";
import type { EvidenceType } from "./evidence-type.js";
import { inputShapeDiagnostics } from "./input-shape.js";
import { admitText, resolveParseOptions, type EvidenceParseOptions } from "./input-limits.js";
import { parseJsonDocument, type JsonDocument } from "./json-document.js";

/** How one JSON report format is read: its input schema, its checks and its normalization. */
export interface JsonEvidenceFormat<I, R> {
  readonly type: EvidenceType;
  /** "an object with SchemaVersion 2, ArtifactName and Results (trivy image --format json)". */
  readonly expectedShape: string;
  /** The input as the tool writes it; unknown fields are allowed (formats grow). */
  readonly input: z.ZodType<I>;
  /** Checks before the schema, for messages better than the schema's (versions, old formats). */
  readonly precheck?: (value: unknown, document: JsonDocument, file: string) => EvidenceDiagnostic[];
  /** The normalized report, and warnings. */
  readonly normalize: (
    input: I,
    document: JsonDocument,
    file: string,
  ) =>
    | { readonly report: R; readonly warnings?: readonly EvidenceDiagnostic[] }
    | { readonly diagnostics: readonly EvidenceDiagnostic[] };
}

/**
 * The shared path of every JSON parser: size and emptiness, syntax and depth, the right format (with
 * a hint naming the right type when it is another one), the input schema with positions, then
 * normalization. Never throws for bad input.
 */
export function parseJsonEvidence<I, R>(
  format: JsonEvidenceFormat<I, R>,
  text: string,
  file: string,
  options?: EvidenceParseOptions,
): EvidenceParseResult<R> {
  const limits = resolveParseOptions(options);
  const admitted = admitText(text, file, limits);
  if (!admitted.ok) return refuse(admitted.diagnostic);
  if (admitted.text.trimStart().startsWith("<")) {
    const looksJunit = /<testsuites?[\s>/]/.test(admitted.text.slice(0, 4096));
    return refuse(
      wrongFormatDiagnostic(
        file,
        format.type,
        looksJunit ? { type: "junit" } : { description: "an XML document" },
        format.expectedShape,
      ),
    );
  }
  const parsed = parseJsonDocument(admitted.text, file, limits.maxDepth);
  if (!parsed.ok) return refuse(parsed.diagnostic);
  const { document } = parsed;
  const detected = detectJsonEvidenceType(document.value);
  if (detected !== format.type) {
    const foreign = detected === undefined ? describeForeignJson(document.value) : undefined;
    const found = detected !== undefined ? { type: detected } : foreign ? { description: foreign } : {};
    // Without a marker field the schema's own messages (a missing field) are more precise, as long as
    // the value is at least an object.
    if (detected !== undefined || foreign !== undefined || !isObject(document.value)) {
      return refuse(wrongFormatDiagnostic(file, format.type, found, format.expectedShape));
    }
  }
  const early = format.precheck?.(document.value, document, file) ?? [];
  if (early.length > 0) return { ok: false, diagnostics: early };
  let result: ReturnType<typeof format.input.safeParse>;
  try {
    result = format.input.safeParse(document.value);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return refuse(evidenceDiagnostic(file, "too-deep", "the report nests values too deeply"));
  }
  if (!result.success) {
    return {
      ok: false,
      diagnostics: inputShapeDiagnostics(result.error.issues, document, file, limits.maxDiagnostics),
    };
  }
  const normalized = format.normalize(result.data, document, file);
  if ("diagnostics" in normalized) return { ok: false, diagnostics: normalized.diagnostics };
  return { ok: true, report: normalized.report, warnings: normalized.warnings ?? [] };
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

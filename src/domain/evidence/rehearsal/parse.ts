import { evidenceDiagnostic, type EvidenceDiagnostic } from "../evidence-diagnostic.js";
import type { EvidenceParseResult } from "../evidence-parser.js";
import type { EvidenceParseOptions } from "../input-limits.js";
import { parseJsonEvidence, type JsonEvidenceFormat } from "../json-evidence.js";
import { REHEARSAL_FORMAT, RehearsalReportJson, type RehearsalReport } from "./report.js";

/** Start, end and duration may disagree by this much (clocks, rounding) before a warning. */
const DURATION_TOLERANCE_SECONDS = 60;

const format: JsonEvidenceFormat<RehearsalReportJson, RehearsalReport> = {
  type: "rehearsal",
  expectedShape: `an orc rehearsal report: an object with "format": "${REHEARSAL_FORMAT}" (see docs/evidence.md)`,
  input: RehearsalReportJson,
  precheck(value, document, file) {
    const version = (value as Record<string, unknown>)["format"];
    if (typeof version !== "string" || version === REHEARSAL_FORMAT || !version.startsWith("orc-rehearsal/"))
      return [];
    const [position] = document.locate([["format"]]);
    return [
      evidenceDiagnostic(
        file,
        "unsupported-version",
        `rehearsal report format \`${version}\` is not supported`,
        {
          ...(position ? { position } : {}),
          path: "format",
          hint: `this orc reads "${REHEARSAL_FORMAT}"`,
        },
      ),
    ];
  },
  normalize(input, document, file) {
    const started = Date.parse(input.startedAt);
    const finished = Date.parse(input.finishedAt);
    if (finished < started) {
      const [position] = document.locate([["finishedAt"]]);
      return {
        diagnostics: [
          evidenceDiagnostic(file, "invalid-field", "`finishedAt` is before `startedAt`", {
            ...(position ? { position } : {}),
            path: "finishedAt",
          }),
        ],
      };
    }
    const warnings: EvidenceDiagnostic[] = [];
    const elapsed = (finished - started) / 1000;
    if (Math.abs(elapsed - input.durationSeconds) > DURATION_TOLERANCE_SECONDS) {
      const [position] = document.locate([["durationSeconds"]]);
      warnings.push(
        evidenceDiagnostic(
          file,
          "duration-mismatch",
          `\`durationSeconds\` is ${input.durationSeconds} but \`startedAt\` to \`finishedAt\` is ${Math.round(elapsed)} seconds`,
          {
            ...(position ? { position } : {}),
            path: "durationSeconds",
            severity: "warning",
            hint: "orc compares durationSeconds with the maintenance window",
          },
        ),
      );
    }
    return {
      report: { type: "rehearsal", ...input, succeeded: input.exitCode === 0 && input.errors === 0 },
      warnings,
    };
  },
};

/** Parses an orc migration rehearsal report (`orc-rehearsal/v1`, JSON). */
export function parseRehearsal(
  text: string,
  file: string,
  options?: EvidenceParseOptions,
): EvidenceParseResult<RehearsalReport> {
  return parseJsonEvidence(format, text, file, options);
}

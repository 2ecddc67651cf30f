import { cyclonedxParser } from "./cyclonedx/index.js";
import type { CycloneDxReport } from "./cyclonedx/report.js";
import type { EvidenceParseResult, EvidenceParser } from "./evidence-parser.js";
import type { EvidenceType } from "./evidence-type.js";
import type { EvidenceParseOptions } from "./input-limits.js";
import { junitParser } from "./junit/index.js";
import type { JunitReport } from "./junit/report.js";
import { rehearsalParser } from "./rehearsal/index.js";
import type { RehearsalReport } from "./rehearsal/report.js";
import { sarifParser } from "./sarif/index.js";
import type { SarifReport } from "./sarif/report.js";
import { trivyParser } from "./trivy/index.js";
import type { TrivyReport } from "./trivy/report.js";

/** The normalized report each evidence type parses to. */
export interface EvidenceReportMap {
  junit: JunitReport;
  trivy: TrivyReport;
  sarif: SarifReport;
  cyclonedx: CycloneDxReport;
  rehearsal: RehearsalReport;
}

/** Any normalized report; its `type` says which. */
export type EvidenceReport = EvidenceReportMap[EvidenceType];

/** Every parser, by evidence type: the one place a new format is registered. */
export const EVIDENCE_PARSERS: { readonly [T in EvidenceType]: EvidenceParser<EvidenceReportMap[T]> } = {
  junit: junitParser,
  trivy: trivyParser,
  sarif: sarifParser,
  cyclonedx: cyclonedxParser,
  rehearsal: rehearsalParser,
};

/**
 * Parses the text of an uploaded report of the given type. A malformed report comes back as
 * diagnostics with file, line and column (and is not to be stored); never throws for bad input.
 */
export function parseEvidence<T extends EvidenceType>(
  type: T,
  text: string,
  file: string,
  options?: EvidenceParseOptions,
): EvidenceParseResult<EvidenceReportMap[T]> {
  const parser = EVIDENCE_PARSERS[type] as EvidenceParser<EvidenceReportMap[T]>;
  return parser.parse(text, file, options);
}

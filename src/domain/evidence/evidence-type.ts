import { z } from "zod";

/** The report formats orc parses, one parser each (see `parsers.ts`). */
export const EVIDENCE_TYPES = ["junit", "trivy", "sarif", "cyclonedx", "rehearsal"] as const;

/**
 * A report format: `junit` (JUnit XML test results), `trivy` (Trivy JSON image scan), `sarif` (SARIF
 * 2.1.0 static analysis or scan results), `cyclonedx` (CycloneDX JSON SBOM), `rehearsal` (orc's
 * migration rehearsal report).
 */
export const EvidenceType = z.enum(EVIDENCE_TYPES);
export type EvidenceType = z.infer<typeof EvidenceType>;

/** What each type is called in sentences. */
export const EVIDENCE_TYPE_LABELS: Readonly<Record<EvidenceType, string>> = {
  junit: "JUnit XML test report",
  trivy: "Trivy JSON scan report",
  sarif: "SARIF report",
  cyclonedx: "CycloneDX SBOM",
  rehearsal: "orc migration rehearsal report",
};

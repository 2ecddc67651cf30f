import { z } from "zod";

/** SARIF result levels. */
export const SarifLevel = z.enum(["error", "warning", "note", "none"]);
export type SarifLevel = z.infer<typeof SarifLevel>;

/** Finding severities, most severe first. */
export const FINDING_SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export const FindingSeverity = z.enum(FINDING_SEVERITIES);
export type FindingSeverity = z.infer<typeof FindingSeverity>;

/** One result of an analysis run. */
export const SarifFinding = z.object({
  /** The tool that reported it (`ESLint`, `CodeQL`, `Trivy`). */
  tool: z.string(),
  ruleId: z.string(),
  level: SarifLevel,
  /**
   * From the rule's `security-severity` (a CVSS score: 9.0 and above critical, 7.0 high, 4.0 medium,
   * above 0 low) when there is one, otherwise from the level (error high, warning medium, note low).
   */
  severity: FindingSeverity,
  /** The CVSS score of `security-severity`, when given. */
  securitySeverity: z.number().min(0).max(10).optional(),
  message: z.string(),
  uri: z.string().optional(),
  line: z.int().min(1).optional(),
  column: z.int().min(1).optional(),
  /** Suppressed in the source or by the tool (`suppressions` accepted); never blocks. */
  suppressed: z.boolean(),
  justification: z.string().optional(),
});
export type SarifFinding = z.infer<typeof SarifFinding>;

const count = z.int().min(0);

/** A SARIF 2.1.0 log, normalized. */
export const SarifReport = z.object({
  type: z.literal("sarif"),
  version: z.literal("2.1.0"),
  /** Tool names of the runs, in order. */
  tools: z.array(z.string()),
  /** Unsuppressed findings per severity, exact. */
  counts: z.object({ critical: count, high: count, medium: count, low: count, info: count }),
  /** Unsuppressed findings at level `error`, exact. */
  errors: count,
  suppressed: count,
  /** Most severe first, at most {@link MAX_FINDINGS}. */
  findings: z.array(SarifFinding),
  omitted: count,
});
export type SarifReport = z.infer<typeof SarifReport>;

/** Findings listed at most; counts stay exact. */
export const MAX_FINDINGS = 1000;

/** Orders severities, most severe first. */
export function findingSeverityRank(s: FindingSeverity): number {
  return FINDING_SEVERITIES.indexOf(s);
}

/** The severity band of a CVSS score, as GitHub code scanning reads `security-severity`. */
export function severityOfScore(score: number): FindingSeverity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  if (score > 0) return "low";
  return "info";
}

import { z } from "zod";

/** Vulnerability severities, most severe first (Trivy's, lower-cased). */
export const VULNERABILITY_SEVERITIES = ["critical", "high", "medium", "low", "unknown"] as const;
export const VulnerabilitySeverity = z.enum(VULNERABILITY_SEVERITIES);
export type VulnerabilitySeverity = z.infer<typeof VulnerabilitySeverity>;

/** Counts per severity. */
export const SeverityCounts = z.object({
  critical: z.int().min(0),
  high: z.int().min(0),
  medium: z.int().min(0),
  low: z.int().min(0),
  unknown: z.int().min(0),
});
export type SeverityCounts = z.infer<typeof SeverityCounts>;

/** One vulnerable package found by the scan. */
export const Vulnerability = z.object({
  /** `CVE-2024-45491`, `GHSA-…`, `DLA-…`. */
  id: z.string(),
  severity: VulnerabilitySeverity,
  pkgName: z.string(),
  installedVersion: z.string(),
  /** The version(s) that fix it; absent when there is no fix. */
  fixedVersion: z.string().optional(),
  /** Trivy's status: `fixed`, `affected`, `will_not_fix`, `fix_deferred`, … */
  status: z.string().optional(),
  title: z.string().optional(),
  url: z.string().optional(),
  purl: z.string().optional(),
  /** What was scanned: `… (debian 12.7)`, `Python`, a lock file. */
  target: z.string(),
});
export type Vulnerability = z.infer<typeof Vulnerability>;

/** A Trivy image scan (JSON, schema version 2), normalized. */
export const TrivyReport = z.object({
  type: z.literal("trivy"),
  artifactName: z.string(),
  artifactType: z.string().optional(),
  /** `sha256:…` from the image's repository digest, when Trivy reports one. */
  digest: z.string().optional(),
  /** `debian 12.7`. */
  os: z.string().optional(),
  createdAt: z.string().optional(),
  /** Exact counts per severity. */
  counts: SeverityCounts,
  /** Most severe first; every critical and high one, others up to {@link MAX_MINOR_VULNERABILITIES}. */
  vulnerabilities: z.array(Vulnerability),
  /** Medium, low and unknown ones not listed because of the cap. */
  omitted: z.int().min(0),
});
export type TrivyReport = z.infer<typeof TrivyReport>;

/** Medium, low and unknown vulnerabilities listed at most; counts stay exact. */
export const MAX_MINOR_VULNERABILITIES = 500;

/** Orders severities, most severe first. */
export function severityRank(s: VulnerabilitySeverity): number {
  return VULNERABILITY_SEVERITIES.indexOf(s);
}

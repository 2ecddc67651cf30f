import { z } from "zod";
import { evidenceDiagnostic } from "../evidence-diagnostic.js";
import type { EvidenceParseResult } from "../evidence-parser.js";
import type { EvidenceParseOptions } from "../input-limits.js";
import { parseJsonEvidence, type JsonEvidenceFormat } from "../json-evidence.js";
import {
  MAX_MINOR_VULNERABILITIES,
  severityRank,
  type SeverityCounts,
  type TrivyReport,
  type Vulnerability,
  type VulnerabilitySeverity,
} from "./report.js";

/** One entry of `Results[].Vulnerabilities` as Trivy writes it (fields orc reads; others allowed). */
export const TrivyVulnerabilityJson = z.looseObject({
  VulnerabilityID: z.string().min(1),
  PkgName: z.string(),
  InstalledVersion: z.string(),
  FixedVersion: z.string().optional(),
  Status: z.string().optional(),
  Severity: z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]),
  Title: z.string().optional(),
  PrimaryURL: z.string().optional(),
  PkgIdentifier: z.looseObject({ PURL: z.string().optional() }).optional(),
});
export type TrivyVulnerabilityJson = z.infer<typeof TrivyVulnerabilityJson>;

/** One entry of `Results`: a scanned target. */
export const TrivyResultJson = z.looseObject({
  Target: z.string(),
  Class: z.string().optional(),
  Type: z.string().optional(),
  Vulnerabilities: z.array(TrivyVulnerabilityJson).nullish(),
});
export type TrivyResultJson = z.infer<typeof TrivyResultJson>;

/** `trivy image --format json` output, schema version 2. */
export const TrivyJson = z.looseObject({
  SchemaVersion: z.literal(2),
  ArtifactName: z.string(),
  ArtifactType: z.string().optional(),
  CreatedAt: z.string().optional(),
  Metadata: z
    .looseObject({
      OS: z.looseObject({ Family: z.string().optional(), Name: z.string().optional() }).optional(),
      RepoDigests: z.array(z.string()).nullish(),
    })
    .optional(),
  Results: z.array(TrivyResultJson).nullish(),
});
export type TrivyJson = z.infer<typeof TrivyJson>;

function compareVulnerabilities(a: Vulnerability, b: Vulnerability): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    a.id.localeCompare(b.id) ||
    a.pkgName.localeCompare(b.pkgName) ||
    a.target.localeCompare(b.target)
  );
}

const format: JsonEvidenceFormat<TrivyJson, TrivyReport> = {
  type: "trivy",
  expectedShape: "an object with SchemaVersion 2, ArtifactName and Results (trivy image --format json)",
  input: TrivyJson,
  precheck(value, document, file) {
    if (Array.isArray(value)) {
      return [
        evidenceDiagnostic(
          file,
          "unsupported-version",
          "this is Trivy's JSON before schema version 2 (a bare list of results)",
          {
            hint: "scan again with a current Trivy: trivy image --format json",
          },
        ),
      ];
    }
    const version = (value as Record<string, unknown>)["SchemaVersion"];
    if (version !== 2) {
      const [position] = document.locate([["SchemaVersion"]]);
      return [
        evidenceDiagnostic(
          file,
          "unsupported-version",
          `Trivy JSON schema version ${JSON.stringify(version)} is not supported`,
          {
            ...(position ? { position } : {}),
            path: "SchemaVersion",
            hint: "orc reads schema version 2 (Trivy 0.20 and later)",
          },
        ),
      ];
    }
    return [];
  },
  normalize(input) {
    const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
    const all: Vulnerability[] = [];
    for (const result of input.Results ?? []) {
      for (const v of result.Vulnerabilities ?? []) {
        const severity = v.Severity.toLowerCase() as VulnerabilitySeverity;
        counts[severity]++;
        all.push({
          id: v.VulnerabilityID,
          severity,
          pkgName: v.PkgName,
          installedVersion: v.InstalledVersion,
          ...(v.FixedVersion ? { fixedVersion: v.FixedVersion } : {}),
          ...(v.Status ? { status: v.Status } : {}),
          ...(v.Title ? { title: v.Title } : {}),
          ...(v.PrimaryURL ? { url: v.PrimaryURL } : {}),
          ...(v.PkgIdentifier?.PURL ? { purl: v.PkgIdentifier.PURL } : {}),
          target: result.Target,
        });
      }
    }
    all.sort(compareVulnerabilities);
    const major = all.filter((v) => v.severity === "critical" || v.severity === "high");
    const minor = all.filter((v) => v.severity !== "critical" && v.severity !== "high");
    const listed = [...major, ...minor.slice(0, MAX_MINOR_VULNERABILITIES)];
    const os = input.Metadata?.OS;
    const osName = os ? [os.Family, os.Name].filter(Boolean).join(" ") : "";
    const digest = input.Metadata?.RepoDigests?.[0]?.split("@")[1];
    return {
      report: {
        type: "trivy",
        artifactName: input.ArtifactName,
        ...(input.ArtifactType ? { artifactType: input.ArtifactType } : {}),
        ...(digest ? { digest } : {}),
        ...(osName ? { os: osName } : {}),
        ...(input.CreatedAt ? { createdAt: input.CreatedAt } : {}),
        counts,
        vulnerabilities: listed,
        omitted: all.length - listed.length,
      },
    };
  },
};

/**
 * Parses `trivy image --format json` output (schema version 2): every vulnerability of every result,
 * with its id, package, installed and fixed versions, counted by severity.
 */
export function parseTrivy(
  text: string,
  file: string,
  options?: EvidenceParseOptions,
): EvidenceParseResult<TrivyReport> {
  return parseJsonEvidence(format, text, file, options);
}

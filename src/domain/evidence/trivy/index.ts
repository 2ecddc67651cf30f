import type { EvidenceParser } from "../evidence-parser.js";
import { parseTrivy } from "./parse.js";
import { TrivyReport } from "./report.js";

export { parseTrivy, TrivyJson, TrivyResultJson, TrivyVulnerabilityJson } from "./parse.js";
export {
  TrivyReport,
  Vulnerability,
  VulnerabilitySeverity,
  VULNERABILITY_SEVERITIES,
  SeverityCounts,
  MAX_MINOR_VULNERABILITIES,
  severityRank,
} from "./report.js";

/** Trivy JSON image scans. */
export const trivyParser: EvidenceParser<TrivyReport> = {
  type: "trivy",
  extensions: [".json"],
  reportSchema: TrivyReport,
  parse: parseTrivy,
};

import type { EvidenceParser } from "../evidence-parser.js";
import { parseSarif } from "./parse.js";
import { SarifReport } from "./report.js";

export { parseSarif, SarifJson, SarifResultJson, SarifRuleJson, SarifToolComponentJson } from "./parse.js";
export {
  SarifReport,
  SarifFinding,
  SarifLevel,
  FindingSeverity,
  FINDING_SEVERITIES,
  MAX_FINDINGS,
  findingSeverityRank,
  severityOfScore,
} from "./report.js";

/** SARIF 2.1.0 logs of static analysers and scanners. */
export const sarifParser: EvidenceParser<SarifReport> = {
  type: "sarif",
  extensions: [".sarif", ".sarif.json", ".json"],
  reportSchema: SarifReport,
  parse: parseSarif,
};

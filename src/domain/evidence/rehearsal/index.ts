import type { EvidenceParser } from "../evidence-parser.js";
import { parseRehearsal } from "./parse.js";
import { RehearsalReport } from "./report.js";

export { parseRehearsal } from "./parse.js";
export { RehearsalReport, RehearsalReportJson, RehearsedModule, REHEARSAL_FORMAT } from "./report.js";

/** orc migration rehearsal reports. */
export const rehearsalParser: EvidenceParser<RehearsalReport> = {
  type: "rehearsal",
  extensions: [".json"],
  reportSchema: RehearsalReport,
  parse: parseRehearsal,
};

import type { EvidenceParser } from "../evidence-parser.js";
import { parseJunit } from "./parse.js";
import { JunitReport } from "./report.js";

export { parseJunit } from "./parse.js";
export {
  JunitReport,
  JunitSuite,
  JunitTotals,
  JunitFailingTest,
  MAX_FAILING_TESTS,
  MAX_TRACE_LINES,
} from "./report.js";

/** JUnit XML test reports. */
export const junitParser: EvidenceParser<JunitReport> = {
  type: "junit",
  extensions: [".xml"],
  reportSchema: JunitReport,
  parse: parseJunit,
};

import type { EvidenceParser } from "../evidence-parser.js";
import { parseCycloneDx } from "./parse.js";
import { CycloneDxReport } from "./report.js";

export { parseCycloneDx, CycloneDxJson, CycloneDxComponentJson, CycloneDxLicenseJson } from "./parse.js";
export { CycloneDxReport, SbomComponent, SbomLicense, CYCLONEDX_SPEC_VERSIONS } from "./report.js";

/** CycloneDX JSON SBOMs. */
export const cyclonedxParser: EvidenceParser<CycloneDxReport> = {
  type: "cyclonedx",
  extensions: [".cdx.json", ".json"],
  reportSchema: CycloneDxReport,
  parse: parseCycloneDx,
};

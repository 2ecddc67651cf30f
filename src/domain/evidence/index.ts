// Evidence: parsers for the reports a release is judged by (JUnit XML, Trivy JSON, SARIF, CycloneDX,
// orc's rehearsal report), registered in one typed map, and the evidence gates evaluated on them.
// Pure: no I/O, no clock.

export { EVIDENCE_TYPES, EvidenceType, EVIDENCE_TYPE_LABELS } from "./evidence-type.js";
export type { EvidenceDiagnostic, EvidenceDiagnosticCode, TextPosition } from "./evidence-diagnostic.js";
export type { EvidenceParser, EvidenceParseResult } from "./evidence-parser.js";
export {
  DEFAULT_MAX_EVIDENCE_BYTES,
  DEFAULT_MAX_EVIDENCE_DEPTH,
  evidenceTooLargeDiagnostic,
  type EvidenceParseOptions,
} from "./input-limits.js";
export { detectEvidenceType } from "./detect-evidence-type.js";
export { decodeXmlEntities } from "./xml-document.js";
export { EVIDENCE_PARSERS, parseEvidence, type EvidenceReport, type EvidenceReportMap } from "./parsers.js";

export * from "./junit/index.js";
export * from "./trivy/index.js";
export * from "./sarif/index.js";
export * from "./cyclonedx/index.js";
export * from "./rehearsal/index.js";

export { Evidence, gateOfEvidence, gatesAccepting, latestEvidenceFor } from "./evidence.js";

export { parseSpdxExpression, formatSpdxExpression, type SpdxExpression } from "./license/spdx-expression.js";
export {
  LICENSE_CATEGORIES,
  canonicalLicense,
  licenseCategory,
  type LicenseCategory,
} from "./license/license-category.js";
export {
  LicensePolicy,
  LicenseConflict,
  LicenseSelector,
  DEFAULT_LICENSE_CONFLICTS,
  selectsLicense,
} from "./license/license-policy.js";
export {
  assessComponentLicenses,
  findLicenseConflicts,
  type ComponentLicenseAssessment,
  type ComponentLicenseProblem,
  type LicenseConflictFinding,
} from "./license/assess-licenses.js";

export { EvidencePolicy, DEFAULT_EVIDENCE_POLICY } from "./gates/evidence-policy.js";
export {
  Waiver,
  WaivableGate,
  WAIVABLE_GATES,
  isWaiverActive,
  applyWaivers,
  type WaiverOutcome,
  type WaiverMatch,
} from "./gates/waiver.js";
export {
  GATE_STATUSES,
  type GateStatus,
  type GateReason,
  type GateReasonCode,
  type GateEvaluation,
  type GateContext,
} from "./gates/gate-evaluation.js";
export { evaluateGate, evaluateGates } from "./gates/evaluate-gate.js";

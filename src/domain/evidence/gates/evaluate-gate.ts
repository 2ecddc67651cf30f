import type { EvidenceGate } from "../../estate/index.js";
import { latestEvidenceFor, type Evidence } from "../evidence.js";
import { withArticle } from "../evidence-parser.js";
import { EVIDENCE_TYPE_LABELS } from "../evidence-type.js";
import { DEFAULT_EVIDENCE_POLICY } from "./evidence-policy.js";
import type { GateContext, GateEvaluation } from "./gate-evaluation.js";
import { evaluateTrivyImageScan } from "./image-scan-gate.js";
import { evaluateRehearsalGate } from "./rehearsal-gate.js";
import { evaluateSarifGate, imageScanBlocks, sastBlocks } from "./sarif-gate.js";
import { evaluateSbomLicenseGate } from "./sbom-license-gate.js";
import { evaluateTestsGate } from "./tests-gate.js";

const WANTED: Readonly<Record<EvidenceGate, string>> = {
  tests: `${withArticle(EVIDENCE_TYPE_LABELS.junit)} (evidence type junit)`,
  "image-scan": `${withArticle(EVIDENCE_TYPE_LABELS.trivy)} of the release's image (evidence type trivy, or sarif from an image scanner)`,
  sast: `${withArticle(EVIDENCE_TYPE_LABELS.sarif)} of a static analysis (evidence type sarif)`,
  "sbom-license": `${withArticle(EVIDENCE_TYPE_LABELS.cyclonedx)} (evidence type cyclonedx)`,
  rehearsal: `${withArticle(EVIDENCE_TYPE_LABELS.rehearsal)} (evidence type rehearsal)`,
};

function missing(gate: EvidenceGate): GateEvaluation {
  return {
    gate,
    status: "missing",
    summary: `no evidence for the ${gate} gate`,
    reasons: [
      { code: "evidence-missing", message: `no evidence answers the ${gate} gate yet`, blocking: true },
    ],
    unblock: `upload ${WANTED[gate]}`,
  };
}

/**
 * Evaluates one evidence gate on a release's evidence: the latest evidence answering the gate counts
 * (by upload time, whatever the order of `evidence`); none gives `missing`. Pure and deterministic:
 * time, waivers, policy and the maintenance window come in `context`.
 */
export function evaluateGate(
  gate: EvidenceGate,
  evidence: readonly Evidence[],
  context: GateContext,
): GateEvaluation {
  const latest = latestEvidenceFor(gate, evidence);
  if (latest === undefined) return missing(gate);
  const policy = context.policy ?? DEFAULT_EVIDENCE_POLICY;
  const waivers = context.waivers ?? [];
  const { now } = context;
  switch (latest.type) {
    case "junit":
      return evaluateTestsGate(latest.report, latest.id);
    case "trivy":
      return evaluateTrivyImageScan(latest.report, latest.id, policy, waivers, now);
    case "sarif":
      return gate === "image-scan"
        ? evaluateSarifGate(
            gate,
            latest.report,
            latest.id,
            imageScanBlocks(policy),
            policy.imageScan.blockOn,
            waivers,
            now,
          )
        : evaluateSarifGate(
            "sast",
            latest.report,
            latest.id,
            sastBlocks(policy),
            policy.sast.blockOnErrors ? `${policy.sast.blockOn} or error-level` : policy.sast.blockOn,
            waivers,
            now,
          );
    case "cyclonedx":
      return evaluateSbomLicenseGate(latest.report, latest.id, policy.licenses, waivers, now);
    case "rehearsal":
      return evaluateRehearsalGate(latest.report, latest.id, context, policy.rehearsal.safetyMargin);
  }
}

/** Evaluates each of `gates` (a tier's), in the given order. */
export function evaluateGates(
  gates: readonly EvidenceGate[],
  evidence: readonly Evidence[],
  context: GateContext,
): GateEvaluation[] {
  return gates.map((gate) => evaluateGate(gate, evidence, context));
}

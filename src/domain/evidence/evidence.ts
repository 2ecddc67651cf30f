import { z } from "zod";
import { EvidenceGate } from "../estate/index.js";
import { CycloneDxReport } from "./cyclonedx/report.js";
import { JunitReport } from "./junit/report.js";
import { RehearsalReport } from "./rehearsal/report.js";
import { SarifReport } from "./sarif/report.js";
import { TrivyReport } from "./trivy/report.js";

const timestamp = z.iso.datetime({ offset: true });

const stored = {
  id: z.string().min(1),
  /** SHA-256 of the uploaded file, lower-case hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The principal that uploaded it (a user, or a CI token's name). */
  uploadedBy: z.string().min(1),
  uploadedAt: timestamp,
  fileName: z.string().min(1),
  /**
   * The gate this evidence answers, when the uploader says so: a SARIF log may come from a static
   * analyser (`sast`) or an image scanner (`image-scan`). @default derived ({@link gateOfEvidence})
   */
  gate: EvidenceGate.optional(),
};

/** A parsed report bound to a release, as stored. */
export const Evidence = z
  .discriminatedUnion("type", [
    z.object({ ...stored, type: z.literal("junit"), report: JunitReport }),
    z.object({ ...stored, type: z.literal("trivy"), report: TrivyReport }),
    z.object({ ...stored, type: z.literal("sarif"), report: SarifReport }),
    z.object({ ...stored, type: z.literal("cyclonedx"), report: CycloneDxReport }),
    z.object({ ...stored, type: z.literal("rehearsal"), report: RehearsalReport }),
  ])
  .superRefine((e, ctx) => {
    if (e.gate !== undefined && !gatesAccepting(e.type).includes(e.gate)) {
      ctx.addIssue({
        code: "custom",
        path: ["gate"],
        message: `${e.type} evidence cannot answer the ${e.gate} gate (it can answer ${gatesAccepting(e.type).join(" or ")})`,
      });
    }
  });
export type Evidence = z.infer<typeof Evidence>;

/** The gates each evidence type can answer. */
export function gatesAccepting(type: Evidence["type"]): readonly EvidenceGate[] {
  switch (type) {
    case "junit":
      return ["tests"];
    case "trivy":
      return ["image-scan"];
    case "sarif":
      return ["sast", "image-scan"];
    case "cyclonedx":
      return ["sbom-license"];
    case "rehearsal":
      return ["rehearsal"];
  }
}

/** SARIF producers that scan images rather than source code. */
const IMAGE_SCANNERS = /^(trivy|grype|clair|anchore|docker scout|snyk container)/i;

/**
 * The gate a piece of evidence answers: its declared `gate`, otherwise by type (a SARIF log answers
 * `image-scan` when an image scanner such as Trivy or Grype wrote it, `sast` otherwise).
 */
export function gateOfEvidence(evidence: Evidence): EvidenceGate {
  if (evidence.gate !== undefined) return evidence.gate;
  if (evidence.type === "sarif") {
    return evidence.report.tools.length > 0 && evidence.report.tools.every((t) => IMAGE_SCANNERS.test(t))
      ? "image-scan"
      : "sast";
  }
  return gatesAccepting(evidence.type)[0] as EvidenceGate;
}

/** Newer first: later upload time, then the larger id, then the larger hash; a total order. */
function newer(a: Evidence, b: Evidence): number {
  return (
    Date.parse(b.uploadedAt) - Date.parse(a.uploadedAt) ||
    (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) ||
    (a.sha256 < b.sha256 ? 1 : a.sha256 > b.sha256 ? -1 : 0)
  );
}

/** The evidence that counts for `gate`: the latest upload answering it, whatever the list's order. */
export function latestEvidenceFor(gate: EvidenceGate, evidence: readonly Evidence[]): Evidence | undefined {
  let best: Evidence | undefined;
  for (const e of evidence) {
    if (gateOfEvidence(e) !== gate) continue;
    if (best === undefined || newer(e, best) < 0) best = e;
  }
  return best;
}

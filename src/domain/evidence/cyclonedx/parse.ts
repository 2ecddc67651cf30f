import { z } from "zod";
import { evidenceDiagnostic } from "../evidence-diagnostic.js";
import type { EvidenceParseResult } from "../evidence-parser.js";
import type { EvidenceParseOptions } from "../input-limits.js";
import { parseJsonEvidence, type JsonEvidenceFormat } from "../json-evidence.js";
import {
  CYCLONEDX_SPEC_VERSIONS,
  type CycloneDxReport,
  type SbomComponent,
  type SbomLicense,
} from "./report.js";

/** One entry of `licenses`: `{license: {id}}`, `{license: {name}}` or `{expression}`. */
export const CycloneDxLicenseJson = z
  .looseObject({
    license: z
      .looseObject({ id: z.string().min(1).optional(), name: z.string().min(1).optional() })
      .optional(),
    expression: z.string().min(1).optional(),
  })
  .superRefine((l, ctx) => {
    if (l.expression !== undefined) return;
    if (l.license === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["license"],
        message: "a license entry needs `license` or `expression`",
      });
    } else if (l.license.id === undefined && l.license.name === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["license", "id"],
        message: "a license needs an `id` or a `name`",
      });
    }
  });
export type CycloneDxLicenseJson = z.infer<typeof CycloneDxLicenseJson>;

/** A component (fields orc reads; others allowed), with its nested components. */
export const CycloneDxComponentJson = z.looseObject({
  type: z.string(),
  name: z.string().min(1),
  group: z.string().optional(),
  version: z.string().optional(),
  purl: z.string().optional(),
  "bom-ref": z.string().optional(),
  licenses: z.array(CycloneDxLicenseJson).optional(),
  get components() {
    return z.array(CycloneDxComponentJson).optional();
  },
});
export type CycloneDxComponentJson = z.infer<typeof CycloneDxComponentJson>;

/** A CycloneDX JSON document. */
export const CycloneDxJson = z.looseObject({
  bomFormat: z.literal("CycloneDX"),
  specVersion: z.string(),
  serialNumber: z.string().optional(),
  metadata: z.looseObject({ component: CycloneDxComponentJson.optional() }).optional(),
  components: z.array(CycloneDxComponentJson).optional(),
});
export type CycloneDxJson = z.infer<typeof CycloneDxJson>;

function licenseOf(l: CycloneDxLicenseJson): SbomLicense {
  if (l.expression !== undefined) return { kind: "expression", expression: l.expression };
  if (l.license?.id !== undefined) return { kind: "id", id: l.license.id };
  return { kind: "name", name: l.license?.name ?? "" };
}

function componentOf(c: CycloneDxComponentJson): SbomComponent {
  return {
    name: c.group ? `${c.group}/${c.name}` : c.name,
    ...(c.version !== undefined ? { version: c.version } : {}),
    ...(c.purl !== undefined ? { purl: c.purl } : {}),
    componentType: c.type,
    ...(c["bom-ref"] !== undefined ? { bomRef: c["bom-ref"] } : {}),
    licenses: (c.licenses ?? []).map(licenseOf),
  };
}

/** Components and their nested components, depth first in document order (iterative). */
function flatten(list: readonly CycloneDxComponentJson[]): SbomComponent[] {
  const out: SbomComponent[] = [];
  const stack = [...list].reverse();
  for (let c = stack.pop(); c !== undefined; c = stack.pop()) {
    out.push(componentOf(c));
    for (const child of [...(c.components ?? [])].reverse()) stack.push(child);
  }
  return out;
}

const SUPPORTED: readonly string[] = CYCLONEDX_SPEC_VERSIONS;

const format: JsonEvidenceFormat<CycloneDxJson, CycloneDxReport> = {
  type: "cyclonedx",
  expectedShape:
    'a CycloneDX JSON SBOM: an object with "bomFormat": "CycloneDX", "specVersion" and "components"',
  input: CycloneDxJson,
  precheck(value, document, file) {
    const version = (value as Record<string, unknown>)["specVersion"];
    if (typeof version !== "string" || SUPPORTED.includes(version)) return [];
    const [position] = document.locate([["specVersion"]]);
    return [
      evidenceDiagnostic(file, "unsupported-version", `CycloneDX ${version} is not supported`, {
        ...(position ? { position } : {}),
        path: "specVersion",
        hint: `orc reads CycloneDX ${SUPPORTED.join(", ")}; e.g. cyclonedx-npm --spec-version 1.6`,
      }),
    ];
  },
  normalize(input) {
    const subject = input.metadata?.component;
    return {
      report: {
        type: "cyclonedx",
        specVersion: input.specVersion,
        ...(input.serialNumber ? { serialNumber: input.serialNumber } : {}),
        ...(subject ? { subject: componentOf(subject) } : {}),
        components: flatten(input.components ?? []),
      },
    };
  },
};

/**
 * Parses a CycloneDX JSON SBOM (spec 1.4 to 1.7): every component, nested ones included, with its
 * licenses as stated (SPDX ids, names, expressions kept whole), and the subject it describes.
 */
export function parseCycloneDx(
  text: string,
  file: string,
  options?: EvidenceParseOptions,
): EvidenceParseResult<CycloneDxReport> {
  return parseJsonEvidence(format, text, file, options);
}

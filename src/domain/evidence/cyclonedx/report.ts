import { z } from "zod";

/** A component's license as the SBOM states it: an SPDX id, a free-text name, or an SPDX expression. */
export const SbomLicense = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("id"), id: z.string() }),
  z.object({ kind: z.literal("name"), name: z.string() }),
  z.object({ kind: z.literal("expression"), expression: z.string() }),
]);
export type SbomLicense = z.infer<typeof SbomLicense>;

/** One component of the bill of materials. */
export const SbomComponent = z.object({
  /** `group/name` when the component has a group (`@fastify/static`, `odoo-addon/pos_order_mgmt`). */
  name: z.string(),
  version: z.string().optional(),
  purl: z.string().optional(),
  /** `library`, `framework`, `application`, `container`, `file`, … */
  componentType: z.string(),
  bomRef: z.string().optional(),
  /** Empty when the SBOM states none. */
  licenses: z.array(SbomLicense),
});
export type SbomComponent = z.infer<typeof SbomComponent>;

/** A CycloneDX JSON SBOM, normalized: components flattened in document order. */
export const CycloneDxReport = z.object({
  type: z.literal("cyclonedx"),
  specVersion: z.string(),
  serialNumber: z.string().optional(),
  /** What the SBOM describes (`metadata.component`): the image or application itself. */
  subject: SbomComponent.optional(),
  components: z.array(SbomComponent),
});
export type CycloneDxReport = z.infer<typeof CycloneDxReport>;

/** CycloneDX specification versions orc reads. */
export const CYCLONEDX_SPEC_VERSIONS = ["1.4", "1.5", "1.6", "1.7"] as const;

import { z } from "zod";
import { LicensePolicy } from "../license/license-policy.js";

/** How strict the evidence gates are; every field has a default. */
export const EvidencePolicy = z.object({
  imageScan: z
    .object({
      /** Lowest vulnerability severity that blocks: `critical`, or `high` (high and critical). @default "critical" */
      blockOn: z.enum(["critical", "high"]).default("critical"),
    })
    .default({ blockOn: "critical" }),
  sast: z
    .object({
      /** Lowest finding severity that blocks. @default "critical" */
      blockOn: z.enum(["critical", "high", "medium"]).default("critical"),
      /** Findings at SARIF level `error` block whatever their severity. @default true */
      blockOnErrors: z.boolean().default(true),
    })
    .default({ blockOn: "critical", blockOnErrors: true }),
  licenses: LicensePolicy.default(LicensePolicy.parse({})),
  rehearsal: z
    .object({
      /**
       * Extra time required on top of the rehearsed duration, as a share of it: 0.25 means a 40-minute
       * rehearsal needs a 50-minute window. @default 0.25
       */
      safetyMargin: z.number().min(0).max(10).default(0.25),
    })
    .default({ safetyMargin: 0.25 }),
});
export type EvidencePolicy = z.infer<typeof EvidencePolicy>;

/** The policy with every default. */
export const DEFAULT_EVIDENCE_POLICY: EvidencePolicy = EvidencePolicy.parse({});

import { z } from "zod";
import { IsoDuration } from "./duration.js";
import { EnvironmentReference, Name } from "./names.js";
import { GitUrl, OdooImage, OdooSeries } from "./odoo.js";
import { formattedString, quote } from "./string-format.js";

/** How a tenant's Odoo is hosted: its own infrastructure or a multi-tenant one. */
export const HOSTINGS = ["dedicated", "shared"] as const;
/** `dedicated` (infrastructure of its own) or `shared` (multi-tenant). */
export const Hosting = z.enum(HOSTINGS);
export type Hosting = z.infer<typeof Hosting>;

/** What an environment is for. */
export const ENVIRONMENT_KINDS = ["prod", "staging", "dev", "test", "training"] as const;
/** One of {@link ENVIRONMENT_KINDS}. */
export const EnvironmentKind = z.enum(ENVIRONMENT_KINDS);
export type EnvironmentKind = z.infer<typeof EnvironmentKind>;

/** The Odoo an environment runs. */
export const OdooRuntime = z.strictObject({
  series: OdooSeries,
  image: OdooImage,
  edition: z.enum(["community", "enterprise"]).optional(),
});
export type OdooRuntime = z.infer<typeof OdooRuntime>;

const databaseNameRe = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** The PostgreSQL database of an environment (Odoo's own naming rule: letters, digits, `_.-`). */
export const DatabaseSpec = z.strictObject({
  name: formattedString({
    code: "invalid-name",
    description:
      "Database name: letters, digits, `_`, `.` and `-`, starting with a letter or digit, at most 63.",
    pattern: databaseNameRe,
    check: (v) =>
      databaseNameRe.test(v)
        ? undefined
        : {
            message: `${quote(v)} is not a valid Odoo database name`,
            hint: "use letters, digits, `_`, `.` and `-` (at most 63), e.g. nw_eu_prod",
          },
  }),
});
export type DatabaseSpec = z.infer<typeof DatabaseSpec>;

/** A git repository of Odoo addons deployed into an environment. */
export const AddonSource = z.strictObject({
  name: Name,
  repo: GitUrl,
  /** Branch, tag or commit. */
  ref: z.string().min(1),
  /** Folder inside the repository that holds the addons. @default the repository root */
  path: z
    .string()
    .min(1)
    .regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$)).*$/, { error: "must be a relative path inside the repository" })
    .optional(),
});
export type AddonSource = z.infer<typeof AddonSource>;

/** Where an environment runs in Kubernetes. */
export const KubernetesTarget = z.strictObject({
  cluster: z.string().min(1),
  namespace: Name,
});
export type KubernetesTarget = z.infer<typeof KubernetesTarget>;

/** Service level indicators orc can watch. */
export const SLO_INDICATORS = ["availability", "latency", "pos-sync"] as const;

/** A service level objective of an environment. */
export const Slo = z
  .strictObject({
    name: Name,
    indicator: z.enum(SLO_INDICATORS),
    /** Target share of good events, e.g. 0.999. */
    objective: z.number().gt(0).lt(1),
    /** For `latency`: a request is good when faster than this. */
    thresholdMs: z.int().min(1).optional(),
    /** @default P28D */
    window: IsoDuration.default("P28D"),
  })
  .superRefine((slo, ctx) => {
    if (slo.indicator === "latency" && slo.thresholdMs === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "a latency objective needs a threshold",
        params: { code: "missing-threshold", hint: "add thresholdMs, e.g. thresholdMs: 800" },
        input: slo,
      });
    }
  });
export type Slo = z.infer<typeof Slo>;

/** One Odoo deployment of a tenant. */
export const Environment = z
  .strictObject({
    name: Name,
    kind: EnvironmentKind,
    /** @default the tenant's hosting */
    hosting: Hosting.optional(),
    /** The URL users open, for links and health checks. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    odoo: OdooRuntime,
    database: DatabaseSpec,
    /** @default [] */
    addons: z.array(AddonSource).default([]),
    kubernetes: KubernetesTarget,
    /** The environment releases are promoted from: `staging` or `tenant/staging`. */
    promotesFrom: EnvironmentReference.optional(),
    /** Names of `calendars` whose windows apply. @default [] */
    calendars: z.array(Name).default([]),
    /** Recovery point objective: the data loss tolerated. */
    rpo: IsoDuration,
    /** Recovery time objective: the downtime tolerated. */
    rto: IsoDuration,
    /** @default [] */
    slos: z.array(Slo).default([]),
  })
  .meta({ description: "One Odoo deployment of a tenant (dev, staging, prod, ...)." });
export type Environment = z.infer<typeof Environment>;

import { z } from "zod";
import { OdooSeries } from "../../estate/index.js";

/** The value of `format` in a rehearsal report of this version. */
export const REHEARSAL_FORMAT = "orc-rehearsal/v1";

/** One module the rehearsal upgraded, with the versions before and after. */
export const RehearsedModule = z.object({
  module: z.string().min(1),
  from: z.string().optional(),
  to: z.string().optional(),
  /** Time spent upgrading this module, when the runner measured it. */
  seconds: z.number().min(0).optional(),
});
export type RehearsedModule = z.infer<typeof RehearsedModule>;

const timestamp = z.iso.datetime({ offset: true });

/**
 * orc's migration rehearsal report (`orc-rehearsal/v1`): the upgrade of a release's modules run on a
 * restored copy of the production database, as `odoo -u … --stop-after-init`, and how it went. The
 * same shape is the input (JSON) and the normalized report; see docs/evidence.md.
 */
export const RehearsalReportJson = z.object({
  format: z.literal(REHEARSAL_FORMAT),
  /** The environment rehearsed for, as `tenant/environment`. */
  environment: z.string().min(1),
  /** The database the rehearsal ran on (a restored copy, never production itself). */
  database: z.string().min(1),
  odooSeries: OdooSeries,
  /** The image the rehearsal ran, ideally pinned by digest. */
  image: z.string().optional(),
  /** Which backup the database was restored from. */
  restoredFrom: z.string().optional(),
  /** The modules asked to upgrade (`-u`). */
  modules: z.array(z.string().min(1)),
  command: z.string().optional(),
  startedAt: timestamp,
  finishedAt: timestamp,
  /** Wall-clock duration of the upgrade, in seconds. */
  durationSeconds: z.number().min(0),
  exitCode: z.int(),
  /** Every module Odoo upgraded, including installed modules that depend on the requested ones. */
  upgraded: z.array(RehearsedModule),
  /** Lines logged at WARNING. */
  warnings: z.int().min(0),
  /** Lines logged at ERROR or CRITICAL. */
  errors: z.int().min(0),
  /** A few log lines worth reading (the errors, the slowest migration steps). */
  logExcerpt: z.array(z.string()).max(200).optional(),
});
export type RehearsalReportJson = z.infer<typeof RehearsalReportJson>;

/** A rehearsal report as parsed: its fields, and whether the rehearsal succeeded. */
export const RehearsalReport = RehearsalReportJson.extend({
  type: z.literal("rehearsal"),
  /** Exit code 0 and no errors logged. */
  succeeded: z.boolean(),
});
export type RehearsalReport = z.infer<typeof RehearsalReport>;

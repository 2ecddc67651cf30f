import { z } from "zod";
import { CalendarSpec, RegionSpec as CalendarRegionSpec, IcsImportMapping } from "../calendar/spec.js";
import { Name } from "./names.js";
import { IanaTimeZone } from "./time-zone.js";

// The estate's `regions`, `calendars` and `icsImports` sections are the calendar engine's schemas
// (src/domain/calendar), with the region's time zone checked like every other zone in the estate
// (code `invalid-timezone`, with a "did you mean").

/** A region: time zone, public holidays, store trading hours. */
export const RegionSpec = CalendarRegionSpec.safeExtend({ timezone: IanaTimeZone });
export type RegionSpec = typeof RegionSpec._output;

export { CalendarSpec };

/**
 * A promotions calendar (ICS) that becomes freezes: `POST /api/v1/calendar-imports/{name}` (or
 * `orc calendar import NAME`) reads it from `url`, or from an uploaded file, and replaces the windows
 * it produced last time in `mapping.calendar`, which must be declared under `calendars` (it may
 * have no windows of its own). Only the estate names URLs, so the API cannot be made to fetch any other.
 */
export const IcsImport = z.strictObject({
  /** How the API and the CLI name the import. */
  name: Name,
  description: z.string().max(500).optional(),
  /** Where the server fetches the calendar (http or https); absent: upload the file instead. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Which events become freezes, with which scope, and in which calendar. */
  mapping: IcsImportMapping,
});
export type IcsImport = z.infer<typeof IcsImport>;

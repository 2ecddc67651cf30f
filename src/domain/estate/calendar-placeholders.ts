import { z } from "zod";
import { Name } from "./names.js";
import { IanaTimeZone } from "./time-zone.js";

// Placeholders: the calendar engine owns regions and calendars (issue 4). The integrator replaces these
// two schemas by its RegionSpec and CalendarSpec; the estate only relies on `name` (and `timezone`).

/** A region: where tenants' stores trade, with its time zone. Other keys belong to the calendar engine. */
export const RegionSpec = z.looseObject({ name: Name, timezone: IanaTimeZone }).meta({
  description: "A region with its IANA time zone (the calendar engine adds holidays, trading hours).",
});
export type RegionSpec = z.infer<typeof RegionSpec>;

/** A named business calendar of freeze and maintenance windows. Other keys belong to the calendar engine. */
export const CalendarSpec = z.looseObject({ name: Name }).meta({
  description: "A business calendar of freeze and maintenance windows (owned by the calendar engine).",
});
export type CalendarSpec = z.infer<typeof CalendarSpec>;

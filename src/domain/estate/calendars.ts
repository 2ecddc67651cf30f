import { CalendarSpec, RegionSpec as CalendarRegionSpec } from "../calendar/spec.js";
import { IanaTimeZone } from "./time-zone.js";

// The estate's `regions` and `calendars` sections are the calendar engine's schemas (src/domain/calendar),
// with the region's time zone checked like every other zone in the estate (code `invalid-timezone`,
// with a "did you mean").

/** A region: time zone, public holidays, store trading hours. */
export const RegionSpec = CalendarRegionSpec.safeExtend({ timezone: IanaTimeZone });
export type RegionSpec = typeof RegionSpec._output;

export { CalendarSpec };

import { formatWallDate, isoWeekday, wallOf, type WallMs } from "./wall-clock.js";

/**
 * Retail dates a recurrence rule cannot express, each a function from a year to the midnight
 * (wall-clock) of that day. Registered in one typed map; a window names one with `anchor.event`.
 */
export type AnchorEvent = "easter" | "us-thanksgiving";

/** Easter Sunday (Gregorian) by the Anonymous Gregorian algorithm (Meeus, Jones, Butcher). */
export function easterSunday(year: number): WallMs {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return wallOf(year, month, day);
}

/** US Thanksgiving: the fourth Thursday of November. */
export function usThanksgiving(year: number): WallMs {
  const first = wallOf(year, 11, 1);
  const firstThursday = 1 + ((4 - isoWeekday(first) + 7) % 7);
  return wallOf(year, 11, firstThursday + 21);
}

/** Every anchor event and the day it falls on in a year. */
export const ANCHOR_EVENTS: Readonly<Record<AnchorEvent, (year: number) => WallMs>> = {
  easter: easterSunday,
  "us-thanksgiving": usThanksgiving,
};

/** Anchor event names, for schemas and documentation. */
export const ANCHOR_EVENT_NAMES = Object.keys(ANCHOR_EVENTS) as [AnchorEvent, ...AnchorEvent[]];

/** The date (`YYYY-MM-DD`) an anchor event falls on in a year, e.g. `anchorDate("easter", 2027)`. */
export function anchorDate(event: AnchorEvent, year: number): string {
  return formatWallDate(ANCHOR_EVENTS[event](year));
}

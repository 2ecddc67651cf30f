/**
 * Wall-clock ("local") date-times as plain numbers: milliseconds since 1970-01-01T00:00 read as if
 * the wall clock were UTC. Calendar arithmetic (add a day, find the weekday, the last Friday of a
 * month) is then exact integer arithmetic with no time zone involved; `time-zone.ts` turns a wall
 * time into an instant for a given zone. Keeping both as numbers makes expansion cheap.
 */

/** Milliseconds in a nominal day and in an hour and a minute. */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** A wall-clock time in milliseconds (see the file comment). */
export type WallMs = number;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Wall time from calendar fields; `month` is 1-based. */
export function wallOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): WallMs {
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Calendar fields of a wall time. */
export interface WallFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export function wallFields(w: WallMs): WallFields {
  const d = new Date(w);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Midnight of the wall day containing `w`. */
export function startOfDay(w: WallMs): WallMs {
  return Math.floor(w / DAY_MS) * DAY_MS;
}

/** Whole days since 1970-01-01 of the wall day containing `w`. */
export function dayNumber(w: WallMs): number {
  return Math.floor(w / DAY_MS);
}

/** ISO weekday of the wall day containing `w` (1970-01-01 was a Thursday). */
export function isoWeekday(w: WallMs): IsoWeekday {
  return (((((dayNumber(w) + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The wall year of `w`. */
export function wallYear(w: WallMs): number {
  return new Date(w).getUTCFullYear();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** `YYYY-MM-DD` of the wall day containing `w`. */
export function formatWallDate(w: WallMs): string {
  const f = wallFields(w);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
}

/** `YYYY-MM-DDTHH:MM`, with `:SS` only when the seconds are not zero. */
export function formatWall(w: WallMs): string {
  const f = wallFields(w);
  const s = f.second === 0 ? "" : `:${pad(f.second)}`;
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}${s}`;
}

/** `YYYYMMDDTHHMMSS`, the RFC 5545 form of a local date-time. */
export function formatWallBasic(w: WallMs): string {
  const f = wallFields(w);
  return `${pad(f.year, 4)}${pad(f.month)}${pad(f.day)}T${pad(f.hour)}${pad(f.minute)}${pad(f.second)}`;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2})$/;

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/**
 * Parses `YYYY-MM-DDTHH:MM[:SS]` (no offset, no zone: a wall-clock time) or returns undefined when
 * the text is malformed or names a date or time that does not exist on any calendar (`02-30`,
 * `25:00`).
 */
export function parseWall(text: string): WallMs | undefined {
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
  return wallOf(y, mo, d, h, mi, s);
}

/** Parses `YYYY-MM-DD` to its midnight, or undefined. */
export function parseWallDate(text: string): WallMs | undefined {
  const m = LOCAL_DATE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return validDate(y, mo, d) ? wallOf(y, mo, d) : undefined;
}

/**
 * Parses `HH:MM` to milliseconds after midnight, or undefined. `24:00` is accepted only when
 * `allowEndOfDay` is set (the end of a trading-hours range).
 */
export function parseTimeOfDay(text: string, allowEndOfDay = false): number | undefined {
  const m = TIME_OF_DAY.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (allowEndOfDay && h === 24 && mi === 0) return DAY_MS;
  if (h > 23 || mi > 59) return undefined;
  return h * HOUR_MS + mi * MINUTE_MS;
}

const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** `Mon`…`Sun` for the wall day containing `w`. */
export function weekdayName(w: WallMs): string {
  return WEEKDAY_NAMES[isoWeekday(w) - 1] ?? "";
}

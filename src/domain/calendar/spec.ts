import * as z from "zod";
import { ANCHOR_EVENT_NAMES } from "./anchors.js";
import { parseDuration } from "./duration.js";
import { dtstartMismatch, parseRecurrenceRule } from "./recurrence.js";
import { checkTimeZone } from "./time-zone.js";
import { parseTimeOfDay, parseWall, parseWallDate } from "./wall-clock.js";

/**
 * The calendar section of `estate.yaml`: regions (time zone, public holidays, store trading hours)
 * and calendars of freeze and maintenance windows. Everything is validated here, once; the engine
 * then works with typed values. Objects are strict, so a misspelt key (`timzone`) is an error rather
 * than a silently ignored setting.
 */

const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const NAME_MESSAGE =
  "expected a name of lowercase letters, digits, '.', '_' or '-', starting with a letter or digit, at most 63 characters";

/** A calendar, window or region name: stable, URL- and CLI-safe. */
export const CalendarName = z.string().regex(NAME_PATTERN, NAME_MESSAGE);

/** An IANA time-zone name such as `Europe/Berlin` (links like `US/Eastern` are accepted). */
export const TimeZoneName = z.string().superRefine((value, ctx) => {
  const check = checkTimeZone(value);
  if (!check.ok)
    ctx.addIssue({ code: "custom", message: check.hint ? `${check.message}; ${check.hint}` : check.message });
});

/** A wall-clock date-time `YYYY-MM-DDTHH:MM[:SS]`, without offset: a zone applies separately. */
export const LocalDateTime = z.string().superRefine((value, ctx) => {
  if (parseWall(value) !== undefined) return;
  const shape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value);
  ctx.addIssue({
    code: "custom",
    message: shape
      ? `"${value}" is not a real date and time`
      : `"${value}" is not a local date-time like "2026-11-27T00:00" (no offset: the window's or the environment's time zone applies)`,
  });
});

/** A calendar date `YYYY-MM-DD`. */
export const LocalDate = z.string().superRefine((value, ctx) => {
  if (parseWallDate(value) === undefined) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a date like "2026-12-25"` });
  }
});

/** A time of day `HH:MM` (00:00 to 23:59). */
export const TimeOfDay = z.string().superRefine((value, ctx) => {
  if (parseTimeOfDay(value) === undefined) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not a time of day like "22:00" (00:00 to 23:59)`,
    });
  }
});

/** An ISO 8601 duration (`PT4H`, `P4D`, `P1W`); weeks and days are nominal, hours exact. */
export const IsoDuration = z.string().superRefine((value, ctx) => {
  const parsed = parseDuration(value);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
});

export const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
/** A weekday key as used in trading hours and weekends. */
export const Weekday = z.enum(WEEKDAY_KEYS);
export type Weekday = z.infer<typeof Weekday>;

/** Opening ranges of one day in milliseconds after midnight, or an empty list when closed. */
export type OpeningRanges = readonly (readonly [number, number])[];

/** Parses `closed` or `HH:MM-HH:MM[,HH:MM-HH:MM…]` (ascending, not overlapping; `24:00` may end one). */
export function parseOpeningRanges(text: string): OpeningRanges | string {
  if (text === "closed") return [];
  const ranges: [number, number][] = [];
  for (const part of text.split(",")) {
    const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(part.trim());
    const open = m?.[1] === undefined ? undefined : parseTimeOfDay(m[1]);
    const close = m?.[2] === undefined ? undefined : parseTimeOfDay(m[2], true);
    if (open === undefined || close === undefined) {
      return `"${text}" is not "closed" or opening hours like "08:00-20:00" (several: "09:00-12:30,14:00-19:00")`;
    }
    if (close <= open)
      return `in "${text}", ${part.trim()} closes before it opens (ranges cannot span midnight)`;
    const previous = ranges.at(-1);
    if (previous && open < previous[1]) return `in "${text}", the ranges overlap or are not in order`;
    ranges.push([open, close]);
  }
  return ranges;
}

/** Opening hours of one day: `closed`, or ranges such as `08:00-20:00`. */
export const OpeningHours = z.string().superRefine((value, ctx) => {
  const parsed = parseOpeningRanges(value);
  if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
});

/** Store trading hours of a region, per weekday, in the region's time zone. */
export const TradingHours = z.strictObject({
  mon: OpeningHours,
  tue: OpeningHours,
  wed: OpeningHours,
  thu: OpeningHours,
  fri: OpeningHours,
  sat: OpeningHours,
  sun: OpeningHours,
  /** Hours on the region's public holidays; absent means the weekday's usual hours. */
  holidays: OpeningHours.optional(),
});
export type TradingHours = z.infer<typeof TradingHours>;

/** A public holiday of a region. */
export const Holiday = z.strictObject({ date: LocalDate, name: z.string().min(1) });
export type Holiday = z.infer<typeof Holiday>;

/** A region: where stores are, its time zone, public holidays and trading hours. */
export const RegionSpec = z
  .strictObject({
    name: CalendarName,
    timezone: TimeZoneName,
    /** Days that are not business days. @default ["sat", "sun"] */
    weekend: z.array(Weekday).default(["sat", "sun"]),
    holidays: z.array(Holiday).default([]),
    tradingHours: TradingHours.optional(),
  })
  .superRefine((region, ctx) => {
    if (new Set(region.weekend).size === 7) {
      ctx.addIssue({ code: "custom", path: ["weekend"], message: "a week needs at least one business day" });
    }
    const seen = new Map<string, number>();
    region.holidays.forEach((h, i) => {
      const first = seen.get(h.date);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["holidays", i, "date"],
          message: `${h.date} is already listed as a holiday (holidays[${first}])`,
        });
      }
      seen.set(h.date, i);
    });
    if (region.tradingHours && WEEKDAY_KEYS.every((d) => region.tradingHours?.[d] === "closed")) {
      ctx.addIssue({
        code: "custom",
        path: ["tradingHours"],
        message: "stores closed every day leave no trading hours; omit tradingHours instead",
      });
    }
  });
export type RegionSpec = z.infer<typeof RegionSpec>;

const nonEmptyNames = z.array(z.string().min(1)).min(1);

/**
 * Which environments a window applies to. Each selector that is given must match (AND); a list
 * matches when it contains the environment's value (OR). Absent scope: every environment that uses
 * the calendar.
 */
export const ScopeSpec = z
  .strictObject({
    tenants: nonEmptyNames.optional(),
    /** Environment ids `tenant/env`. */
    environments: z
      .array(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected an environment id "tenant/env"'))
      .min(1)
      .optional(),
    /** Environment kinds such as `prod` or `staging`. */
    kinds: nonEmptyNames.optional(),
    regions: nonEmptyNames.optional(),
  })
  .refine((s) => Object.keys(s).length > 0, {
    message: "an empty scope matches nothing; omit scope to apply the window to every environment",
  });
export type ScopeSpec = z.infer<typeof ScopeSpec>;

/** An extra approval an exempt tier needs to release inside a freeze. */
export const ExemptApproval = z.strictObject({
  role: z.string().min(1),
  /** @default 1 */
  count: z.int().min(1).default(1),
});
export type ExemptApproval = z.infer<typeof ExemptApproval>;

/** Timing of a recurring window: an RRULE from a wall-clock DTSTART, lasting `duration` each time. */
export const RecurrenceSpec = z
  .strictObject({
    dtstart: LocalDateTime,
    rrule: z.string(),
    duration: IsoDuration,
    exdates: z.array(LocalDateTime).optional(),
  })
  .superRefine((r, ctx) => {
    const parsed = parseRecurrenceRule(r.rrule);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", path: ["rrule"], message: parsed.message });
      return;
    }
    const dtstart = parseWall(r.dtstart);
    if (dtstart === undefined) return;
    const mismatch = dtstartMismatch(parsed.rule, dtstart);
    if (mismatch) ctx.addIssue({ code: "custom", path: ["dtstart"], message: mismatch });
  });
export type RecurrenceSpec = z.infer<typeof RecurrenceSpec>;

/** Timing relative to a yearly retail date, e.g. Good Friday = Easter −2 days, lasting P4D. */
export const AnchorSpec = z.strictObject({
  event: z.enum(ANCHOR_EVENT_NAMES),
  /** Days after (negative: before) the event. @default 0 */
  offsetDays: z.int().min(-183).max(183).default(0),
  /** Wall-clock start time on that day. @default "00:00" */
  time: TimeOfDay.optional(),
  duration: IsoDuration,
});
export type AnchorSpec = z.infer<typeof AnchorSpec>;

/**
 * Timing around each month end: the last N business days of a month and the first M of the next,
 * from 00:00 of the first such day to 24:00 of the last. Business days exclude the region's
 * weekend and public holidays.
 */
export const BusinessDaysSpec = z
  .strictObject({
    lastOfMonth: z.int().min(0).max(15).default(0),
    firstOfNextMonth: z.int().min(0).max(15).default(0),
  })
  .refine((b) => b.lastOfMonth + b.firstOfNextMonth > 0, {
    message: "lastOfMonth and firstOfNextMonth cannot both be 0",
  });
export type BusinessDaysSpec = z.infer<typeof BusinessDaysSpec>;

/** Where the ICS import took a window from. */
export const WindowSource = z.strictObject({
  uid: z.string().min(1),
  recurrenceId: z.string().optional(),
});

/** A freeze or maintenance window. Exactly one timing form must be given. */
export const WindowSpec = z
  .strictObject({
    name: CalendarName,
    kind: z.enum(["freeze", "maintenance"]),
    description: z.string().max(500).optional(),
    /** Tiers a freeze lets through (e.g. `emergency`). Freeze only. */
    exemptTiers: z.array(z.string().min(1)).min(1).optional(),
    /** Extra approvals an exempt tier needs inside this freeze. */
    exemptApprovals: z.array(ExemptApproval).min(1).optional(),
    scope: ScopeSpec.optional(),
    /** Zone of the window's wall-clock times; absent means floating: each environment's own zone. */
    timezone: TimeZoneName.optional(),
    start: LocalDateTime.optional(),
    end: LocalDateTime.optional(),
    recurrence: RecurrenceSpec.optional(),
    anchor: AnchorSpec.optional(),
    businessDays: BusinessDaysSpec.optional(),
    /** Maintenance whenever the stores of the environment's region are closed. */
    outsideTradingHours: z.literal(true).optional(),
    source: WindowSource.optional(),
  })
  .superRefine((w, ctx) => {
    const forms = [
      w.start !== undefined || w.end !== undefined ? "start/end" : undefined,
      w.recurrence ? "recurrence" : undefined,
      w.anchor ? "anchor" : undefined,
      w.businessDays ? "businessDays" : undefined,
      w.outsideTradingHours ? "outsideTradingHours" : undefined,
    ].filter((f) => f !== undefined);
    if (forms.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          forms.length === 0
            ? "a window needs one timing: start/end, recurrence, anchor, businessDays or outsideTradingHours"
            : `a window has exactly one timing, not ${forms.join(" and ")}`,
      });
    }
    if ((w.start === undefined) !== (w.end === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [w.start === undefined ? "start" : "end"],
        message: "start and end go together",
      });
    }
    if (w.start !== undefined && w.end !== undefined) {
      const s = parseWall(w.start);
      const e = parseWall(w.end);
      if (s !== undefined && e !== undefined && e <= s) {
        ctx.addIssue({
          code: "custom",
          path: ["end"],
          message: `end ${w.end} is not after start ${w.start}`,
        });
      }
    }
    if (w.kind !== "freeze" && w.exemptTiers) {
      ctx.addIssue({ code: "custom", path: ["exemptTiers"], message: "only a freeze has exempt tiers" });
    }
    if (w.exemptApprovals && !w.exemptTiers) {
      ctx.addIssue({
        code: "custom",
        path: ["exemptApprovals"],
        message: "exemptApprovals apply to exempt tiers; add exemptTiers",
      });
    }
    if (w.outsideTradingHours && w.kind !== "maintenance") {
      ctx.addIssue({
        code: "custom",
        path: ["outsideTradingHours"],
        message: "outsideTradingHours describes a maintenance window",
      });
    }
    if (w.outsideTradingHours && w.timezone) {
      ctx.addIssue({
        code: "custom",
        path: ["timezone"],
        message: "trading hours are read in the region's time zone; remove timezone",
      });
    }
  });
export type WindowSpec = z.infer<typeof WindowSpec>;
export type WindowKind = WindowSpec["kind"];

/** A named set of windows; environments list the calendars they use. */
export const CalendarSpec = z
  .strictObject({
    name: CalendarName,
    description: z.string().max(500).optional(),
    windows: z.array(WindowSpec).default([]),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, number>();
    c.windows.forEach((w, i) => {
      const first = seen.get(w.name);
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["windows", i, "name"],
          message: `window name "${w.name}" is already used by windows[${first}]`,
        });
      }
      seen.set(w.name, i);
    });
  });
export type CalendarSpec = z.infer<typeof CalendarSpec>;

/** The calendar section of the estate: `regions:` and `calendars:`. */
export const CalendarSection = z
  .strictObject({
    regions: z.array(RegionSpec).default([]),
    calendars: z.array(CalendarSpec).default([]),
  })
  .superRefine((s, ctx) => {
    for (const key of ["regions", "calendars"] as const) {
      const seen = new Map<string, number>();
      s[key].forEach((item, i) => {
        const first = seen.get(item.name);
        if (first !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [key, i, "name"],
            message: `name "${item.name}" is already used by ${key}[${first}]`,
          });
        }
        seen.set(item.name, i);
      });
    }
  });
export type CalendarSection = z.infer<typeof CalendarSection>;

/** The timing form of a window, as a discriminated union. */
export type WindowTiming =
  | { readonly form: "one-off"; readonly start: string; readonly end: string }
  | { readonly form: "recurrence"; readonly recurrence: RecurrenceSpec }
  | { readonly form: "anchor"; readonly anchor: AnchorSpec }
  | { readonly form: "business-days"; readonly businessDays: BusinessDaysSpec }
  | { readonly form: "outside-trading-hours" };

/** The timing of a validated window. */
export function windowTiming(w: WindowSpec): WindowTiming {
  if (w.recurrence) return { form: "recurrence", recurrence: w.recurrence };
  if (w.anchor) return { form: "anchor", anchor: w.anchor };
  if (w.businessDays) return { form: "business-days", businessDays: w.businessDays };
  if (w.outsideTradingHours) return { form: "outside-trading-hours" };
  if (w.start !== undefined && w.end !== undefined) return { form: "one-off", start: w.start, end: w.end };
  throw new Error(`window ${w.name} has no timing; it was not validated with WindowSpec`);
}

/** A regular expression (JavaScript syntax), matched case-insensitively. */
export const MatchPattern = z.string().superRefine((value, ctx) => {
  try {
    new RegExp(value, "i");
  } catch (e) {
    ctx.addIssue({
      code: "custom",
      message: `invalid regular expression: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
});

/** Which imported events become freezes, and how. The first rule that matches an event applies. */
export const IcsImportRule = z
  .strictObject({
    /** Patterns an event must match (each one given); absent matches every event. */
    match: z
      .strictObject({
        /** Matched against SUMMARY. */
        summary: MatchPattern.optional(),
        /** Matched against each CATEGORIES value; one match is enough. */
        categories: MatchPattern.optional(),
      })
      .optional(),
    scope: ScopeSpec.optional(),
    exemptTiers: z.array(z.string().min(1)).min(1).optional(),
    exemptApprovals: z.array(ExemptApproval).min(1).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.exemptApprovals && !r.exemptTiers) {
      ctx.addIssue({
        code: "custom",
        path: ["exemptApprovals"],
        message: "exemptApprovals apply to exempt tiers; add exemptTiers",
      });
    }
  });
export type IcsImportRule = z.infer<typeof IcsImportRule>;

/**
 * How a promotions calendar (ICS) becomes a calendar of freezes: its name, the zone of floating and
 * all-day events, names for non-IANA TZIDs (Outlook writes `W. Europe Standard Time`), and rules.
 */
export const IcsImportMapping = z.strictObject({
  /** Name of the calendar the import produces (replaced as a whole on each import). */
  calendar: CalendarName,
  description: z.string().max(500).optional(),
  /** Zone for all-day and floating events; absent keeps them floating (each environment's zone). */
  timezone: TimeZoneName.optional(),
  /** IANA zones for TZIDs that are not IANA names, e.g. `{ "W. Europe Standard Time": Europe/Berlin }`. */
  timezoneAliases: z.record(z.string().min(1), TimeZoneName).optional(),
  rules: z.array(IcsImportRule).min(1),
});
export type IcsImportMapping = z.infer<typeof IcsImportMapping>;

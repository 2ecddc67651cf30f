import { createHash } from "node:crypto";
import ICAL from "ical.js";
import type { Diagnostic } from "../diagnostic.js";
import { parseDuration } from "./duration.js";
import { scanIcs, type IcsComponentLines, type IcsLine } from "./ics-lines.js";
import { dtstartMismatch, expandRecurrence, parseRecurrenceRule } from "./recurrence.js";
import { CalendarSpec, WindowSpec, type IcsImportMapping, type IcsImportRule } from "./spec.js";
import { checkTimeZone, zoneRules } from "./time-zone.js";
import { DAY_MS, daysInMonth, formatWall, wallOf, type WallMs } from "./wall-clock.js";

/**
 * Turns a promotions calendar (ICS) into a calendar of freeze windows.
 *
 * - Which events, scope and exempt tiers: the first rule of the mapping whose patterns match the
 *   event's SUMMARY and CATEGORIES. Events matching no rule are listed as skipped.
 * - Idempotent: window names are derived from the event UID (and RECURRENCE-ID), so importing the
 *   same feed again yields the same calendar, and an event removed from the feed disappears from it
 *   (the caller replaces the imported calendar as a whole).
 * - All or nothing: any malformed line or unusable event gives diagnostics naming the line and no
 *   windows at all.
 * - Times keep their meaning: an event with an IANA TZID becomes a window in that zone, a UTC event
 *   a window in UTC, an all-day or floating event a floating window (or one in `mapping.timezone`).
 *   Recurring events keep their RRULE and EXDATEs; RDATEs and moved instances become one-off windows.
 */

/** An event the mapping did not select. */
export interface SkippedEvent {
  readonly uid: string;
  readonly summary: string;
  readonly line: number;
  readonly reason: string;
}

export type IcsImportResult =
  | {
      readonly ok: true;
      /** The imported calendar, validated with `CalendarSpec`; windows sorted by name. */
      readonly calendar: CalendarSpec;
      readonly skipped: readonly SkippedEvent[];
      readonly warnings: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Options of {@link importIcs}. */
export interface IcsImportOptions {
  /** File name or URL used in diagnostics. */
  readonly file?: string;
}

class ImportProblem extends Error {
  constructor(
    readonly line: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A time as written in the feed. */
type FeedTime =
  | { readonly kind: "date"; readonly wall: WallMs }
  | { readonly kind: "floating"; readonly wall: WallMs }
  | { readonly kind: "utc"; readonly epochMs: number }
  | { readonly kind: "zoned"; readonly tzid: string; readonly wall: WallMs };

/** Where a window's wall-clock times are read: a zone, or floating (undefined). */
interface Frame {
  readonly zone: string | undefined;
  /** True for all-day events (DATE values). */
  readonly allDay: boolean;
  /** True when the start had no zone (a DATE or a floating date-time). */
  readonly floating: boolean;
}

function parseTimeValue(line: IcsLine, text: string, tzid: string | undefined): FeedTime {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(text);
  const bad = () =>
    new ImportProblem(
      line.line,
      "ics-value",
      `${line.name} value "${text}" is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS[Z])`,
    );
  if (!m) throw bad();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw bad();
  if (m[4] === undefined) return { kind: "date", wall: wallOf(y, mo, d) };
  if (line.params.VALUE === "DATE") throw bad();
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (h > 23 || mi > 59 || s > 60) throw bad();
  const wall = wallOf(y, mo, d, h, mi, Math.min(s, 59));
  if (m[7] === "Z") return { kind: "utc", epochMs: wall };
  if (tzid !== undefined) return { kind: "zoned", tzid, wall };
  return { kind: "floating", wall };
}

function parseTimeLine(line: IcsLine): FeedTime[] {
  return line.value.split(",").map((v) => parseTimeValue(line, v.trim(), line.params.TZID));
}

/** The properties of one event by name, with their lines. */
interface EventLines {
  readonly component: IcsComponentLines;
  first(name: string): IcsLine | undefined;
  all(name: string): IcsLine[];
}

function eventLines(component: IcsComponentLines): EventLines {
  return {
    component,
    first: (name) => component.properties.find((p) => p.name === name),
    all: (name) => component.properties.filter((p) => p.name === name),
  };
}

function slug(text: string): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return s === "" ? "event" : s;
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 10);
}

function exactDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s || (!h && !m) ? `${s}S` : ""}`;
}

interface TimeResolver {
  /** The frame a window starting at `t` uses, and its wall-clock start in that frame. */
  frameOf(t: FeedTime, line: number, recurring: boolean): { frame: Frame; wall: WallMs };
  /** `t` as a wall time in `frame` (for ends, EXDATEs, RECURRENCE-IDs). */
  wallIn(frame: Frame, t: FeedTime, line: number): WallMs;
}

function timeResolver(
  mapping: IcsImportMapping,
  vtimezones: ReadonlyMap<string, ICAL.Timezone>,
): TimeResolver {
  function iana(tzid: string): string | undefined {
    const alias = mapping.timezoneAliases?.[tzid];
    if (alias) return alias;
    const cleaned = tzid.replace(/^\/+/, "");
    return checkTimeZone(cleaned).ok ? cleaned : undefined;
  }

  function epochOf(t: FeedTime, line: number): number {
    switch (t.kind) {
      case "utc":
        return t.epochMs;
      case "zoned": {
        const zone = iana(t.tzid);
        if (zone) return zoneRules(zone).toEpoch(t.wall);
        const vtz = vtimezones.get(t.tzid);
        if (!vtz) {
          throw new ImportProblem(
            line,
            "ics-timezone",
            `TZID "${t.tzid}" is neither an IANA zone nor defined by a VTIMEZONE in the file; add it to timezoneAliases`,
          );
        }
        const d = new Date(t.wall);
        const time = ICAL.Time.fromData(
          {
            year: d.getUTCFullYear(),
            month: d.getUTCMonth() + 1,
            day: d.getUTCDate(),
            hour: d.getUTCHours(),
            minute: d.getUTCMinutes(),
            second: d.getUTCSeconds(),
            isDate: false,
          },
          vtz,
        );
        return time.toUnixTime() * 1000;
      }
      default:
        throw new ImportProblem(
          line,
          "ics-timezone",
          "a floating or all-day time cannot be combined with a time in a zone",
        );
    }
  }

  return {
    frameOf(t, line, recurring) {
      switch (t.kind) {
        case "date":
          return { frame: { zone: mapping.timezone, allDay: true, floating: true }, wall: t.wall };
        case "floating":
          return { frame: { zone: mapping.timezone, allDay: false, floating: true }, wall: t.wall };
        case "utc":
          return { frame: { zone: "UTC", allDay: false, floating: false }, wall: t.epochMs };
        case "zoned": {
          const zone = iana(t.tzid);
          if (zone) return { frame: { zone, allDay: false, floating: false }, wall: t.wall };
          if (recurring) {
            throw new ImportProblem(
              line,
              "ics-timezone",
              `recurring event in TZID "${t.tzid}", which is not an IANA zone: its occurrences would drift at DST changes; map it in timezoneAliases (e.g. "${t.tzid}": Europe/Berlin)`,
            );
          }
          return { frame: { zone: "UTC", allDay: false, floating: false }, wall: epochOf(t, line) };
        }
      }
    },
    wallIn(frame, t, line) {
      if (t.kind === "date" || t.kind === "floating") {
        if (!frame.floating) {
          throw new ImportProblem(
            line,
            "ics-timezone",
            "a floating or all-day time cannot be combined with a start in a zone",
          );
        }
        return t.wall;
      }
      if (t.kind === "zoned" && iana(t.tzid) === frame.zone) return t.wall;
      if (frame.zone === undefined) {
        throw new ImportProblem(
          line,
          "ics-timezone",
          "a time in a zone cannot be combined with a floating or all-day start",
        );
      }
      return zoneRules(frame.zone).toWall(epochOf(t, line));
    },
  };
}

function textOf(event: ICAL.Component, name: string): string {
  const v = event.getFirstPropertyValue(name);
  return typeof v === "string" ? v : "";
}

function categoriesOf(event: ICAL.Component): string[] {
  return event.getAllProperties("categories").flatMap((p) => p.getValues().map(String));
}

function ruleFor(
  rules: readonly IcsImportRule[],
  summary: string,
  categories: readonly string[],
): IcsImportRule | undefined {
  return rules.find((r) => {
    const s = r.match?.summary;
    const c = r.match?.categories;
    if (s !== undefined && !new RegExp(s, "i").test(summary)) return false;
    if (c !== undefined && !categories.some((x) => new RegExp(c, "i").test(x))) return false;
    return true;
  });
}

interface Master {
  readonly uid: string;
  readonly lines: EventLines;
  readonly event: ICAL.Component;
  readonly sequence: number;
}

/**
 * Imports a promotions calendar as freeze windows according to `mapping` (see the file comment).
 * Returns every window or every problem, never a part.
 */
export function importIcs(
  text: string,
  mapping: IcsImportMapping,
  options: IcsImportOptions = {},
): IcsImportResult {
  const file = options.file;
  const at = (
    line: number,
    code: string,
    message: string,
    severity: "error" | "warning" = "error",
  ): Diagnostic => ({
    ...(file !== undefined ? { file } : {}),
    line,
    code,
    severity,
    message,
  });
  const scan = scanIcs(text, file);
  if (!scan.ok) return { ok: false, diagnostics: scan.diagnostics };

  let calendar: ICAL.Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text.replace(/^\uFEFF/, "")) as unknown[]);
  } catch (e) {
    return {
      ok: false,
      diagnostics: [
        at(
          1,
          "ics-syntax",
          `ical.js could not parse the file: ${e instanceof Error ? e.message : String(e)}`,
        ),
      ],
    };
  }

  const vtimezones = new Map<string, ICAL.Timezone>();
  for (const vtz of calendar.getAllSubcomponents("vtimezone")) {
    const tzid = vtz.getFirstPropertyValue("tzid");
    if (typeof tzid === "string") vtimezones.set(tzid, new ICAL.Timezone(vtz));
  }
  const resolver = timeResolver(mapping, vtimezones);

  // ical.js keeps components in file order, so the n-th VEVENT of both trees is the same event.
  const scannedEvents = scan.calendar.components.filter((c) => c.name === "VEVENT");
  const events = calendar.getAllSubcomponents("vevent");
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const skipped: SkippedEvent[] = [];

  const masters = new Map<string, Master>();
  const overrides: { uid: string; lines: EventLines; event: ICAL.Component }[] = [];
  events.forEach((event, i) => {
    const component = scannedEvents[i];
    if (!component) return;
    const lines = eventLines(component);
    const uidLine = lines.first("UID");
    if (!uidLine || uidLine.value.trim() === "") {
      diagnostics.push(
        at(
          component.line,
          "ics-missing-property",
          "VEVENT has no UID, so it cannot be imported idempotently",
        ),
      );
      return;
    }
    if (!lines.first("DTSTART")) {
      diagnostics.push(at(component.line, "ics-missing-property", `VEVENT ${uidLine.value} has no DTSTART`));
      return;
    }
    const uid = uidLine.value;
    if (lines.first("RECURRENCE-ID")) {
      overrides.push({ uid, lines, event });
      return;
    }
    const sequence = Number(lines.first("SEQUENCE")?.value ?? "0") || 0;
    const previous = masters.get(uid);
    if (previous) {
      warnings.push(
        at(
          component.line,
          "ics-duplicate-uid",
          `UID ${uid} also appears at line ${previous.lines.component.line}; the higher SEQUENCE (or the later one) wins`,
          "warning",
        ),
      );
      if (previous.sequence > sequence) return;
    }
    masters.set(uid, { uid, lines, event, sequence });
  });

  interface Candidate {
    readonly window: Record<string, unknown>;
    readonly line: number;
  }
  const candidates: Candidate[] = [];
  const exdatesByUid = new Map<string, WallMs[]>();
  const frames = new Map<string, Frame>();

  function base(uid: string, summary: string, rule: IcsImportRule, nameKey: string, recurrenceId?: string) {
    return {
      name: `${slug(summary)}-${shortHash(nameKey)}`,
      kind: "freeze",
      ...(summary ? { description: summary.slice(0, 500) } : {}),
      ...(rule.scope ? { scope: rule.scope } : {}),
      ...(rule.exemptTiers ? { exemptTiers: rule.exemptTiers } : {}),
      ...(rule.exemptApprovals ? { exemptApprovals: rule.exemptApprovals } : {}),
      source: { uid, ...(recurrenceId ? { recurrenceId } : {}) },
    };
  }

  /** End wall time of an event in its frame, from DTEND, DURATION or the RFC 5545 default. */
  function endOf(
    lines: EventLines,
    frame: Frame,
    startWall: WallMs,
    startTime: FeedTime,
  ): { end: WallMs } | { duration: string } | undefined {
    const dtend = lines.first("DTEND");
    const durationLine = lines.first("DURATION");
    if (dtend) {
      const [end] = parseTimeLine(dtend);
      if (!end) return undefined;
      if ((end.kind === "date") !== (startTime.kind === "date")) {
        throw new ImportProblem(
          dtend.line,
          "ics-value",
          "DTEND must be a date when DTSTART is a date, and a date-time otherwise",
        );
      }
      const endWall = resolver.wallIn(frame, end, dtend.line);
      if (endWall <= startWall && !(endWall === startWall && frame.allDay)) {
        throw new ImportProblem(dtend.line, "ics-value", `DTEND ${dtend.value} is not after DTSTART`);
      }
      return { end: endWall };
    }
    if (durationLine) {
      const parsed = parseDuration(durationLine.value);
      if (!parsed.ok) throw new ImportProblem(durationLine.line, "ics-value", parsed.message);
      return { duration: durationLine.value };
    }
    if (startTime.kind === "date") return { end: startWall + DAY_MS };
    return undefined;
  }

  function durationText(
    frame: Frame,
    startWall: WallMs,
    end: { end: WallMs } | { duration: string },
  ): string {
    if ("duration" in end) return end.duration;
    if (frame.allDay) return `P${Math.round((end.end - startWall) / DAY_MS)}D`;
    // RFC 5545 §3.8.5.3: a DTEND gives every instance the same exact duration.
    const rules = frame.zone ? zoneRules(frame.zone) : undefined;
    const ms = rules ? rules.toEpoch(end.end) - rules.toEpoch(startWall) : end.end - startWall;
    return exactDuration(ms);
  }

  function oneOff(
    window: Record<string, unknown>,
    frame: Frame,
    start: WallMs,
    end: { end: WallMs } | { duration: string },
  ): Record<string, unknown> {
    let endWall: WallMs;
    if ("end" in end) endWall = end.end;
    else {
      const d = parseDuration(end.duration);
      if (!d.ok) throw new Error(d.message);
      const rules = zoneRules(frame.zone ?? "UTC");
      endWall = frame.zone
        ? rules.toWall(rules.toEpoch(start + d.value.nominalDays * DAY_MS) + d.value.exactMs)
        : start + d.value.nominalDays * DAY_MS + d.value.exactMs;
    }
    return {
      ...window,
      ...(frame.zone ? { timezone: frame.zone } : {}),
      start: formatWall(start),
      end: formatWall(endWall),
    };
  }

  for (const master of masters.values()) {
    const { uid, lines, event } = master;
    const summary = textOf(event, "summary");
    const startLine = lines.first("DTSTART") as IcsLine;
    try {
      const status = lines.first("STATUS")?.value.toUpperCase();
      if (status === "CANCELLED") {
        skipped.push({ uid, summary, line: lines.component.line, reason: "cancelled" });
        continue;
      }
      const rule = ruleFor(mapping.rules, summary, categoriesOf(event));
      if (!rule) {
        skipped.push({ uid, summary, line: lines.component.line, reason: "no rule matches" });
        continue;
      }
      const rruleLine = lines.first("RRULE");
      const [startTime] = parseTimeLine(startLine);
      if (!startTime) continue;
      const { frame, wall: start } = resolver.frameOf(startTime, startLine.line, rruleLine !== undefined);
      frames.set(uid, frame);
      const end = endOf(lines, frame, start, startTime);
      if (!end) {
        warnings.push(
          at(
            lines.component.line,
            "ics-no-duration",
            `event ${uid} ("${summary}") has no DTEND or DURATION and lasts no time; skipped`,
            "warning",
          ),
        );
        skipped.push({ uid, summary, line: lines.component.line, reason: "no duration" });
        continue;
      }
      const window = base(uid, summary, rule, uid);
      if (!rruleLine) {
        candidates.push({ window: oneOff(window, frame, start, end), line: lines.component.line });
      } else {
        const parsed = parseRecurrenceRule(rruleLine.value);
        if (!parsed.ok) throw new ImportProblem(rruleLine.line, "ics-rrule", parsed.message);
        const duration = durationText(frame, start, end);
        const exdates = lines.all("EXDATE").flatMap((l) =>
          parseTimeLine(l).map((t) =>
            // A DATE EXDATE of a timed series removes that day's instance.
            t.kind === "date" && startTime.kind !== "date"
              ? t.wall + (start % DAY_MS)
              : resolver.wallIn(frame, t, l.line),
          ),
        );
        exdatesByUid.set(uid, exdates);
        let rrule = parsed.rule.text;
        let dtstart = start;
        if (dtstartMismatch(parsed.rule, start)) {
          // RFC 5545 counts DTSTART as the first instance even when the rule would not produce it:
          // keep it as a one-off and start the series on the rule's first occurrence.
          candidates.push({
            window: oneOff(base(uid, summary, rule, `${uid}@dtstart`), frame, start, end),
            line: startLine.line,
          });
          const first = expandRecurrence({ ...parsed.rule, count: undefined }, start).startsBetween(
            start,
            start + 4000 * DAY_MS,
          )[0];
          if (parsed.rule.count !== undefined)
            rrule = rrule.replace(/COUNT=\d+/i, `COUNT=${parsed.rule.count - 1}`);
          if (first === undefined || parsed.rule.count === 1) continue;
          dtstart = first;
        }
        candidates.push({
          window: {
            ...window,
            ...(frame.zone ? { timezone: frame.zone } : {}),
            recurrence: { dtstart: formatWall(dtstart), rrule, duration },
          },
          line: lines.component.line,
        });
      }
      for (const rdateLine of lines.all("RDATE")) {
        if (rdateLine.params.VALUE === "PERIOD") {
          throw new ImportProblem(
            rdateLine.line,
            "ics-unsupported",
            "RDATE with VALUE=PERIOD is not supported; use DTSTART/DTEND events",
          );
        }
        for (const t of parseTimeLine(rdateLine)) {
          const w = resolver.wallIn(frame, t, rdateLine.line);
          const endForRdate = "end" in end ? { end: w + (end.end - start) } : end;
          candidates.push({
            window: oneOff(base(uid, summary, rule, `${uid}+${formatWall(w)}`), frame, w, endForRdate),
            line: rdateLine.line,
          });
        }
      }
    } catch (e) {
      if (e instanceof ImportProblem) diagnostics.push(at(e.line, e.code, e.message));
      else throw e;
    }
  }

  for (const { uid, lines, event } of overrides) {
    const master = masters.get(uid);
    const recurrenceLine = lines.first("RECURRENCE-ID") as IcsLine;
    try {
      const frame = frames.get(uid);
      if (!master || !frame) {
        if (!master) {
          warnings.push(
            at(
              lines.component.line,
              "ics-orphan-instance",
              `RECURRENCE-ID instance of ${uid} has no master event; skipped`,
              "warning",
            ),
          );
        }
        continue;
      }
      const [rid] = parseTimeLine(recurrenceLine);
      if (!rid) continue;
      const ridWall = resolver.wallIn(frame, rid, recurrenceLine.line);
      exdatesByUid.get(uid)?.push(ridWall);
      if (lines.first("STATUS")?.value.toUpperCase() === "CANCELLED") continue;
      const summary = textOf(event, "summary") || textOf(master.event, "summary");
      const rule = ruleFor(mapping.rules, textOf(master.event, "summary"), categoriesOf(master.event));
      if (!rule) continue;
      const startLine = lines.first("DTSTART") as IcsLine;
      const [startTime] = parseTimeLine(startLine);
      if (!startTime) continue;
      const start = resolver.wallIn(frame, startTime, startLine.line);
      const end = endOf(lines, frame, start, startTime) ?? { duration: candidatesDuration(candidates, uid) };
      candidates.push({
        window: oneOff(
          base(uid, summary, rule, `${uid}@${formatWall(ridWall)}`, recurrenceLine.value),
          frame,
          start,
          end,
        ),
        line: lines.component.line,
      });
    } catch (e) {
      if (e instanceof ImportProblem) diagnostics.push(at(e.line, e.code, e.message));
      else throw e;
    }
  }

  // EXDATEs (including moved and cancelled instances) are attached once every override is known.
  for (const c of candidates) {
    const recurrence = c.window.recurrence as { exdates?: string[] } | undefined;
    const source = c.window.source as { uid: string };
    const ex = exdatesByUid.get(source.uid);
    if (recurrence && ex && ex.length > 0)
      recurrence.exdates = [...new Set(ex)].sort((a, b) => a - b).map(formatWall);
  }

  const windows: WindowSpec[] = [];
  for (const c of candidates) {
    const parsed = WindowSpec.safeParse(c.window);
    if (parsed.success) windows.push(parsed.data);
    else {
      for (const issue of parsed.error.issues) {
        const path = issue.path.join(".");
        diagnostics.push({ ...at(c.line, "ics-invalid-window", issue.message), ...(path ? { path } : {}) });
      }
    }
  }
  windows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < windows.length; i++) {
    if (windows[i]?.name === windows[i - 1]?.name) {
      diagnostics.push(at(1, "ics-name-collision", `two events map to the window name ${windows[i]?.name}`));
    }
  }
  if (diagnostics.length > 0) {
    return {
      ok: false,
      diagnostics: diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.code.localeCompare(b.code)),
    };
  }
  const result = CalendarSpec.safeParse({
    name: mapping.calendar,
    ...(mapping.description ? { description: mapping.description } : {}),
    windows,
  });
  if (!result.success) {
    return {
      ok: false,
      diagnostics: result.error.issues.map((i) =>
        at(1, "ics-invalid-window", `${i.path.join(".")}: ${i.message}`),
      ),
    };
  }
  return { ok: true, calendar: result.data, skipped, warnings };
}

/** The duration of the series an override belongs to, for an override without DTEND/DURATION. */
function candidatesDuration(candidates: readonly { window: Record<string, unknown> }[], uid: string): string {
  for (const c of candidates) {
    const source = c.window.source as { uid: string } | undefined;
    const recurrence = c.window.recurrence as { duration: string } | undefined;
    if (source?.uid === uid && recurrence) return recurrence.duration;
  }
  return "PT1H";
}

import { createHash } from "node:crypto";
import ICAL from "ical.js";
import type { Temporal } from "temporal-polyfill";
import type { Occurrence } from "./expand.js";
import { zoneRules } from "./time-zone.js";
import { formatWall, weekdayName } from "./wall-clock.js";

/**
 * ICS feeds of freezes and maintenance windows, for Outlook, Google Calendar and Apple Calendar.
 *
 * Choice: each occurrence is one VEVENT with DTSTART/DTEND in UTC, over the period the caller
 * expanded (e.g. 30 days back to 400 days ahead), rather than RRULE events with VTIMEZONEs.
 * Floating windows have a different UTC time in every environment, anchored, business-day and
 * trading-hours windows have no RRULE form, and UTC times are read identically by every client
 * (each shows them in the viewer's zone). The local times in the environment's zone are repeated
 * in the description. Subscribers re-fetch the feed (REFRESH-INTERVAL) to see later occurrences.
 *
 * Output is deterministic: events in occurrence order, properties in a fixed order, UIDs derived by
 * hashing the occurrence's identity, and DTSTAMP given by the caller, never read from a clock.
 */

/** Options of {@link toIcs}. */
export interface IcsExportOptions {
  /** Calendar name clients show (X-WR-CALNAME), e.g. `orc: northwind/prod-eu`. */
  readonly name: string;
  /**
   * DTSTAMP of every event (RFC 5545 requires one): when the feed's content last changed, such as
   * the commit time of the estate revision. Passed in so that the same input gives the same bytes.
   */
  readonly stamp: Temporal.Instant;
  /** Mixed into every UID so that one window in two environments' feeds has distinct UIDs. @default "" */
  readonly uidScope?: string;
  /** Right-hand side of UIDs. @default "orc.invalid" */
  readonly uidDomain?: string;
  /** How often subscribers should refresh (REFRESH-INTERVAL and X-PUBLISHED-TTL). @default "PT1H" */
  readonly refreshInterval?: string;
  /** Releases on the schedule, one VEVENT each after the windows' occurrences. @default [] */
  readonly releases?: readonly ReleaseEvent[];
}

/**
 * A release on one environment's schedule, as a feed shows it. Its UID is `release-<id>-<tenant/env>@`
 * the UID domain: stable across refreshes and reschedules, so clients move the event rather than add
 * one; `sequence` grows when the slot moves, which Outlook needs to take the new times.
 */
export interface ReleaseEvent {
  readonly id: string;
  /** `tenant/environment`. */
  readonly environment: string;
  /** The environment's zone, for the local times in the description. */
  readonly timezone: string;
  readonly tier: string;
  readonly summary: string;
  /** `scheduled` or `running`. */
  readonly state: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly disruptive: boolean;
  /** ICS SEQUENCE: how often the slot moved. */
  readonly sequence: number;
  /** DTSTAMP: when the release last changed. */
  readonly stamp: Temporal.Instant;
  /** The release's page, a path (`/releases/42`) or a URL. */
  readonly link: string;
  /** Conflicts of its slot (sentences); a release with any is TENTATIVE, else CONFIRMED. @default [] */
  readonly conflicts?: readonly string[];
}

const PRODID = "-//Odoo Release Control//orc calendar//EN";

function utcTime(epochMs: number): ICAL.Time {
  const d = new Date(epochMs);
  return ICAL.Time.fromData(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      isDate: false,
    },
    ICAL.Timezone.utcTimezone,
  );
}

/** The UID of an occurrence in a feed: a hash of the feed scope and the occurrence's identity. */
export function occurrenceUid(o: Occurrence, uidScope = "", uidDomain = "orc.invalid"): string {
  const hash = createHash("sha256").update(`${uidScope}\n${o.id}\n${o.windowTimezone}`).digest("hex");
  return `${hash.slice(0, 32)}@${uidDomain}`;
}

function localLine(o: { timezone: string; startMs: number; endMs: number }): string {
  const rules = zoneRules(o.timezone);
  const label = (ms: number) => {
    const w = rules.toWall(ms);
    return `${weekdayName(w)} ${formatWall(w).replace("T", " ")}`;
  };
  return `Local time (${o.timezone}): ${label(o.startMs)} → ${label(o.endMs)}`;
}

/** The UID of a release's event in an environment's feed. */
export function releaseEventUid(
  r: Pick<ReleaseEvent, "id" | "environment">,
  uidDomain = "orc.invalid",
): string {
  return `release-${r.id}-${r.environment}@${uidDomain}`;
}

/** The VEVENT of a release on one environment. */
function releaseEventOf(r: ReleaseEvent, options: IcsExportOptions): ICAL.Component {
  const event = new ICAL.Component("vevent");
  const problems = r.conflicts ?? [];
  event.addPropertyWithValue("uid", releaseEventUid(r, options.uidDomain));
  event.addPropertyWithValue("dtstamp", utcTime(r.stamp.epochMilliseconds));
  event.addPropertyWithValue("dtstart", utcTime(r.startMs));
  event.addPropertyWithValue("dtend", utcTime(r.endMs));
  event.addPropertyWithValue("sequence", r.sequence);
  event.addPropertyWithValue("summary", `Release #${r.id} (${r.tier}): ${r.summary}`);
  const lines = [
    `Release ${r.id} on ${r.environment}, tier ${r.tier}, ${r.state}${r.disruptive ? ", disruptive" : ""}`,
    localLine(r),
    `Details: ${r.link}`,
    ...problems.map((p) => `Conflict: ${p}`),
  ];
  event.addPropertyWithValue("description", lines.join("\n"));
  event.addPropertyWithValue("categories", "release");
  event.addPropertyWithValue("status", problems.length > 0 ? "TENTATIVE" : "CONFIRMED");
  event.addPropertyWithValue("transp", "TRANSPARENT");
  if (/^https?:\/\//.test(r.link)) event.addPropertyWithValue("url", r.link);
  event.addPropertyWithValue("x-orc-kind", "release");
  event.addPropertyWithValue("x-orc-release", r.id);
  event.addPropertyWithValue("x-orc-state", r.state);
  return event;
}

function describe(o: Occurrence): string {
  const w = o.window;
  const lines = [
    `${o.kind === "freeze" ? "Freeze" : "Maintenance window"} ${o.calendar}/${w.name}`,
    localLine(o),
  ];
  if (o.windowTimezone !== o.timezone) lines.push(`Defined in ${o.windowTimezone}`);
  if (w.exemptTiers) {
    const approvals = (w.exemptApprovals ?? []).map((a) => `${a.count} × ${a.role}`).join(", ");
    lines.push(
      `Exempt tiers: ${w.exemptTiers.join(", ")}${approvals ? ` (extra approval: ${approvals})` : ""}`,
    );
  }
  if (w.description) lines.push(w.description);
  return lines.join("\n");
}

/** The VEVENT of one occurrence. */
function eventOf(o: Occurrence, options: IcsExportOptions): ICAL.Component {
  const event = new ICAL.Component("vevent");
  event.addPropertyWithValue("uid", occurrenceUid(o, options.uidScope, options.uidDomain));
  event.addPropertyWithValue("dtstamp", utcTime(options.stamp.epochMilliseconds));
  event.addPropertyWithValue("dtstart", utcTime(o.startMs));
  event.addPropertyWithValue("dtend", utcTime(o.endMs));
  const title = o.window.description ?? o.window.name;
  event.addPropertyWithValue(
    "summary",
    `${o.kind === "freeze" ? "Release freeze" : "Maintenance window"}: ${title}`,
  );
  event.addPropertyWithValue("description", describe(o));
  event.addPropertyWithValue("categories", o.kind === "freeze" ? "Release freeze" : "Maintenance window");
  event.addPropertyWithValue("status", "CONFIRMED");
  // Informational: a freeze must not make people look busy in free/busy lookups.
  event.addPropertyWithValue("transp", "TRANSPARENT");
  event.addPropertyWithValue("x-orc-window", `${o.calendar}/${o.window.name}`);
  event.addPropertyWithValue("x-orc-kind", o.kind);
  event.addPropertyWithValue("x-orc-occurrence", o.id);
  return event;
}

/**
 * The text of an iCalendar component, CRLF-terminated, with every line at most 75 octets
 * (RFC 5545 §3.1). ical.js folds at `foldLength` octets *plus* the leading space of continuation
 * lines, so it is set to 74 for the call and restored (synchronously, so nothing else observes it).
 */
export function stringifyIcs(component: ICAL.Component): string {
  const saved = ICAL.foldLength;
  ICAL.foldLength = 74;
  try {
    return `${component.toString()}\r\n`;
  } finally {
    ICAL.foldLength = saved;
  }
}

/**
 * An iCalendar (RFC 5545) feed of the given occurrences, with CRLF line ends and folded lines.
 * Occurrences come from `expandWindows` or `agenda` for one environment; scheduled releases follow
 * them in the caller's order.
 */
export function toIcs(occurrences: readonly Occurrence[], options: IcsExportOptions): string {
  const calendar = new ICAL.Component("vcalendar");
  calendar.addPropertyWithValue("prodid", PRODID);
  calendar.addPropertyWithValue("version", "2.0");
  calendar.addPropertyWithValue("calscale", "GREGORIAN");
  calendar.addPropertyWithValue("method", "PUBLISH");
  calendar.addPropertyWithValue("x-wr-calname", options.name);
  // RFC 7986; ical.js adds VALUE=DURATION itself.
  calendar.addPropertyWithValue(
    "refresh-interval",
    ICAL.Duration.fromString(options.refreshInterval ?? "PT1H"),
  );
  calendar.addPropertyWithValue("x-published-ttl", options.refreshInterval ?? "PT1H");
  for (const o of occurrences) calendar.addSubcomponent(eventOf(o, options));
  for (const r of options.releases ?? []) calendar.addSubcomponent(releaseEventOf(r, options));
  return stringifyIcs(calendar);
}

import { Temporal } from "temporal-polyfill";
import type {
  AgendaView,
  ConflictView,
  DecisionReasonView,
  OccurrenceView,
  ReleaseSlotView,
  WindowCheck,
} from "../domain/release-window/index.js";
import { parseDuration } from "../domain/calendar/index.js";
import { formatTable } from "./text-table.js";

// Terminal text for window decisions and agendas, rendered from the same JSON views the API returns,
// so that a local answer and a server's answer print alike. Times are shown in the environment's zone
// and in UTC, always with the weekday: release managers think in "Friday night", not in dates.

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

function minutes(t: Temporal.PlainDateTime): string {
  return t.toString({ smallestUnit: t.second === 0 ? "minute" : "second" }).replace("T", " ");
}

/** `Fri 2026-11-27 00:00` in `zone`. */
export function localLabel(instant: string, zone: string): string {
  const t = Temporal.Instant.from(instant).toZonedDateTimeISO(zone).toPlainDateTime();
  return `${WEEKDAYS[t.dayOfWeek - 1] ?? ""} ${minutes(t)}`;
}

/** `2026-11-26 23:00` in UTC. */
export function utcLabel(instant: string): string {
  return minutes(Temporal.Instant.from(instant).toZonedDateTimeISO("UTC").toPlainDateTime());
}

/**
 * `Fri 2026-11-27 00:00 → Tue 2026-12-01 00:00 Europe/Berlin (2026-11-26 23:00 → 2026-11-30 23:00 UTC)`;
 * an end on the same local day shows its time only.
 */
export function spanLabel(start: string, end: string, zone: string): string {
  const from = localLabel(start, zone);
  const to = localLabel(end, zone);
  const sameDay = from.slice(0, 14) === to.slice(0, 14);
  return `${from} → ${sameDay ? to.slice(15) : to} ${zone}  (${utcLabel(start)} → ${utcLabel(end)} UTC)`;
}

/** `2h`, `1h30m`, `1d`, `1d6h` from an ISO 8601 duration. */
export function durationLabel(iso: string): string {
  const parsed = parseDuration(iso);
  if (!parsed.ok) return iso;
  const { nominalDays, exactMs } = parsed.value;
  const h = Math.floor(exactMs / 3_600_000);
  const m = Math.floor((exactMs % 3_600_000) / 60_000);
  const s = Math.round((exactMs % 60_000) / 1000);
  const text = `${nominalDays ? `${nominalDays}d` : ""}${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
  return text || iso;
}

function approvalsLabel(approvals: readonly { role: string; count: number }[]): string {
  return approvals.map((a) => `${a.count} × ${a.role}`).join(", ");
}

const MARKS: Record<DecisionReasonView["code"], string> = {
  "freeze-active": "✗",
  "runs-into-freeze": "✗",
  "outside-maintenance-window": "✗",
  "no-maintenance-window": "✗",
  "no-window-in-horizon": "✗",
  "freeze-exempt": "!",
  "inside-maintenance-window": "✓",
  "no-window-applies": "✓",
};

function windowName(o: OccurrenceView): string {
  return `${o.calendar}/${o.window}`;
}

function sourceNote(o: OccurrenceView): string | undefined {
  if (o.source === "api") return "added through the API";
  if (o.source === "import") return "imported from a promotions calendar";
  return undefined;
}

/** What a reason says about its occurrence, in a few words. */
function verdict(r: DecisionReasonView, o: OccurrenceView, check: WindowCheck): string {
  const exempt = o.exemptTiers ? ` (exempt: ${o.exemptTiers.join(", ")})` : "";
  switch (r.code) {
    case "freeze-active":
      return `in force at the start; tier ${check.tier} is not exempt${exempt}`;
    case "runs-into-freeze":
      return `starts before the release would end (${localLabel(check.end, check.timezone)}); tier ${check.tier} is not exempt${exempt}`;
    case "freeze-exempt": {
      const approvals = o.exemptApprovals?.length
        ? `, with extra approval: ${approvalsLabel(o.exemptApprovals)}`
        : "";
      return `tier ${check.tier} is exempt${approvals}`;
    }
    case "inside-maintenance-window":
      return "the release runs inside it";
    case "outside-maintenance-window":
      return "the release does not fit wholly inside it";
    default:
      return r.message;
  }
}

function reasonLines(r: DecisionReasonView, check: WindowCheck): string[] {
  const mark = MARKS[r.code];
  const o = r.occurrence;
  if (!o) return [`  ${mark} ${r.code}`, `      ${r.message}`];
  const lines = [`  ${mark} ${o.kind} ${windowName(o)}  (${r.code})`];
  if (o.description) lines.push(`      ${o.description}`);
  lines.push(`      ${spanLabel(o.start, o.end, check.timezone)}`);
  if (!o.floating && o.windowTimezone !== check.timezone) lines.push(`      defined in ${o.windowTimezone}`);
  const source = sourceNote(o);
  if (source) lines.push(`      ${source}`);
  lines.push(`      ${verdict(r, o, check)}`);
  return lines;
}

function subject(check: WindowCheck): string {
  const disruptive = check.disruptive
    ? `disruptive${check.disruptiveReason ? ` (${check.disruptiveReason})` : ""}`
    : "not disruptive";
  return `${check.environment} · tier ${check.tier} · ${durationLabel(check.duration)} · ${disruptive}`;
}

function nextLine(check: WindowCheck): string {
  if (check.allowed)
    return `${localLabel(check.start, check.timezone)} ${check.timezone}  (${utcLabel(check.start)} UTC), as requested`;
  if (!check.next) return `none within ${check.horizonDays} days`;
  return `${localLabel(check.next, check.timezone)} ${check.timezone}  (${utcLabel(check.next)} UTC)`;
}

/** The text of `orc window check`: the verdict, every window that applied and why, approvals, next start. */
export function formatWindowCheck(check: WindowCheck): string {
  const out = [
    `${check.allowed ? "ALLOWED" : "BLOCKED"}  ${subject(check)}`,
    `  requested  ${spanLabel(check.start, check.end, check.timezone)}`,
    "",
    "Why:",
    ...check.reasons.flatMap((r, i) => [...(i > 0 ? [""] : []), ...reasonLines(r, check)]),
  ];
  if (check.exemptions.length > 0) {
    out.push("", `Extra approvals for tier ${check.tier} inside freezes:`);
    out.push(
      formatTable(
        check.exemptions.map((e) => [
          `  ${e.calendar}/${e.window}`,
          e.approvals.length ? approvalsLabel(e.approvals) : "none",
        ]),
      ),
    );
  }
  if (!check.allowed) out.push("", `Next allowed start  ${nextLine(check)}`);
  return `${out.join("\n")}\n`;
}

/** The text of `orc window next`: the next allowed start only. */
export function formatNextStart(check: WindowCheck): string {
  return `Next allowed start for ${subject(check)}:\n  ${nextLine(check)}\n`;
}

function occurrenceNotes(o: OccurrenceView): string {
  return [
    o.exemptTiers
      ? `exempt: ${o.exemptTiers.join(", ")}${o.exemptApprovals?.length ? ` (${approvalsLabel(o.exemptApprovals)})` : ""}`
      : "",
    !o.floating && o.windowTimezone !== o.timezone ? `defined in ${o.windowTimezone}` : "",
    sourceNote(o) ?? "",
    o.description ?? "",
  ]
    .filter((n) => n !== "")
    .join("; ");
}

function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The releases of an agenda: one line each, local and UTC (nothing when there are none). */
function releasesText(releases: readonly ReleaseSlotView[], zone: string): string {
  if (releases.length === 0) return "";
  const rows = releases.map((r) => [
    `  ${localLabel(r.start, zone)} → ${localLabel(r.end, zone)}`,
    `#${r.id}`,
    r.tier,
    r.state,
    `${utcLabel(r.start)} → ${utcLabel(r.end)}`,
    r.summary,
  ]);
  const table = formatTable([[`  LOCAL (${zone})`, "RELEASE", "TIER", "STATE", "UTC", "SUMMARY"], ...rows]);
  return `\n${table}\n\n${countOf(releases.length, "scheduled release")}\n`;
}

/**
 * The text of `orc calendar show`: one line per occurrence, local and UTC, then the scheduled
 * releases when the server sent them.
 */
export function formatAgendaView(a: AgendaView): string {
  const header = `Agenda of ${a.environment}, ${localLabel(a.from, a.timezone)} → ${localLabel(a.to, a.timezone)} ${a.timezone}  (${utcLabel(a.from)} → ${utcLabel(a.to)} UTC)`;
  const releases = releasesText(a.releases ?? [], a.timezone);
  if (a.occurrences.length === 0) return `${header}\n\n  no freeze or maintenance window\n${releases}`;
  const rows = a.occurrences.map((o) => [
    `  ${localLabel(o.start, a.timezone)} → ${localLabel(o.end, a.timezone)}`,
    o.kind,
    windowName(o),
    `${utcLabel(o.start)} → ${utcLabel(o.end)}`,
    occurrenceNotes(o),
  ]);
  const freezes = a.occurrences.filter((o) => o.kind === "freeze").length;
  const table = formatTable([[`  LOCAL (${a.timezone})`, "KIND", "WINDOW", "UTC", "NOTES"], ...rows]);
  const summary = `${countOf(freezes, "freeze")}, ${countOf(a.occurrences.length - freezes, "maintenance window")}`;
  return `${header}\n\n${table}\n\n${summary}\n${releases}`;
}

/** What `orc calendar conflicts` prints: the API's conflicts document, as JSON or as this text. */
export interface ConflictsDocument {
  readonly environments: readonly string[];
  readonly timezone: string;
  readonly from: string;
  readonly to: string;
  readonly releases: readonly ReleaseSlotView[];
  readonly conflicts: readonly ConflictView[];
}

function slotLine(r: ReleaseSlotView): string {
  const what = r.state === "proposed" ? r.id : `#${r.id}`;
  return `${what} ${r.tier}  ${r.environment}  ${spanLabel(r.start, r.end, r.timezone)}${r.summary ? `  ${r.summary}` : ""}`;
}

/** The text of `orc calendar conflicts`: every conflict with its releases and window, local and UTC. */
export function formatConflicts(d: ConflictsDocument): string {
  const scope =
    d.environments.length === 1 ? d.environments[0] : `${countOf(d.environments.length, "environment")}`;
  const header = `Conflicts on ${scope}, ${spanLabel(d.from, d.to, d.timezone)}`;
  const among = `among ${countOf(d.releases.length, "scheduled release")}`;
  if (d.conflicts.length === 0) return `${header}\n\nNo conflicts ${among}.\n`;
  const blocks = d.conflicts.map((c) => {
    const lines = [`  ✗ ${c.code}  ${c.environment}`, `      ${c.message}`];
    for (const r of c.releases) lines.push(`      ${slotLine(r)}`);
    if (c.window) {
      lines.push(
        `      ${c.window.kind} ${windowName(c.window)}  ${spanLabel(c.window.start, c.window.end, c.window.timezone)}`,
      );
    }
    return lines.join("\n");
  });
  return `${header}\n\n${blocks.join("\n\n")}\n\n${countOf(d.conflicts.length, "conflict")} ${among}\n`;
}

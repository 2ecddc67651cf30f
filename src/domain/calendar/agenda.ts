import type { Temporal } from "temporal-polyfill";
import type { EnvironmentContext } from "./environment.js";
import { expandWindows, type Occurrence } from "./expand.js";
import type { CalendarSection } from "./spec.js";
import { zoneRules } from "./time-zone.js";
import { formatWall, weekdayName } from "./wall-clock.js";

/** The windows of one environment over a period, in order. */
export interface Agenda {
  readonly environment: string;
  readonly timezone: string;
  readonly from: Temporal.Instant;
  readonly to: Temporal.Instant;
  readonly occurrences: readonly Occurrence[];
}

/** The agenda of an environment: every occurrence overlapping [from, to), sorted by start. */
export function agenda(
  section: CalendarSection,
  environment: EnvironmentContext,
  from: Temporal.Instant,
  to: Temporal.Instant,
): Agenda {
  return {
    environment: environment.id,
    timezone: environment.timezone,
    from,
    to,
    occurrences: expandWindows(section, environment, from, to),
  };
}

function local(zone: string, epochMs: number): string {
  const w = zoneRules(zone).toWall(epochMs);
  return `${weekdayName(w)} ${formatWall(w).replace("T", " ")}`;
}

function utc(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/:00\.000Z$/, "Z");
}

/**
 * A readable agenda for terminals (`orc calendar show`): one line per occurrence with local times in
 * the environment's zone, the window, then UTC times and notes (exempt tiers, the zone a window is
 * defined in, its description).
 */
export function formatAgenda(a: Agenda): string {
  const fromMs = a.from.epochMilliseconds;
  const toMs = a.to.epochMilliseconds;
  const header = `Agenda of ${a.environment} (${a.timezone}), ${local(a.timezone, fromMs)} → ${local(a.timezone, toMs)}`;
  if (a.occurrences.length === 0) return `${header}\n  no freeze or maintenance window\n`;
  const rows = a.occurrences.map((o) => {
    const notes = [
      o.window.exemptTiers ? `exempt: ${o.window.exemptTiers.join(", ")}` : "",
      o.windowTimezone === o.timezone ? "" : `defined in ${o.windowTimezone}`,
      o.window.description ?? "",
    ].filter((n) => n !== "");
    return [
      `${local(a.timezone, o.startMs)} → ${local(a.timezone, o.endMs)}`,
      o.kind,
      `${o.calendar}/${o.window.name}`,
      `${utc(o.startMs)} → ${utc(o.endMs)}`,
      notes.join("; "),
    ];
  });
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const lines = rows.map((r) =>
    `  ${r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join("  ")}`.trimEnd(),
  );
  return `${header}\n${lines.join("\n")}\n`;
}

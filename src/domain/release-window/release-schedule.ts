import { Temporal } from "temporal-polyfill";
import {
  conflicts,
  releaseEndMs,
  type CalendarSection,
  type ConflictCode,
  type EnvironmentContext,
  type ReleaseEvent,
} from "../calendar/index.js";
import { occurrenceView, type OccurrenceView, type OriginOf } from "./window-check.js";

/** Where a slot comes from: the stored schedule, or a what-if proposal that is never saved. */
export type SlotState = "scheduled" | "running" | "proposed";

/**
 * One release on one environment: a stored release that is scheduled (its scheduled start) or running
 * (when it started), or a proposed slot of a what-if question.
 */
export interface ReleaseSlot {
  /** The release id (`42`), or `proposed-1`, `proposed-2`… for proposals. */
  readonly id: string;
  readonly environment: EnvironmentContext;
  readonly tier: string;
  /** @default "" for proposals */
  readonly summary: string;
  readonly state: SlotState;
  readonly start: Temporal.Instant;
  /** ISO 8601; days nominal in the environment's zone, hours and minutes exact. */
  readonly duration: string;
  readonly disruptive: boolean;
  /** False when the tier stays out of every freeze, even one exempting it. @default true */
  readonly allowedInFreeze?: boolean;
  /** Rescheduling count for calendar clients (ICS SEQUENCE). @default 0 */
  readonly sequence?: number;
  /** When the release last changed (ICS DTSTAMP). */
  readonly updatedAt?: Temporal.Instant;
}

/**
 * A slot as the API returns it and the CLI prints it: UTC instants (`…Z`) and wall-clock times in the
 * environment's zone (`local…`, minutes).
 */
export interface ReleaseSlotView {
  readonly id: string;
  readonly summary: string;
  readonly tier: string;
  readonly state: SlotState;
  readonly environment: string;
  readonly timezone: string;
  readonly start: string;
  readonly end: string;
  readonly localStart: string;
  readonly localEnd: string;
  readonly duration: string;
  readonly disruptive: boolean;
  /** The release's page (`/releases/42`); absent for proposals. */
  readonly link?: string;
}

/** One conflict of a schedule, with the releases and the window it involves. */
export interface ConflictView {
  readonly code: ConflictCode;
  readonly environment: string;
  /** A sentence with local and UTC times. */
  readonly message: string;
  /** The releases involved (two for `releases-overlap`), in schedule order. */
  readonly releases: readonly ReleaseSlotView[];
  /** The freeze or maintenance window involved, when there is one. */
  readonly window?: OccurrenceView;
}

function localMinute(epochMs: number, zone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(epochMs)
    .toZonedDateTimeISO(zone)
    .toPlainDateTime()
    .toString({ smallestUnit: "minute" });
}

/** The end of a slot, epoch milliseconds. */
export function slotEndMs(slot: ReleaseSlot): number {
  return releaseEndMs(slot.environment, slot.start, slot.duration);
}

/** The JSON view of a slot. */
export function releaseSlotView(slot: ReleaseSlot): ReleaseSlotView {
  const startMs = slot.start.epochMilliseconds;
  const endMs = slotEndMs(slot);
  const zone = slot.environment.timezone;
  return {
    id: slot.id,
    summary: slot.summary,
    tier: slot.tier,
    state: slot.state,
    environment: slot.environment.id,
    timezone: zone,
    start: Temporal.Instant.fromEpochMilliseconds(startMs).toString(),
    end: Temporal.Instant.fromEpochMilliseconds(endMs).toString(),
    localStart: localMinute(startMs, zone),
    localEnd: localMinute(endMs, zone),
    duration: slot.duration,
    disruptive: slot.disruptive,
    ...(slot.state === "proposed" ? {} : { link: `/releases/${slot.id}` }),
  };
}

/** Slots overlapping `[from, to)`, sorted by start, environment and id. */
export function slotsInPeriod(
  slots: readonly ReleaseSlot[],
  from: Temporal.Instant,
  to: Temporal.Instant,
): ReleaseSlot[] {
  return slots
    .filter((s) => s.start.epochMilliseconds < to.epochMilliseconds && slotEndMs(s) > from.epochMilliseconds)
    .sort(compareSlots);
}

/** Orders slots by start, then environment, then id (numerically for release ids). */
export function compareSlots(a: ReleaseSlot, b: ReleaseSlot): number {
  return (
    a.start.epochMilliseconds - b.start.epochMilliseconds ||
    (a.environment.id < b.environment.id ? -1 : a.environment.id > b.environment.id ? 1 : 0) ||
    a.id.localeCompare(b.id, "en", { numeric: true })
  );
}

/**
 * The conflicts of a schedule (the engine's `conflicts`): releases overlapping on one environment,
 * releases starting in or running into a freeze that does not exempt their tier, disruptive releases
 * outside maintenance windows. With `only`, the conflicts that involve at least one of those slot ids
 * (the what-if question: which conflicts would the proposals bring?).
 */
export function scheduleConflicts(
  slots: readonly ReleaseSlot[],
  section: CalendarSection,
  options: { readonly originOf?: OriginOf; readonly only?: ReadonlySet<string> } = {},
): ConflictView[] {
  // The engine identifies releases by id; one release on several environments is one slot each.
  const byKey = new Map<string, ReleaseSlot>();
  const key = (id: string, environment: string) => `${id}\u0000${environment}`;
  for (const s of slots) byKey.set(key(s.id, s.environment.id), s);
  const found = conflicts(
    slots.map((s) => ({
      id: s.id,
      environment: s.environment,
      tier: s.tier,
      start: s.start,
      duration: s.duration,
      disruptive: s.disruptive,
      ...(s.allowedInFreeze === false ? { allowedInFreeze: false } : {}),
    })),
    section,
  );
  const out: ConflictView[] = [];
  for (const c of found) {
    if (options.only && !c.releases.some((id) => options.only?.has(id))) continue;
    const involved = c.releases.flatMap((id) => byKey.get(key(id, c.environment)) ?? []);
    out.push({
      code: c.code,
      environment: c.environment,
      message: c.message,
      releases: involved.map(releaseSlotView),
      ...(c.occurrence ? { window: occurrenceView(c.occurrence, options.originOf) } : {}),
    });
  }
  return out;
}

/**
 * The feed event of a stored slot: its conflicts (from {@link scheduleConflicts}) make it TENTATIVE.
 * `baseUrl` makes the link absolute (`https://orc.example/releases/42`); without it, a path.
 */
export function releaseEvent(
  slot: ReleaseSlot,
  conflictsOfSlot: readonly ConflictView[],
  fallbackStamp: Temporal.Instant,
  baseUrl = "",
): ReleaseEvent {
  return {
    id: slot.id,
    environment: slot.environment.id,
    timezone: slot.environment.timezone,
    tier: slot.tier,
    summary: slot.summary,
    state: slot.state,
    startMs: slot.start.epochMilliseconds,
    endMs: slotEndMs(slot),
    disruptive: slot.disruptive,
    sequence: slot.sequence ?? 0,
    stamp: slot.updatedAt ?? fallbackStamp,
    link: `${baseUrl.replace(/\/+$/, "")}/releases/${slot.id}`,
    conflicts: conflictsOfSlot.map((c) => c.message),
  };
}

import { Temporal } from "temporal-polyfill";
import { OrcError } from "../domain/errors.js";
import {
  calendarContext,
  closestMatches,
  findEnvironment,
  findTenant,
  findTier,
  listEnvironments,
  type Estate,
  type EnvironmentView,
} from "../domain/estate/index.js";
import { isDisruptive } from "../domain/release/index.js";
import {
  agendaPeriod,
  compareSlots,
  lookupEnvironment,
  releaseSlotView,
  scheduleConflicts,
  slotEndMs,
  slotsInPeriod,
  windowQuestion,
  type ConflictView,
  type InputProblem,
  type ReleaseSlot,
  type ReleaseSlotView,
} from "../domain/release-window/index.js";
import { listSchedule, type Db, type ScheduleEntry } from "../store/index.js";
import { inputError, type CalendarState } from "./calendar-service.js";

/** What the schedule needs of the calendars in force. */
export type ScheduleCalendars = Pick<CalendarState, "estate" | "calendars" | "revision">;

/**
 * Where the calendars in force come from: the server's `CalendarService`, or (for `--direct` on the
 * command line) the estate file with the overlay read from the database.
 */
export interface CalendarSource {
  current(): Promise<ScheduleCalendars>;
}

/** Which environments and period a conflicts question is about; every field optional. */
export interface ScheduleScopeInput {
  /** `tenant/environment`, or an environment of `tenant`. @default every environment (of the tenant) */
  readonly env?: string;
  /** @default every tenant */
  readonly tenant?: string;
  /** A date, local time (in the environment's zone, else UTC) or instant. @default today */
  readonly from?: string;
  /** @default 30 days after `from` */
  readonly to?: string;
}

/** A slot to check without saving it (the what-if question). */
export interface ProposedSlotInput {
  /** `tenant/environment`. */
  readonly env: string;
  readonly tier: string;
  /** Local time in the environment's zone, or an instant. */
  readonly start: string;
  /** `2h`, `90m`, `1d` or ISO 8601. */
  readonly duration: string;
  /** @default false (a tier that requires a maintenance window makes it disruptive anyway) */
  readonly disruptive?: boolean;
  /** @default "" */
  readonly summary?: string;
}

/** The stored schedule of a scope over a period and its conflicts. */
export interface ScheduleConflicts {
  readonly environments: readonly string[];
  /** The zone `localFrom` and `localTo` are in: the environment's, or UTC for several. */
  readonly timezone: string;
  readonly from: string;
  readonly to: string;
  readonly localFrom: string;
  readonly localTo: string;
  /** Scheduled and running releases overlapping the period, one entry per environment. */
  readonly releases: readonly ReleaseSlotView[];
  readonly conflicts: readonly ConflictView[];
  readonly revision: string;
}

/** What proposed slots would conflict with. */
export interface WhatIfConflicts {
  /** True when no proposal conflicts with the stored schedule, the calendars or another proposal. */
  readonly ok: boolean;
  readonly proposals: readonly ReleaseSlotView[];
  readonly conflicts: readonly ConflictView[];
  readonly revision: string;
}

/** The largest number of proposals one what-if question may carry. */
export const MAX_PROPOSALS = 50;

function localMinute(at: Temporal.Instant, zone: string): string {
  return at.toZonedDateTimeISO(zone).toPlainDateTime().toString({ smallestUnit: "minute" });
}

/**
 * The releases on the schedule (scheduled or running) seen against the calendars in force: the
 * conflicts question, the what-if question, and the release slots of agendas and ICS feeds. A
 * release going to several environments has one slot on each, with the same start and duration.
 */
export class ReleaseScheduleService {
  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarSource,
    private readonly now: () => Date,
  ) {}

  /** Conflicts of the stored schedule over a period (default: 30 days from today). */
  async conflicts(input: ScheduleScopeInput): Promise<ScheduleConflicts> {
    const state = await this.calendars.current();
    const views = scopeEnvironments(state.estate, input);
    const zone = views.length === 1 && views[0] ? calendarContext(views[0]).timezone : "UTC";
    const period = agendaPeriod(
      {
        ...(input.from !== undefined ? { from: input.from } : {}),
        ...(input.to !== undefined ? { to: input.to } : {}),
      },
      zone,
      this.nowInstant(),
    );
    if (!period.ok) throw inputError(period.problems, "query");
    const { from, to } = period.value;
    const ids = views.map((v) => v.id);
    // Every stored slot of these environments that has not ended by `from`: a release in the period
    // may overlap one that starts after it.
    const slots = (await this.storedSlots(state.estate, ids)).filter(
      (s) => slotEndMs(s) > from.epochMilliseconds,
    );
    const inPeriod = slotsInPeriod(slots, from, to);
    const keys = new Set(inPeriod.map((s) => s.id));
    const found = scheduleConflicts(slots, state.calendars.section, {
      originOf: state.calendars.originOf,
      only: keys,
    }).filter((c) =>
      c.releases.some((r) => inPeriod.some((s) => s.id === r.id && s.environment.id === r.environment)),
    );
    return {
      environments: ids,
      timezone: zone,
      from: from.toString(),
      to: to.toString(),
      localFrom: localMinute(from, zone),
      localTo: localMinute(to, zone),
      releases: inPeriod.map(releaseSlotView),
      conflicts: found,
      revision: state.revision,
    };
  }

  /**
   * Checks proposed slots against the stored schedule and the calendars, saving nothing: the
   * conflicts that involve a proposal (with a stored release, a window, or another proposal).
   */
  async whatIf(proposals: readonly ProposedSlotInput[]): Promise<WhatIfConflicts> {
    const state = await this.calendars.current();
    const problems: { path: string; message: string; code: string }[] = [];
    const proposed: ReleaseSlot[] = [];
    proposals.forEach((p, i) => {
      const q = windowQuestion(
        state.estate,
        {
          environment: p.env,
          tier: p.tier,
          at: p.start,
          duration: p.duration,
          ...(p.disruptive !== undefined ? { disruptive: p.disruptive } : {}),
        },
        this.nowInstant(),
      );
      if (!q.ok) {
        for (const x of q.problems) problems.push(proposalProblem(i, x));
        return;
      }
      proposed.push({
        id: `proposed-${i + 1}`,
        environment: q.value.environment,
        tier: q.value.tier.name,
        summary: p.summary ?? "",
        state: "proposed",
        start: q.value.start,
        duration: q.value.duration,
        disruptive: q.value.disruptive,
        allowedInFreeze: q.value.tier.allowedInFreeze,
      });
    });
    if (problems.length > 0) {
      throw new OrcError("bad-request", problems.map((p) => `${p.path}: ${p.message}`).join("; "), {
        errors: problems,
      });
    }
    const environments = [...new Set(proposed.map((p) => p.environment.id))];
    const stored = await this.storedSlots(state.estate, environments);
    const found = scheduleConflicts([...stored, ...proposed], state.calendars.section, {
      originOf: state.calendars.originOf,
      only: new Set(proposed.map((p) => p.id)),
    });
    return {
      ok: found.length === 0,
      proposals: proposed.map(releaseSlotView),
      conflicts: found,
      revision: state.revision,
    };
  }

  /**
   * The stored slots on one environment overlapping `[from, to)`, sorted by start, and the
   * conflicts of each (keyed by release id), for agendas and feeds.
   */
  async onEnvironment(
    state: ScheduleCalendars,
    environment: string,
    from: Temporal.Instant,
    to: Temporal.Instant,
  ): Promise<{ slots: ReleaseSlot[]; conflicts: ReadonlyMap<string, ConflictView[]> }> {
    const all = await this.storedSlots(state.estate, [environment]);
    const slots = slotsInPeriod(all, from, to);
    const byRelease = new Map<string, ConflictView[]>();
    for (const c of scheduleConflicts(all, state.calendars.section, { originOf: state.calendars.originOf })) {
      for (const r of c.releases) byRelease.set(r.id, [...(byRelease.get(r.id) ?? []), c]);
    }
    return { slots, conflicts: byRelease };
  }

  /** One slot per stored release and environment among `environments` that the estate still has. */
  private async storedSlots(estate: Estate, environments: readonly string[]): Promise<ReleaseSlot[]> {
    if (environments.length === 0) return [];
    const wanted = new Set(environments);
    const entries = await listSchedule(this.db, { environments });
    return entries.flatMap((e) => slotsOf(estate, e, wanted)).sort(compareSlots);
  }

  private nowInstant(): Temporal.Instant {
    return Temporal.Instant.fromEpochMilliseconds(this.now().getTime());
  }
}

function slotsOf(estate: Estate, e: ScheduleEntry, wanted: ReadonlySet<string>): ReleaseSlot[] {
  const tier = findTier(estate, e.tier);
  const disruptive = isDisruptive(tier, e.planStrategy);
  return e.environments.flatMap((id) => {
    if (!wanted.has(id)) return [];
    const view = findEnvironment(estate, id);
    if (!view) return [];
    return [
      {
        id: String(e.id),
        environment: calendarContext(view),
        tier: e.tier,
        summary: e.summary,
        state: e.state,
        start: Temporal.Instant.from(e.start),
        duration: e.duration,
        disruptive,
        allowedInFreeze: tier?.allowedInFreeze ?? true,
        sequence: e.sequence,
        updatedAt: Temporal.Instant.from(e.updatedAt),
      },
    ];
  });
}

function proposalProblem(index: number, p: InputProblem): { path: string; message: string; code: string } {
  const field = p.field === "environment" ? "env" : p.field === "at" ? "start" : p.field;
  return {
    path: `body.proposals[${index}].${field}`,
    message: p.hint ? `${p.message}; ${p.hint}` : p.message,
    code: p.code,
  };
}

/** The environments of a scope: one (`env`), a tenant's, or every one; unknown names are 404s. */
function scopeEnvironments(estate: Estate, input: ScheduleScopeInput): EnvironmentView[] {
  if (input.tenant !== undefined && !findTenant(estate, input.tenant)) {
    const close = closestMatches(
      input.tenant,
      estate.tenants.map((t) => t.name),
    );
    throw new OrcError(
      "not-found",
      `no tenant ${input.tenant} in the estate${close.length ? `; did you mean ${close.map((c) => `\`${c}\``).join(" or ")}?` : ""}`,
      {
        errors: [
          { path: "query.tenant", message: `unknown tenant "${input.tenant}"`, code: "unknown-tenant" },
        ],
      },
    );
  }
  if (input.env !== undefined) {
    const ref =
      input.tenant !== undefined && !input.env.includes("/") ? `${input.tenant}/${input.env}` : input.env;
    const found = lookupEnvironment(estate, ref);
    if ("field" in found) throw inputError([found], "query");
    if (input.tenant !== undefined && found.tenant.name !== input.tenant) {
      throw new OrcError("bad-request", `environment ${found.id} is not in tenant ${input.tenant}`, {
        errors: [{ path: "query.env", message: `environment ${found.id} is not in tenant ${input.tenant}` }],
      });
    }
    return [found];
  }
  const all = listEnvironments(estate);
  return input.tenant !== undefined ? all.filter((v) => v.tenant.name === input.tenant) : all;
}

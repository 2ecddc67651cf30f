import type { Logger } from "pino";
import { Temporal } from "temporal-polyfill";
import {
  agenda,
  checkCalendarReferences,
  decide,
  prepareCalendars,
  WindowSpec,
} from "../domain/calendar/index.js";
import type { Diagnostic } from "../domain/diagnostic.js";
import { OrcError } from "../domain/errors.js";
import { calendarContext, closestMatches, listEnvironments, type Estate } from "../domain/estate/index.js";
import { auditActor, type Principal } from "../domain/identity/index.js";
import {
  agendaPeriod,
  agendaView,
  describeInputProblem,
  effectiveCalendars,
  lookupEnvironment,
  windowCheck,
  windowQuestion,
  type AgendaPeriodInput,
  type AgendaView,
  type EffectiveCalendars,
  type InputProblem,
  type ListedWindow,
  type OverlayWindow,
  type WindowCheck,
  type WindowQuestionInput,
} from "../domain/release-window/index.js";
import {
  bumpOverlay,
  deleteApiWindow,
  findCalendarWindow,
  firstLoadOfEstate,
  insertApiWindow,
  listCalendarWindows,
  lockOverlay,
  overlayRevision,
  type Db,
  type OverlayRevision,
  type StoredCalendarWindow,
} from "../store/index.js";
import type { AuditLog } from "./audit-log.js";
import type { EstateHolder } from "./estate-holder.js";

/** The calendars in force: the estate's with the overlay's windows, and where they came from. */
export interface CalendarState {
  readonly estate: Estate;
  readonly estateHash: string;
  readonly overlay: OverlayRevision;
  readonly calendars: EffectiveCalendars;
  /** Identifies this state: the estate's hash (first 16 hex) and the overlay revision. */
  readonly revision: string;
  /**
   * When the calendars last changed: the later of the first load of this estate content and the
   * last overlay change.
   */
  readonly changedAt: Temporal.Instant;
}

/** How far ahead recurrences are expanded when the calendars are rebuilt. */
const PREPARE_DAYS = 400;
/** The longest the background warm-up holds the event loop at a time. */
const WARM_SLICE_MS = 15;

/** Turns input problems into the error the API answers: 404 for the environment, else 400. */
export function inputError(problems: readonly InputProblem[], where: "query" | "body"): OrcError {
  const environment = problems.find((p) => p.code === "unknown-environment");
  const errors = problems.map((p) => ({
    path: `${where}.${p.field}`,
    message: describeInputProblem(p),
    code: p.code,
  }));
  if (environment) return new OrcError("not-found", describeInputProblem(environment), { errors });
  return new OrcError("bad-request", problems.map(describeInputProblem).join("; "), { errors });
}

/**
 * Re-validates a stored window; a row the current schema refuses is skipped (and told to `onInvalid`,
 * which the server logs), not fatal.
 */
export function overlayWindow(
  row: StoredCalendarWindow,
  onInvalid: (row: StoredCalendarWindow) => void,
): OverlayWindow | undefined {
  const parsed = WindowSpec.safeParse(row.spec);
  if (!parsed.success || parsed.data.name !== row.name) {
    onInvalid(row);
    return undefined;
  }
  return {
    calendar: row.calendar,
    window: parsed.data,
    origin: row.origin,
    ...(row.importName !== undefined ? { importName: row.importName } : {}),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
  };
}

/**
 * Decisions, agendas and windows for the API, on the estate in force plus the windows stored in the
 * database. The combined calendars are rebuilt when the estate's hash or the overlay revision
 * changes (one row read per request tells; every replica sees changes made by the others), and
 * kept otherwise, so the engine's expansion caches serve every request of a revision.
 */
export class CalendarService {
  private cached: CalendarState | undefined;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly estate: EstateHolder<Estate>,
    private readonly now: () => Date,
    private readonly log: Logger,
  ) {}

  /** The calendars in force now. */
  async current(): Promise<CalendarState> {
    const snapshot = this.estate.current();
    if (!snapshot) throw new OrcError("infrastructure-unavailable", "no estate is loaded");
    const overlay = await overlayRevision(this.db);
    const cached = this.cached;
    if (cached && cached.estate === snapshot.estate && cached.overlay.revision === overlay.revision)
      return cached;
    const rows = await listCalendarWindows(this.db);
    const calendars = effectiveCalendars(
      snapshot.estate,
      rows.flatMap(
        (r) =>
          overlayWindow(r, (bad) =>
            this.log.warn(
              { calendar: bad.calendar, window: bad.name },
              "stored calendar window is no longer valid; ignored",
            ),
          ) ?? [],
      ),
    );
    for (const i of calendars.ignored) {
      this.log.info(
        { calendar: i.overlay.calendar, window: i.overlay.window.name, reason: i.reason },
        "calendar window not applied",
      );
    }
    // The first load of this estate content, not this process's: restarts leave feeds byte-identical.
    const firstLoad = await firstLoadOfEstate(this.db, snapshot.hash);
    const loadedAt = Temporal.Instant.from(firstLoad?.toISOString() ?? snapshot.loadedAt);
    const overlayAt = overlay.updatedAt ? Temporal.Instant.from(overlay.updatedAt) : undefined;
    const state: CalendarState = {
      estate: snapshot.estate,
      estateHash: snapshot.hash,
      overlay,
      calendars,
      revision: `${snapshot.hash.slice(0, 16)}.${overlay.revision}`,
      changedAt: overlayAt && Temporal.Instant.compare(overlayAt, loadedAt) > 0 ? overlayAt : loadedAt,
    };
    this.cached = state;
    this.warm(state);
    return state;
  }

  /**
   * Compiles the new revision's calendars and expands their recurrences {@link PREPARE_DAYS} ahead
   * (`prepareCalendars`) in the background, a few calendars at a time, yielding to requests in
   * between: on a large estate this is a second of work that no request should wait for. A request
   * that comes first compiles what it needs itself.
   */
  private warm(state: CalendarState): void {
    const { regions, calendars } = state.calendars.section;
    const through = Temporal.Instant.fromEpochMilliseconds(this.now().getTime()).add({
      hours: 24 * PREPARE_DAYS,
    });
    let next = 0;
    const slice = () => {
      if (this.cached !== state) return;
      const started = performance.now();
      while (next < calendars.length && performance.now() - started < WARM_SLICE_MS) {
        prepareCalendars(
          { regions: next === 0 ? regions : [], calendars: calendars.slice(next, next + 1) },
          through,
        );
        next++;
      }
      if (next < calendars.length) setImmediate(slice).unref();
    };
    setImmediate(slice).unref();
  }

  /** Decides a window question; bad input throws (404 for the environment, 400 otherwise). */
  async decide(input: WindowQuestionInput): Promise<{ state: CalendarState; check: WindowCheck }> {
    const state = await this.current();
    const question = windowQuestion(
      state.estate,
      input,
      Temporal.Instant.fromEpochMilliseconds(this.now().getTime()),
    );
    if (!question.ok) throw inputError(question.problems, "query");
    const q = question.value;
    const decision = decide(
      {
        environment: q.environment,
        tier: q.tier.name,
        start: q.start,
        duration: q.duration,
        disruptive: q.disruptive,
        horizonDays: q.horizonDays,
      },
      state.calendars.section,
    );
    return { state, check: windowCheck(q, decision, state.calendars.originOf) };
  }

  /** The agenda of an environment over a period (default: 30 days from today, local). */
  async agenda(
    environment: string,
    period: AgendaPeriodInput,
  ): Promise<{ state: CalendarState; agenda: AgendaView }> {
    const state = await this.current();
    const found = lookupEnvironment(state.estate, environment);
    if ("field" in found) throw inputError([found], "query");
    const context = calendarContext(found);
    const parsed = agendaPeriod(
      period,
      context.timezone,
      Temporal.Instant.fromEpochMilliseconds(this.now().getTime()),
    );
    if (!parsed.ok) throw inputError(parsed.problems, "query");
    const a = agenda(state.calendars.section, context, parsed.value.from, parsed.value.to);
    return { state, agenda: agendaView(a, state.calendars.originOf) };
  }

  /** The windows of a calendar in force, with where each comes from. */
  async windows(calendar: string): Promise<{ state: CalendarState; windows: readonly ListedWindow[] }> {
    const state = await this.current();
    const windows = state.calendars.windows.get(calendar);
    if (!windows) throw unknownCalendar(state.estate, calendar);
    return { state, windows };
  }

  /**
   * Adds a window to an estate calendar (audited). Refused: an unknown calendar (404), a name the
   * calendar already has (409), a window the environments using the calendar cannot evaluate, or
   * exempt tiers the estate does not have (422). Warnings (a scope matching nothing) are returned.
   */
  async addWindow(
    calendar: string,
    window: WindowSpec,
    by: Principal,
  ): Promise<{ window: ListedWindow; warnings: readonly Diagnostic[] }> {
    const state = await this.current();
    const listed = state.calendars.windows.get(calendar);
    if (!listed) throw unknownCalendar(state.estate, calendar);
    const taken = listed.find((w) => w.window.name === window.name);
    if (taken) throw nameTaken(calendar, window.name, taken);
    const problems = this.checkNewWindow(state, calendar, window);
    const errors = problems.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      throw new OrcError(
        "validation-failed",
        `window ${calendar}/${window.name} cannot apply: ${errors.map((d) => d.message).join("; ")}`,
        {
          errors: errors.map((d) => ({
            path: d.path ?? "body",
            message: d.hint ? `${d.message} (${d.hint})` : d.message,
            code: d.code,
          })),
        },
      );
    }
    const at = this.now();
    await this.db.transaction(async (tx) => {
      await lockOverlay(tx);
      const stored = await findCalendarWindow(tx, calendar, window.name);
      if (!(await insertApiWindow(tx, { calendar, name: window.name, spec: window, at, by: by.user }))) {
        throw new OrcError(
          "conflict",
          `calendar ${calendar} already has a window ${window.name} (${stored?.origin === "import" ? `imported by ${stored.importName ?? "?"}` : "added through the API"})`,
        );
      }
      await bumpOverlay(tx, at);
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "calendar.window-added",
        subjectType: "calendar-window",
        subjectId: `${calendar}/${window.name}`,
        payload: { calendar, window },
      });
    });
    const overlay: OverlayWindow = {
      calendar,
      window,
      origin: "api",
      createdAt: at.toISOString(),
      createdBy: by.user,
      updatedAt: at.toISOString(),
    };
    return {
      window: { calendar, origin: "api", window, overlay },
      warnings: problems.filter((d) => d.severity !== "error"),
    };
  }

  /** Removes a window added through the API (audited); estate and imported windows are refused (409). */
  async removeWindow(calendar: string, name: string, by: Principal): Promise<void> {
    const state = await this.current();
    const listed = state.calendars.windows.get(calendar);
    if (!listed) throw unknownCalendar(state.estate, calendar);
    const found = listed.find((w) => w.window.name === name);
    if (found?.origin === "estate") {
      throw new OrcError(
        "conflict",
        `window ${calendar}/${name} is declared in the estate file; remove it there and reload the estate`,
      );
    }
    if (found?.origin === "import") {
      throw new OrcError(
        "conflict",
        `window ${calendar}/${name} comes from the ICS import ${found.overlay?.importName ?? "?"}; it goes when the event leaves that calendar (re-run the import) or the mapping no longer selects it`,
      );
    }
    await this.db.transaction(async (tx) => {
      await lockOverlay(tx);
      if (!(await deleteApiWindow(tx, calendar, name))) {
        throw new OrcError("not-found", `calendar ${calendar} has no window ${name} added through the API`);
      }
      await bumpOverlay(tx, this.now());
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "calendar.window-removed",
        subjectType: "calendar-window",
        subjectId: `${calendar}/${name}`,
        payload: { calendar, window: found?.window ?? { name } },
      });
    });
  }

  /** What the estate's cross-checks say about a new window, and exempt tiers the estate lacks. */
  private checkNewWindow(state: CalendarState, calendar: string, window: WindowSpec): Diagnostic[] {
    const out: Diagnostic[] = [];
    const tiers = state.estate.tiers.map((t) => t.name);
    (window.exemptTiers ?? []).forEach((tier, i) => {
      if (tiers.includes(tier)) return;
      const close = closestMatches(tier, tiers);
      out.push({
        code: "unknown-tier",
        severity: "error",
        message: `exempt tier "${tier}" is not a tier of the estate`,
        path: `body.exemptTiers[${i}]`,
        hint: close.length
          ? `did you mean ${close.map((c) => `\`${c}\``).join(" or ")}?`
          : `tiers: ${tiers.join(", ")}`,
      });
    });
    const section = state.calendars.section;
    const ci = section.calendars.findIndex((c) => c.name === calendar);
    const target = section.calendars[ci];
    if (!target) return out;
    const wi = target.windows.length;
    const trial = {
      regions: section.regions,
      calendars: section.calendars.map((c, i) => (i === ci ? { ...c, windows: [...c.windows, window] } : c)),
    };
    const prefix = `calendars[${ci}].windows[${wi}]`;
    for (const d of checkCalendarReferences(trial, listEnvironments(state.estate).map(calendarContext))) {
      if (!d.path?.startsWith(prefix)) continue;
      out.push({ ...d, path: `body${d.path.slice(prefix.length)}` });
    }
    return out;
  }
}

function unknownCalendar(estate: Estate, calendar: string): OrcError {
  const names = estate.calendars.map((c) => c.name);
  const close = closestMatches(calendar, names);
  const hint = close.length ? `; did you mean ${close.map((c) => `\`${c}\``).join(" or ")}?` : "";
  return new OrcError("not-found", `no calendar ${calendar} in the estate${hint}`);
}

function nameTaken(calendar: string, name: string, taken: ListedWindow): OrcError {
  const where =
    taken.origin === "estate"
      ? "declared in the estate file"
      : taken.origin === "import"
        ? `imported by ${taken.overlay?.importName ?? "?"}`
        : "added through the API";
  return new OrcError("conflict", `calendar ${calendar} already has a window ${name} (${where})`);
}

import { Temporal } from "temporal-polyfill";
import { z } from "zod";
import { CalendarName, WindowSpec } from "../../domain/calendar/index.js";
import { ROLES } from "../../domain/identity/index.js";
import { releaseSlotView, type ListedWindow } from "../../domain/release-window/index.js";
import { MAX_PROPOSALS } from "../../services/release-schedule-service.js";
import { defineRoute, reply } from "../route.js";

const EnvironmentParams = z.object({ tenant: z.string().max(100), environment: z.string().max(100) });

const Occurrence = z.object({
  id: z.string().meta({ description: "calendar/window@nominal local start (the RFC 5545 RECURRENCE-ID)" }),
  calendar: z.string(),
  window: z.string(),
  kind: z.enum(["freeze", "maintenance"]),
  description: z.string().optional(),
  source: z.enum(["estate", "api", "import"]),
  timezone: z.string().meta({ description: "the environment's zone, of localStart and localEnd" }),
  windowTimezone: z.string(),
  floating: z.boolean(),
  start: z.string(),
  end: z.string(),
  localStart: z.string(),
  localEnd: z.string(),
  exemptTiers: z.array(z.string()).optional(),
  exemptApprovals: z.array(z.object({ role: z.string(), count: z.number() })).optional(),
});

const Decision = z.object({
  allowed: z.boolean(),
  environment: z.string(),
  timezone: z.string(),
  tier: z.string(),
  duration: z.string(),
  disruptive: z.boolean(),
  disruptiveReason: z.string().optional(),
  start: z.string(),
  end: z.string(),
  localStart: z.string(),
  localEnd: z.string(),
  reasons: z.array(
    z.object({
      code: z.enum([
        "freeze-active",
        "runs-into-freeze",
        "freeze-exempt",
        "inside-maintenance-window",
        "outside-maintenance-window",
        "no-maintenance-window",
        "no-window-applies",
        "no-window-in-horizon",
      ]),
      blocking: z.boolean(),
      message: z.string(),
      occurrence: Occurrence.optional(),
    }),
  ),
  exemptions: z.array(
    z.object({
      calendar: z.string(),
      window: z.string(),
      tier: z.string(),
      approvals: z.array(z.object({ role: z.string(), count: z.number() })),
    }),
  ),
  next: z.string().optional(),
  nextLocal: z.string().optional(),
  horizonDays: z.number(),
  revision: z.string().meta({ description: "estate hash and overlay revision the answer is based on" }),
});

const DecisionQuery = z.strictObject({
  tier: z.string().min(1).max(100).meta({ description: "a tier of the estate" }),
  at: z.string().max(100).optional().meta({
    description: "local time in the environment's zone (2026-11-27T06:00) or an instant; default now",
  }),
  duration: z.string().min(1).max(50).meta({ description: "2h, 90m, 1d, 1h30m or ISO 8601 (PT2H)" }),
  disruptive: z.stringbool().optional(),
  horizonDays: z.coerce.number().int().optional(),
});

const ReleaseSlot = z.object({
  id: z.string().meta({ description: "the release id, or proposed-1, proposed-2… for what-if proposals" }),
  summary: z.string(),
  tier: z.string(),
  state: z.enum(["scheduled", "running", "proposed"]),
  environment: z.string(),
  timezone: z.string().meta({ description: "the environment's zone, of localStart and localEnd" }),
  start: z.string().meta({ description: "UTC: the scheduled start, or when a running release started" }),
  end: z.string(),
  localStart: z.string(),
  localEnd: z.string(),
  duration: z.string().meta({ description: "ISO 8601; days nominal in the environment's zone" }),
  disruptive: z.boolean(),
  link: z.string().optional().meta({ description: "the release's page, /releases/{id}" }),
});

const Agenda = z.object({
  environment: z.string(),
  timezone: z.string(),
  from: z.string(),
  to: z.string(),
  localFrom: z.string(),
  localTo: z.string(),
  occurrences: z.array(Occurrence),
  releases: z.array(ReleaseSlot).meta({
    description: "scheduled and running releases of the environment overlapping the period, by start",
  }),
  revision: z.string(),
});

const Conflict = z.object({
  code: z.enum([
    "releases-overlap",
    "freeze-active",
    "runs-into-freeze",
    "outside-maintenance-window",
    "no-maintenance-window",
  ]),
  environment: z.string(),
  message: z.string(),
  releases: z.array(ReleaseSlot),
  window: Occurrence.optional(),
});

const ConflictsQuery = z.strictObject({
  env: z.string().max(200).optional().meta({
    description: "tenant/environment (or an environment of `tenant`); default every environment",
  }),
  tenant: z.string().max(100).optional().meta({ description: "default every tenant" }),
  from: z.string().max(100).optional().meta({
    description: "a date, local time (the environment's zone; UTC for several) or instant; default today",
  }),
  to: z
    .string()
    .max(100)
    .optional()
    .meta({ description: "a date (included), local time or instant; default from + 30 days" }),
});

const Proposal = z.strictObject({
  env: z.string().min(1).max(200).meta({ description: "tenant/environment" }),
  tier: z.string().min(1).max(100),
  start: z
    .string()
    .min(1)
    .max(100)
    .meta({ description: "local time in the environment's zone, or an instant" }),
  duration: z.string().min(1).max(50).meta({ description: "2h, 90m, 1d, 1h30m or ISO 8601 (PT2H)" }),
  disruptive: z.boolean().optional(),
  summary: z.string().max(2000).optional(),
});

const AgendaQuery = z.strictObject({
  from: z.string().max(100).optional().meta({ description: "a date, local time or instant; default today" }),
  to: z
    .string()
    .max(100)
    .optional()
    .meta({ description: "a date (included), local time or instant; default from + 30 days" }),
});

const Json = z.record(z.string(), z.unknown());

const ListedWindowBody = z.object({
  calendar: z.string(),
  source: z.enum(["estate", "api", "import"]),
  import: z.string().optional(),
  createdAt: z.string().optional(),
  createdBy: z.string().optional(),
  updatedAt: z.string().optional(),
  window: Json,
});

function listedWindowBody(w: ListedWindow): z.infer<typeof ListedWindowBody> {
  return {
    calendar: w.calendar,
    source: w.origin,
    ...(w.overlay?.importName ? { import: w.overlay.importName } : {}),
    ...(w.overlay
      ? { createdAt: w.overlay.createdAt, createdBy: w.overlay.createdBy, updatedAt: w.overlay.updatedAt }
      : {}),
    window: { ...w.window },
  };
}

/** A window added through the API: any window the estate could declare, except an import's `source`. */
const NewWindow = WindowSpec.refine((w) => w.source === undefined, {
  path: ["source"],
  message: "source is set by ICS imports; leave it out",
});

const WindowParams = z.object({ calendar: CalendarName, name: CalendarName });

const Diagnostic = z.object({
  code: z.string(),
  severity: z.string(),
  message: z.string(),
  path: z.string().optional(),
  line: z.number().optional(),
  hint: z.string().optional(),
});

const ImportRun = z.object({
  import: z.string(),
  calendar: z.string(),
  source: z.string(),
  contentHash: z.string(),
  windows: z.number(),
  added: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  removed: z.number(),
  changed: z.boolean(),
  skipped: z.array(z.object({ uid: z.string(), summary: z.string(), line: z.number(), reason: z.string() })),
  warnings: z.array(Diagnostic),
});

const WRITERS = ["release-manager"] as const;

/** Release windows: decisions, agendas, calendars with windows added through the API, ICS imports. */
export const calendarRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/environments/{tenant}/{environment}/decision",
    operationId: "decideReleaseWindow",
    summary:
      "May a release of this tier start then and run that long? Allowed or blocked, every window that applied and why (local and UTC), extra approvals, and the next allowed start.",
    tag: "calendar",
    roles: ROLES,
    params: EnvironmentParams,
    query: DecisionQuery,
    response: Decision,
    handler: async ({ ctx, params, query }) => {
      const { state, check } = await ctx.calendars.decide({
        environment: `${params.tenant}/${params.environment}`,
        tier: query.tier,
        duration: query.duration,
        ...(query.at !== undefined ? { at: query.at } : {}),
        ...(query.disruptive !== undefined ? { disruptive: query.disruptive } : {}),
        ...(query.horizonDays !== undefined ? { horizonDays: query.horizonDays } : {}),
      });
      return { ...check, revision: state.revision };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/environments/{tenant}/{environment}/agenda",
    operationId: "getAgenda",
    summary:
      "The freezes and maintenance windows of an environment over a period (default: 30 days from today), and the scheduled and running releases there (`releases`).",
    tag: "calendar",
    roles: ROLES,
    params: EnvironmentParams,
    query: AgendaQuery,
    response: Agenda,
    handler: async ({ ctx, params, query }) => {
      const { state, agenda } = await ctx.calendars.agenda(`${params.tenant}/${params.environment}`, {
        ...(query.from !== undefined ? { from: query.from } : {}),
        ...(query.to !== undefined ? { to: query.to } : {}),
      });
      const { slots } = await ctx.schedule.onEnvironment(
        state,
        agenda.environment,
        Temporal.Instant.from(agenda.from),
        Temporal.Instant.from(agenda.to),
      );
      return { ...agenda, releases: slots.map(releaseSlotView), revision: state.revision };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/calendars/conflicts",
    operationId: "getScheduleConflicts",
    summary:
      "Conflicts of the scheduled and running releases over a period (default: 30 days from today), against the calendars in force: two releases overlapping on one environment (releases-overlap), a release in or running into a freeze that does not exempt its tier (freeze-active, runs-into-freeze), a disruptive release outside maintenance windows (outside-maintenance-window, no-maintenance-window).",
    tag: "calendar",
    roles: ROLES,
    query: ConflictsQuery,
    response: z.object({
      environments: z.array(z.string()),
      timezone: z
        .string()
        .meta({ description: "the zone of localFrom and localTo: the environment's, or UTC" }),
      from: z.string(),
      to: z.string(),
      localFrom: z.string(),
      localTo: z.string(),
      releases: z.array(ReleaseSlot),
      conflicts: z.array(Conflict),
      revision: z.string(),
    }),
    handler: async ({ ctx, query }) => {
      const found = await ctx.schedule.conflicts(query);
      return {
        ...found,
        releases: [...found.releases],
        conflicts: [...found.conflicts],
        environments: [...found.environments],
      };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/calendars/conflicts",
    operationId: "checkProposedSlots",
    summary:
      "What if: would these release slots conflict with the stored schedule, the calendars or each other? Nothing is saved. `ok` is true when none does.",
    tag: "calendar",
    roles: ROLES,
    body: z.strictObject({ proposals: z.array(Proposal).min(1).max(MAX_PROPOSALS) }),
    response: z.object({
      ok: z.boolean(),
      proposals: z.array(ReleaseSlot),
      conflicts: z.array(Conflict),
      revision: z.string(),
    }),
    handler: async ({ ctx, body }) => {
      const found = await ctx.schedule.whatIf(body.proposals);
      return { ...found, proposals: [...found.proposals], conflicts: [...found.conflicts] };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/calendars",
    operationId: "listCalendars",
    summary: "The estate's calendars, with how many windows come from the estate, the API and imports.",
    tag: "calendar",
    roles: ROLES,
    response: z.object({
      calendars: z.array(
        z.object({
          name: z.string(),
          description: z.string().optional(),
          windows: z.object({ estate: z.number(), api: z.number(), import: z.number() }),
          environments: z.array(z.string()),
        }),
      ),
      revision: z.string(),
    }),
    handler: async ({ ctx }) => {
      const state = await ctx.calendars.current();
      const uses = new Map<string, string[]>();
      for (const t of state.estate.tenants)
        for (const e of t.environments)
          for (const c of e.calendars) uses.set(c, [...(uses.get(c) ?? []), `${t.name}/${e.name}`]);
      return {
        calendars: state.estate.calendars.map((c) => {
          const listed = state.calendars.windows.get(c.name) ?? [];
          const count = (origin: string) => listed.filter((w) => w.origin === origin).length;
          return {
            name: c.name,
            ...(c.description ? { description: c.description } : {}),
            windows: { estate: count("estate"), api: count("api"), import: count("import") },
            environments: uses.get(c.name) ?? [],
          };
        }),
        revision: state.revision,
      };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/calendars/{calendar}/windows",
    operationId: "listCalendarWindows",
    summary:
      "The windows of a calendar: the estate's, then those added through the API or imported (`source`).",
    tag: "calendar",
    roles: ROLES,
    params: z.object({ calendar: CalendarName }),
    response: z.object({ windows: z.array(ListedWindowBody), revision: z.string() }),
    handler: async ({ ctx, params }) => {
      const { state, windows } = await ctx.calendars.windows(params.calendar);
      return { windows: windows.map(listedWindowBody), revision: state.revision };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/calendars/{calendar}/windows",
    operationId: "addCalendarWindow",
    summary:
      "Add a freeze or maintenance window to an estate calendar (audited). Stored in the database on top of the estate file, which stays the source of truth for what it declares.",
    tag: "calendar",
    roles: WRITERS,
    params: z.object({ calendar: CalendarName }),
    body: NewWindow,
    status: 201,
    response: z.object({ window: ListedWindowBody, warnings: z.array(Diagnostic) }),
    handler: async ({ ctx, params, body, principal }) => {
      const added = await ctx.calendars.addWindow(params.calendar, body, principal);
      return reply({ window: listedWindowBody(added.window), warnings: [...added.warnings] }, 201);
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/v1/calendars/{calendar}/windows/{name}",
    operationId: "removeCalendarWindow",
    summary:
      "Remove a window added through the API (audited). Estate and imported windows are refused (409).",
    tag: "calendar",
    roles: WRITERS,
    params: WindowParams,
    status: 204,
    handler: async ({ ctx, params, principal }) => {
      await ctx.calendars.removeWindow(params.calendar, params.name, principal);
      return reply(undefined, 204);
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/calendar-imports",
    operationId: "listCalendarImports",
    summary: "The ICS imports the estate declares (icsImports), with their last runs.",
    tag: "calendar",
    roles: ROLES,
    response: z.object({ imports: z.array(Json) }),
    handler: async ({ ctx }) => ({ imports: (await ctx.calendarImports.list()).map((i) => ({ ...i })) }),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/calendar-imports/{name}",
    operationId: "runCalendarImport",
    summary:
      "Run an ICS import: the uploaded text (`ics`), else the URL the estate names, becomes freezes. Idempotent by event UID; removed events disappear; malformed ICS is refused (422, naming the line) and nothing changes. Audited.",
    tag: "calendar",
    roles: WRITERS,
    params: z.object({ name: z.string().max(100) }),
    body: z.strictObject({ ics: z.string().max(1_000_000).optional() }).optional(),
    response: ImportRun,
    handler: async ({ ctx, params, body, principal }) => {
      const outcome = await ctx.calendarImports.run(params.name, body?.ics, principal);
      return { ...outcome, skipped: [...outcome.skipped], warnings: [...outcome.warnings] };
    },
  }),
];

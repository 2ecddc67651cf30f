/**
 * Calendar engine benchmark (`npm run bench:calendar`): 1,000 environments that each see 200
 * windows, mostly recurring, in four time zones. Measures a decision, the next-allowed search over
 * 180 days, and one year of agenda for every environment, each cold (first use after the estate is
 * loaded, caches empty) and warm. Prints figures; it is not a test and never fails on timing.
 *
 * The estate is shaped like a hosting provider's: 100 tenants with 10 environments each. Every
 * environment uses one global retail calendar (20 windows), its region's calendar (30) and its
 * tenant's own calendar (150), so each tenant calendar is distinct: 15,140 windows in all, about
 * two thirds recurring by RRULE. Every third tenant is multi-regional (its environments spread over
 * three of the four zones, like Northwind); the others run in their home region.
 * `BENCH_SPREAD=all` spreads every tenant over all four zones instead (the worst case: each tenant
 * calendar is expanded in four zones). The data is generated from a fixed seed.
 *
 * Times are wall-clock; the CPU time of the process (including the garbage collector's helper
 * threads) is shown too, because shared CI machines make wall time noisy.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { Temporal } from "temporal-polyfill";
import { resolveOptions } from "../src/config/option.js";
import { serverOptions } from "../src/config/server-options.js";
import { startServer } from "../src/server/start.js";
import { loadEstateForServer } from "../src/services/estate-loader.js";
import {
  agenda,
  CalendarSection,
  decide,
  prepareCalendars,
  toIcs,
  type DecisionRequest,
  type EnvironmentContext,
} from "../src/domain/calendar/index.js";

const ENVIRONMENTS = Number(process.env.BENCH_ENVIRONMENTS ?? 1000);
const SPREAD_ALL = process.env.BENCH_SPREAD === "all";
const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 5000);
/** Decisions asked through the HTTP API (0 skips that part). */
const API_DECISIONS = Number(process.env.BENCH_API_DECISIONS ?? 1000);
const TENANT_SIZE = 10;

// mulberry32: a small deterministic PRNG, so every run measures the same estate.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20261127);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pad = (n: number) => String(n).padStart(2, "0");

const REGIONS = [
  { name: "eu-central", timezone: "Europe/Berlin" },
  { name: "us-east", timezone: "America/New_York" },
  { name: "apac", timezone: "Asia/Singapore" },
  { name: "anz", timezone: "Australia/Sydney" },
] as const;
const KINDS = ["prod", "prod", "prod", "prod", "staging", "staging", "staging", "dev", "dev", "dev"] as const;
const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
// 2026-01-05 is a Monday; dtstart of weekly rules must be an occurrence.
const mondayOffset: Record<string, number> = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 };

function region(i: number) {
  return {
    name: REGIONS[i]?.name,
    timezone: REGIONS[i]?.timezone,
    holidays: [
      { date: "2026-01-01", name: "New Year" },
      { date: "2026-04-03", name: "Good Friday" },
      { date: "2026-12-25", name: "Christmas" },
      { date: "2027-01-01", name: "New Year" },
    ],
    tradingHours: {
      mon: "08:00-20:00",
      tue: "08:00-20:00",
      wed: "08:00-20:00",
      thu: "08:00-20:00",
      fri: "08:00-21:00",
      sat: "09:00-18:00",
      sun: i === 0 ? "closed" : "10:00-17:00",
      holidays: "closed",
    },
  };
}

function weekly(name: string, kind: string) {
  const days = [...new Set([pick(WEEKDAYS), pick(WEEKDAYS)])].sort(
    (a, b) => mondayOffset[a]! - mondayOffset[b]!,
  );
  const first = days[0] as string;
  return {
    name,
    kind,
    recurrence: {
      dtstart: `2026-01-${pad(5 + mondayOffset[first]!)}T${pad(int(0, 23))}:${pick(["00", "30"])}`,
      rrule: `FREQ=WEEKLY;BYDAY=${days.join(",")}`,
      duration: pick(["PT2H", "PT4H", "PT6H", "PT8H"]),
    },
  };
}

function monthly(name: string, kind: string) {
  const [rrule, dtstart] = pick([
    ["FREQ=MONTHLY;BYDAY=-1FR", "2026-01-30"],
    ["FREQ=MONTHLY;BYDAY=1MO", "2026-01-05"],
    ["FREQ=MONTHLY;BYMONTHDAY=1,15", "2026-01-01"],
    ["FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2026-01-30"],
    ["FREQ=MONTHLY;BYDAY=2TU", "2026-01-13"],
  ] as const);
  return {
    name,
    kind,
    recurrence: {
      dtstart: `${dtstart}T${pad(int(0, 23))}:00`,
      rrule,
      duration: pick(["PT3H", "PT12H", "P1D"]),
    },
  };
}

function daily(name: string) {
  return {
    name,
    kind: "maintenance",
    recurrence: {
      dtstart: `2026-01-01T${pad(int(0, 4))}:00`,
      rrule: pick(["FREQ=DAILY", "FREQ=DAILY;INTERVAL=2", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR"]),
      duration: pick(["PT1H", "PT2H", "PT3H"]),
    },
  };
}

function yearly(name: string) {
  const month = int(1, 12);
  return {
    name,
    kind: "freeze",
    exemptTiers: ["emergency"],
    recurrence: {
      dtstart: `2026-${pad(month)}-${pad(int(1, 28))}T00:00`,
      rrule: "FREQ=YEARLY",
      duration: pick(["P1D", "P2D", "P3D"]),
    },
  };
}

function oneOff(name: string) {
  const start = Temporal.PlainDateTime.from("2026-01-01T00:00").add({ days: int(0, 700), hours: int(0, 23) });
  const end = start.add({ hours: int(2, 96) });
  return {
    name,
    kind: "freeze",
    ...(random() < 0.5 ? { timezone: pick(REGIONS).timezone } : {}),
    start: start.toString().slice(0, 16),
    end: end.toString().slice(0, 16),
  };
}

function tenantCalendar(t: number) {
  const windows: Record<string, unknown>[] = [];
  for (let i = 0; i < 46; i++) windows.push(weekly(`weekly-${i}`, random() < 0.7 ? "maintenance" : "freeze"));
  for (let i = 0; i < 30; i++)
    windows.push(monthly(`monthly-${i}`, random() < 0.5 ? "maintenance" : "freeze"));
  for (let i = 0; i < 4; i++) windows.push(daily(`daily-${i}`));
  for (let i = 0; i < 20; i++) windows.push(yearly(`yearly-${i}`));
  for (let i = 0; i < 40; i++) windows.push(oneOff(`promo-${i}`));
  for (let i = 0; i < 5; i++) {
    windows.push({
      name: `anchor-${i}`,
      kind: "freeze",
      anchor: { event: pick(["easter", "us-thanksgiving"]), offsetDays: int(-3, 3), duration: "P2D" },
    });
  }
  for (let i = 0; i < 5; i++) {
    windows.push({
      name: `close-${i}`,
      kind: "freeze",
      businessDays: { lastOfMonth: int(1, 3), firstOfNextMonth: int(0, 2) },
    });
  }
  // A fifth of the windows only concern production.
  for (const w of windows) if (random() < 0.2) w.scope = { kinds: ["prod"] };
  return { name: `tenant-${t}`, windows };
}

function buildEstate(): { section: unknown; environments: EnvironmentContext[] } {
  const global = {
    name: "retail-global",
    windows: [
      {
        name: "black-friday",
        kind: "freeze",
        exemptTiers: ["emergency"],
        anchor: { event: "us-thanksgiving", offsetDays: 1, duration: "P4D" },
      },
      {
        name: "easter",
        kind: "freeze",
        exemptTiers: ["emergency"],
        anchor: { event: "easter", offsetDays: -2, duration: "P4D" },
      },
      {
        name: "christmas",
        kind: "freeze",
        exemptTiers: ["emergency"],
        recurrence: { dtstart: "2026-12-15T00:00", rrule: "FREQ=YEARLY", duration: "P19D" },
      },
      {
        name: "month-end",
        kind: "freeze",
        exemptTiers: ["emergency"],
        businessDays: { lastOfMonth: 3, firstOfNextMonth: 2 },
        scope: { kinds: ["prod"] },
      },
      {
        name: "stock-count",
        kind: "freeze",
        recurrence: {
          dtstart: "2026-03-28T18:00",
          rrule: "FREQ=YEARLY;BYMONTH=3,6,9,12;BYDAY=-1SA",
          duration: "PT36H",
        },
      },
      ...Array.from({ length: 15 }, (_, i) => yearly(`holiday-${i}`)),
    ],
  };
  const regional = REGIONS.map((r, ri) => ({
    name: `region-${r.name}`,
    windows: [
      {
        name: "after-hours",
        kind: "maintenance",
        outsideTradingHours: true,
        scope: { kinds: ["staging", "dev"] },
      },
      ...Array.from({ length: 10 }, (_, i) => weekly(`regional-weekly-${i}`, "maintenance")),
      ...Array.from({ length: 19 }, (_, i) => oneOff(`regional-promo-${ri}-${i}`)),
    ],
  }));
  const tenants = Math.ceil(ENVIRONMENTS / TENANT_SIZE);
  const calendars = [global, ...regional, ...Array.from({ length: tenants }, (_, t) => tenantCalendar(t))];
  const environments: EnvironmentContext[] = [];
  for (let e = 0; e < ENVIRONMENTS; e++) {
    const t = Math.floor(e / TENANT_SIZE);
    const spread = SPREAD_ALL ? REGIONS.length : t % 3 === 0 ? 3 : 1;
    const r = REGIONS[(t + (e % spread)) % REGIONS.length] ?? REGIONS[0];
    const name = `env-${e % TENANT_SIZE}`;
    environments.push({
      id: `tenant-${t}/${name}`,
      tenant: `tenant-${t}`,
      name,
      kind: KINDS[e % TENANT_SIZE] ?? "prod",
      region: r.name,
      timezone: r.timezone,
      calendars: ["retail-global", `region-${r.name}`, `tenant-${t}`],
    });
  }
  return { section: { regions: REGIONS.map((_, i) => region(i)), calendars }, environments };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function stats(ms: number[]): string {
  ms.sort((a, b) => a - b);
  return `p50 ${percentile(ms, 50).toFixed(3)} ms, p99 ${percentile(ms, 99).toFixed(3)} ms, max ${(ms.at(-1) ?? 0).toFixed(2)} ms (n=${ms.length})`;
}

function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/** Runs `f`, returning its result, wall-clock ms and process CPU ms. */
function time<T>(f: () => T): [T, number, number] {
  const c0 = cpuMs();
  const t0 = performance.now();
  const result = f();
  return [result, performance.now() - t0, cpuMs() - c0];
}

const YEAR_FROM = Temporal.Instant.from("2026-01-01T00:00:00Z");
const YEAR_TO = Temporal.Instant.from("2027-01-01T00:00:00Z");

function requests(
  environments: readonly EnvironmentContext[],
  n: number,
  blockedOnly: boolean,
  sectionValue: CalendarSection,
): DecisionRequest[] {
  const out: DecisionRequest[] = [];
  while (out.length < n) {
    const request: DecisionRequest = {
      environment: pick(environments),
      tier: random() < 0.9 ? "standard" : "emergency",
      start: Temporal.Instant.fromEpochMilliseconds(
        YEAR_FROM.epochMilliseconds + Math.floor(random() * 365 * 86_400_000),
      ),
      duration: pick(["PT30M", "PT1H", "PT2H", "PT4H"]),
      disruptive: random() < 0.5,
    };
    if (blockedOnly && decide(request, sectionValue).allowed) continue;
    out.push(request);
  }
  return out;
}

function measureDecisions(
  list: readonly DecisionRequest[],
  sectionValue: CalendarSection,
): { ms: number[]; blocked: number; withNext: number } {
  const ms: number[] = [];
  let blocked = 0;
  let withNext = 0;
  for (const r of list) {
    const t0 = performance.now();
    const d = decide(r, sectionValue);
    ms.push(performance.now() - t0);
    if (!d.allowed) blocked++;
    if (d.next) withNext++;
  }
  return { ms, blocked, withNext };
}

/**
 * The benchmark estate as an estate file: each tenant in the region of its first environment (the
 * estate ties regions to tenants, so multi-regional tenants become single-regional here).
 */
function estateInput(section: unknown, environments: readonly EnvironmentContext[]): unknown {
  const image = `registry.example.com/bench/odoo:17.0-1@sha256:${"0".repeat(64)}`;
  const tenants = new Map<string, EnvironmentContext[]>();
  for (const e of environments) tenants.set(e.tenant, [...(tenants.get(e.tenant) ?? []), e]);
  return {
    apiVersion: "orc.dev/v1",
    kind: "Estate",
    organization: { id: "bench", name: "Calendar benchmark" },
    ...(section as object),
    roles: {
      users: [{ name: "rita", roles: ["release-manager", "approver"] }],
      groups: [{ group: "cab", roles: ["cab"] }],
    },
    tenants: [...tenants].map(([name, envs]) => ({
      name,
      hosting: "shared",
      region: envs[0]?.region,
      stores: 1,
      environments: envs.map((e) => ({
        name: e.name,
        kind: e.kind,
        odoo: { series: "17.0", image },
        database: { name: `${name}_${e.name}`.replace(/-/g, "_") },
        kubernetes: { cluster: "bench", namespace: `${name}-${e.name}` },
        calendars: envs[0]
          ? [...e.calendars.slice(0, 1), `region-${envs[0].region}`, ...e.calendars.slice(2)]
          : [],
        rpo: "PT15M",
        rto: "PT1H",
      })),
    })),
  };
}

/** Decisions through the HTTP API: a real server on the embedded store, bearer token, JSON. */
async function measureApi(
  section: unknown,
  environments: readonly EnvironmentContext[],
  list: readonly DecisionRequest[],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "orc-bench-calendar-"));
  const estateFile = join(dir, "estate.yaml");
  // JSON is YAML: the server reads it like any estate file.
  writeFileSync(estateFile, JSON.stringify(estateInput(section, environments)));
  const t0 = performance.now();
  const server = await startServer(
    {
      ...resolveOptions(serverOptions, {}, {}),
      host: "127.0.0.1",
      port: 0,
      dataDir: join(dir, "data"),
      estate: estateFile,
      logLevel: "silent",
    },
    { loadEstate: loadEstateForServer, log: pino({ level: "silent" }) },
  );
  console.log(
    `  API: server started on the embedded store with the estate file in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  try {
    const token = readFileSync(join(dir, "data", "admin.token"), "utf8").trim();
    const ask = async (r: DecisionRequest) => {
      const [tenant, env] = r.environment.id.split("/") as [string, string];
      const query = new URLSearchParams({
        tier: r.tier,
        at: r.start.toString(),
        duration: String(r.duration),
        disruptive: String(r.disruptive ?? false),
      });
      const res = await fetch(
        `${server.url}/api/v1/environments/${tenant}/${env}/decision?${query.toString()}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      if (res.status !== 200) throw new Error(`decision answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { allowed: boolean };
    };
    const first = performance.now();
    await ask(list[0] as DecisionRequest);
    console.log(
      `  API: first decision after start (builds the calendars; compiles what it needs): ${(performance.now() - first).toFixed(0)} ms`,
    );
    // The server warms the new revision in the background; in this process that would compete with
    // the client's own work, so let it finish.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    // The first pass meets each environment cold (its windows are compiled and expanded on first
    // use, as in memory); the second asks the same questions again.
    for (const pass of ["first pass", "warm"]) {
      const ms: number[] = [];
      let blocked = 0;
      for (const r of list) {
        const t = performance.now();
        if (!(await ask(r)).allowed) blocked++;
        ms.push(performance.now() - t);
      }
      console.log(`  API: decision over HTTP, ${pass}, sequential: ${stats(ms)}; ${blocked} blocked`);
    }
    const me = [];
    for (let i = 0; i < list.length; i++) {
      const t = performance.now();
      await (
        await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
      ).text();
      me.push(performance.now() - t);
    }
    console.log(`  API: GET /api/v1/me for comparison (HTTP, token check): ${stats(me)}`);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { section: raw, environments } = buildEstate();
  const parse = () => time(() => CalendarSection.parse(raw));
  const [section, parseMs] = parse();
  const windows = section.calendars.reduce((n, c) => n + c.windows.length, 0);
  const recurring = section.calendars.reduce((n, c) => n + c.windows.filter((w) => w.recurrence).length, 0);
  const tenants = Math.ceil(environments.length / TENANT_SIZE);
  const tenantZones = new Set(environments.map((e) => `${e.tenant} ${e.timezone}`)).size;
  console.log(
    `calendar benchmark: ${environments.length} environments (${tenants} tenants, ${(tenantZones / tenants).toFixed(2)} zones per tenant${SPREAD_ALL ? ", BENCH_SPREAD=all" : ""}), ${section.calendars.length} calendars, ${windows} windows (${recurring} recurring), 200 windows per environment`,
  );
  console.log(`  validate the calendar section (zod): ${parseMs.toFixed(0)} ms`);

  // Decisions right after loading: every cache is empty.
  const coldList = requests(
    environments,
    Math.min(DECISIONS, environments.length),
    false,
    CalendarSection.parse(raw),
  );
  const [coldSection] = parse();
  const cold = measureDecisions(coldList, coldSection);
  console.log(`  decision, cold (first after load):        ${stats(cold.ms)}`);
  const [compiledSection] = parse();
  const [, compileMs] = time(() => prepareCalendars(compiledSection));
  console.log(
    `  prepareCalendars(section), compile only (what the server does on a new revision): ${compileMs.toFixed(0)} ms`,
  );
  const [preparedSection] = parse();
  const [, prepareMs] = time(() => prepareCalendars(preparedSection, YEAR_TO));
  const prepared = measureDecisions(coldList, preparedSection);
  console.log(
    `  decision, after prepareCalendars(…, 2027):   ${stats(prepared.ms)} (prepare: ${prepareMs.toFixed(0)} ms)`,
  );

  // One year of agenda for every environment, cold then warm.
  const [fresh] = parse();
  const yearOfAgenda = () =>
    environments.reduce((n, e) => n + agenda(fresh, e, YEAR_FROM, YEAR_TO).occurrences.length, 0);
  const [count, coldMs, coldCpu] = time(yearOfAgenda);
  const [, warmMs, warmCpu] = time(yearOfAgenda);
  console.log(
    `  agenda, 1 year for all ${environments.length} environments: cold ${coldMs.toFixed(0)} ms (cpu ${coldCpu.toFixed(0)} ms), warm ${warmMs.toFixed(0)} ms (cpu ${warmCpu.toFixed(0)} ms); ${count} occurrences, ${(count / environments.length).toFixed(0)} per environment`,
  );

  // Warm decisions: any request, then only blocked ones (each searches the next allowed start).
  const warm = measureDecisions(requests(environments, DECISIONS, false, fresh), fresh);
  console.log(`  decision, warm (full decide()):            ${stats(warm.ms)}; ${warm.blocked} blocked`);
  const blockedList = requests(environments, DECISIONS, true, fresh);
  const search = measureDecisions(blockedList, fresh);
  console.log(
    `  next-allowed search over 180 days, warm:   ${stats(search.ms)}; next found for ${search.withNext}`,
  );
  const [coldSearchSection] = parse();
  const coldSearch = measureDecisions(
    blockedList.slice(0, Math.min(1000, blockedList.length)),
    coldSearchSection,
  );
  console.log(`  next-allowed search over 180 days, cold:   ${stats(coldSearch.ms)}`);

  const env = environments[0] as EnvironmentContext;
  const occurrences = agenda(fresh, env, YEAR_FROM, YEAR_TO).occurrences;
  const [ics, icsMs] = time(() => toIcs(occurrences, { name: env.id, stamp: YEAR_FROM }));
  console.log(
    `  ICS feed of one environment for a year: ${occurrences.length} events, ${(ics.length / 1024).toFixed(0)} KiB in ${icsMs.toFixed(0)} ms`,
  );
  console.log(`  heap used at the end: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`);

  if (API_DECISIONS > 0) {
    // Environments are named by id only, so the server's single-regional tenants (see estateInput) do.
    const apiList = requests(environments, API_DECISIONS, false, fresh);
    await measureApi(raw, environments, apiList);
  }
}

await main();

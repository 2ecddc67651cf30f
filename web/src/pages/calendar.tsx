import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { get, post } from "../api/client.js";
import type { Agenda, Environment, ReleaseSummary } from "../api/types.js";
import { Loading, ProblemMessage } from "../components/problem-message.js";
import { WindowDetails } from "../components/window-details.js";
import { Link, setQuery, useLocation } from "../router.js";
import { hasRole, useMe } from "../session.js";
import { MY_ZONE, wallClock } from "../time/zoned.js";
import { asProblem, useApi } from "../use-api.js";
import type { ApiProblem } from "../api/client.js";
import {
  byDay,
  entryStart,
  monthGrid,
  releaseEntries,
  slotEntries,
  type AgendaReleaseSlot,
  weekGrid,
  zoneFor,
  type CalendarEntry,
} from "./calendar-model.js";

const MONTH_CHIPS = 4;
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function today(): string {
  return wallClock(new Date(), MY_ZONE).date;
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return d.toISOString().slice(0, 7);
}

function shiftDay(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
}

interface CalendarData {
  readonly entries: CalendarEntry[];
}

async function loadCalendar(
  envs: readonly Environment[],
  days: readonly string[],
  signal: AbortSignal,
): Promise<CalendarData> {
  // A day's margin on both sides: the grid's days are read in zones up to ±14 h from UTC.
  const from = new Date(Date.parse(`${days[0]}T00:00:00Z`) - 86_400_000).toISOString();
  const to = new Date(Date.parse(`${days[days.length - 1]}T00:00:00Z`) + 2 * 86_400_000).toISOString();
  const agendas = await Promise.all(
    envs.map((e) =>
      get<Agenda & { releases?: AgendaReleaseSlot[] }>(
        `/api/v1/environments/${e.tenant}/${e.name}/agenda`,
        { from, to },
        signal,
      ),
    ),
  );
  const entries: CalendarEntry[] = agendas.flatMap((a) =>
    a.occurrences.map((o) => ({
      type: "window" as const,
      key: `${a.environment}|${o.id}`,
      environment: a.environment,
      occurrence: o,
    })),
  );
  if (agendas.every((a) => Array.isArray(a.releases))) {
    // The server puts the environment's scheduled and running releases in its agenda.
    entries.push(...agendas.flatMap((a) => slotEntries(a.releases ?? [])));
  } else {
    const [scheduled, running] = await Promise.all([
      get<{ releases: ReleaseSummary[] }>("/api/v1/releases", { state: "scheduled", limit: 500 }, signal),
      get<{ releases: ReleaseSummary[] }>("/api/v1/releases", { state: "running", limit: 500 }, signal),
    ]);
    const zones = new Map(agendas.map((a) => [a.environment, a.timezone]));
    entries.push(...releaseEntries([...scheduled.releases, ...running.releases], zones));
  }
  performance.mark("orc:calendar-data");
  return { entries };
}

function Chip({
  entry,
  day,
  myZone,
  onOpen,
}: {
  entry: CalendarEntry;
  day: string;
  myZone: string | undefined;
  onOpen: (e: CalendarEntry) => void;
}) {
  const zone = zoneFor(entry, myZone);
  const s = wallClock(entryStart(entry), zone);
  const continues = s.date !== day;
  const label =
    entry.type === "window" ? entry.occurrence.window : `#${entry.release.id} ${entry.release.summary}`;
  const kind = entry.type === "window" ? entry.occurrence.kind : "release";
  return (
    <li>
      <button
        type="button"
        className={`chip chip-${kind}`}
        data-environment={entry.environment}
        data-window={entry.type === "window" ? entry.occurrence.window : undefined}
        data-start={continues ? undefined : s.time}
        onClick={() => onOpen(entry)}
        title={`${kind} ${label} — ${entry.environment}`}
      >
        <span className="chip-time">{continues ? "…" : s.time}</span>{" "}
        <span className="chip-label">{label}</span> <span className="chip-env">{entry.environment}</span>
      </button>
    </li>
  );
}

function FeedSubscription({ environment }: { environment: string | undefined }) {
  const me = useMe();
  const [feed, setFeed] = useState<{ url: string; webcalUrl?: string } | undefined>();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  if (!environment) return <p className="hint">Choose one environment to subscribe to its calendar (ICS).</p>;
  if (!hasRole(me, "release-manager")) {
    return (
      <p className="hint">
        ICS subscriptions for {environment} are created by a release manager (the link is a secret).
      </p>
    );
  }
  const create = async () => {
    try {
      setFeed(
        await post("/api/v1/calendar-feeds", {
          environment,
          description: `Dashboard subscription by ${me.user}`,
        }),
      );
      setProblem(undefined);
    } catch (e) {
      setProblem(asProblem(e));
    }
  };
  return (
    <div className="feed">
      {problem && <ProblemMessage problem={problem} />}
      {feed ? (
        <p>
          Subscription link (shown once):{" "}
          <a href={feed.webcalUrl ?? feed.url}>subscribe in your calendar app</a>{" "}
          <code className="break">{feed.url}</code>
        </p>
      ) : (
        <button type="button" className="button" onClick={() => void create()}>
          Create ICS subscription for {environment}
        </button>
      )}
    </div>
  );
}

/** Freezes, maintenance windows and scheduled releases by month or week, in the environments' zones or mine. */
export function CalendarPage() {
  const { query } = useLocation();
  const view = query.get("view") === "week" ? "week" : "month";
  const month = query.get("month") ?? today().slice(0, 7);
  const week = query.get("week") ?? today();
  const tenant = query.get("tenant") ?? "";
  const envFilter = query.get("env") ?? "";
  const region = query.get("region") ?? "";
  const kind = query.get("kind") ?? (envFilter ? "" : "prod");
  const myZone = query.get("zone") === "mine" ? MY_ZONE : undefined;
  const [open, setOpen] = useState<CalendarEntry | undefined>();

  const envs = useApi("environments", (signal) =>
    get<{ environments: Environment[] }>("/api/v1/environments", undefined, signal),
  );
  const all = envs.data?.environments ?? [];
  const chosen = all.filter(
    (e) =>
      (!tenant || e.tenant === tenant) &&
      (!envFilter || e.id === envFilter) &&
      (!region || e.region === region) &&
      (!kind || e.kind === kind),
  );
  const days = view === "month" ? monthGrid(month) : weekGrid(week);
  const data = useApi(
    `calendar:${envs.data ? "loaded" : "waiting"}:${chosen.map((e) => e.id).join(",")}:${days[0]}:${days.length}`,
    (signal) => (envs.data ? loadCalendar(chosen, days, signal) : new Promise<never>(() => undefined)),
  );
  const buckets = useMemo(
    () => (data.data ? byDay(data.data.entries, days, myZone) : undefined),
    // days is derived from view/month/week
    [data.data, days[0], days.length, myZone],
  );
  const rendered = useRef<unknown>(undefined);
  useLayoutEffect(() => {
    if (!buckets || rendered.current === buckets) return;
    rendered.current = buckets;
    performance.mark("orc:calendar-rendered");
    try {
      performance.measure("orc:calendar-render", "orc:calendar-data", "orc:calendar-rendered");
      requestAnimationFrame(() =>
        setTimeout(() => {
          performance.mark("orc:calendar-painted");
          performance.measure("orc:calendar-render-paint", "orc:calendar-data", "orc:calendar-painted");
        }, 0),
      );
    } catch {
      // the data mark is gone (cleared by a benchmark): nothing to measure
    }
  }, [buckets]);

  const tenants = [...new Set(all.map((e) => e.tenant))];
  const regions = [...new Set(all.map((e) => e.region))];
  const kinds = [...new Set(all.map((e) => e.kind))];
  const [y, m] = month.split("-").map(Number) as [number, number];
  const title = view === "month" ? `${MONTH_NAMES[m - 1]} ${y}` : `Week of ${days[0]} to ${days[6]}`;
  const go = (by: number) =>
    view === "month"
      ? setQuery({ month: shiftMonth(month, by) })
      : setQuery({ week: shiftDay(days[0] ?? week, 7 * by) });

  return (
    <div className="calendar-page">
      <div className="page-head">
        <h1>Change calendar</h1>
        <div className="toolbar" role="group" aria-label="Period">
          <button type="button" className="button" onClick={() => go(-1)} aria-label={`Previous ${view}`}>
            ←
          </button>
          <h2 className="period" aria-live="polite">
            {title}
          </h2>
          <button type="button" className="button" onClick={() => go(1)} aria-label={`Next ${view}`}>
            →
          </button>
          <button
            type="button"
            className="button"
            onClick={() => setQuery({ month: undefined, week: undefined })}
          >
            Today
          </button>
          <div className="segmented" role="group" aria-label="View">
            <button
              type="button"
              className="button"
              aria-pressed={view === "month"}
              onClick={() => setQuery({ view: undefined })}
            >
              Month
            </button>
            <button
              type="button"
              className="button"
              aria-pressed={view === "week"}
              onClick={() =>
                setQuery({
                  view: "week",
                  week: view === "week" ? week : month === today().slice(0, 7) ? today() : `${month}-01`,
                })
              }
            >
              Week
            </button>
          </div>
        </div>
      </div>
      <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label className="inline-field">
          <span>Tenant</span>
          <select value={tenant} onChange={(e) => setQuery({ tenant: e.target.value })}>
            <option value="">All tenants</option>
            {tenants.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Environment</span>
          <select value={envFilter} onChange={(e) => setQuery({ env: e.target.value })}>
            <option value="">All environments</option>
            {all.map((e) => (
              <option key={e.id}>{e.id}</option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Kind</span>
          <select
            value={kind}
            onChange={(e) => setQuery({ kind: e.target.value || (envFilter ? "" : "all") })}
          >
            <option value="">All kinds</option>
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Region</span>
          <select value={region} onChange={(e) => setQuery({ region: e.target.value })}>
            <option value="">All regions</option>
            {regions.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Times in</span>
          <select
            value={myZone ? "mine" : "env"}
            onChange={(e) => setQuery({ zone: e.target.value === "mine" ? "mine" : undefined })}
          >
            <option value="env">each environment&apos;s zone</option>
            <option value="mine">my zone ({MY_ZONE})</option>
          </select>
        </label>
      </form>
      <div className="legend" aria-hidden="true">
        <span className="chip chip-freeze">freeze</span>{" "}
        <span className="chip chip-maintenance">maintenance</span>{" "}
        <span className="chip chip-release">scheduled release</span>
      </div>
      {envs.problem && <ProblemMessage problem={envs.problem} onRetry={envs.reload} />}
      {data.problem && <ProblemMessage problem={data.problem} onRetry={data.reload} />}
      {!buckets && !data.problem && <Loading what="the calendar" />}
      {buckets && chosen.length === 0 && <p>No environment matches the filters.</p>}
      {buckets && (
        <div
          className={`cal cal-${view}`}
          role="table"
          aria-label={`${title}, ${chosen.length} environments`}
          data-ready="true"
        >
          <div role="row" className="cal-row cal-head">
            {WEEKDAYS.map((d) => (
              <div role="columnheader" key={d}>
                {d}
              </div>
            ))}
          </div>
          {Array.from({ length: days.length / 7 }, (_, w) => (
            <div role="row" className="cal-row" key={days[w * 7]}>
              {days.slice(w * 7, w * 7 + 7).map((day) => {
                const list = buckets.get(day) ?? [];
                const shown = view === "month" ? list.slice(0, MONTH_CHIPS) : list;
                const outside = view === "month" && day.slice(0, 7) !== month;
                return (
                  <div
                    role="cell"
                    key={day}
                    className={`cal-day${outside ? " cal-outside" : ""}${day === today() ? " cal-today" : ""}`}
                    data-day={day}
                  >
                    <div className="cal-date">{Number(day.slice(8))}</div>
                    <ul className="chips">
                      {shown.map((e) => (
                        <Chip key={e.key} entry={e} day={day} myZone={myZone} onOpen={setOpen} />
                      ))}
                    </ul>
                    {list.length > shown.length && (
                      <button
                        type="button"
                        className="more"
                        onClick={() => setQuery({ view: "week", week: day })}
                      >
                        +{list.length - shown.length} more
                      </button>
                    )}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      )}
      <section className="card" aria-labelledby="subscribe">
        <h2 id="subscribe">Subscribe in Outlook, Google or Apple Calendar</h2>
        <FeedSubscription environment={envFilter || undefined} />
      </section>
      {open && <WindowDetails entry={open} myZone={myZone} onClose={() => setOpen(undefined)} />}
      <p className="hint">
        Releases: <Link href="/releases?state=scheduled">scheduled releases</Link>. Times of the end of a
        window are exclusive.
      </p>
    </div>
  );
}

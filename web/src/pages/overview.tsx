import { useEffect, useLayoutEffect } from "react";
import { get } from "../api/client.js";
import type {
  Agenda,
  Environment,
  Me,
  Occurrence,
  ReleaseDecision,
  ReleaseSummary,
  Role,
  Tenant,
} from "../api/types.js";
import { ConditionBadge, StateBadge, type EnvironmentCondition } from "../components/badges.js";
import { Loading, ProblemMessage } from "../components/problem-message.js";
import { Link } from "../router.js";
import { hasRole, useMe } from "../session.js";
import { formatInstant, formatSpan, relative } from "../time/zoned.js";
import { useApi } from "../use-api.js";

const REFRESH_MS = 60_000;
const IN_FLIGHT = new Set(["submitted", "approved", "scheduled", "running"]);
/** What the first render asks for: enough for the state now and, usually, the next windows. */
const FIRST_DAYS = 35;
/** How far the page then looks for an environment's next freeze or maintenance window not yet found. */
const LOOKAHEAD_DAYS = 400;

interface EnvironmentStatus {
  readonly env: Environment;
  readonly zone: string;
  readonly condition: EnvironmentCondition;
  readonly current?: Occurrence;
  readonly nextFreeze?: Occurrence;
  readonly nextMaintenance?: Occurrence;
}

/** Frozen beats maintenance: a freeze forbids what a maintenance window would allow. */
export function environmentStatus(env: Environment, agenda: Agenda, now: number): EnvironmentStatus {
  const active = agenda.occurrences.filter((o) => Date.parse(o.start) <= now && now < Date.parse(o.end));
  const freeze = active.find((o) => o.kind === "freeze");
  const maintenance = active.find((o) => o.kind === "maintenance");
  const upcoming = (kind: string) =>
    agenda.occurrences.find((o) => o.kind === kind && Date.parse(o.start) > now);
  const current = freeze ?? maintenance;
  const nextFreeze = upcoming("freeze");
  const nextMaintenance = upcoming("maintenance");
  return {
    env,
    zone: agenda.timezone,
    condition: freeze ? "frozen" : maintenance ? "maintenance" : "open",
    ...(current ? { current } : {}),
    ...(nextFreeze ? { nextFreeze } : {}),
    ...(nextMaintenance ? { nextMaintenance } : {}),
  };
}

interface OverviewData {
  readonly tenants: readonly Tenant[];
  readonly statuses: readonly EnvironmentStatus[];
  readonly inFlight: readonly ReleaseSummary[];
  readonly overdue: readonly ReleaseSummary[];
}

async function loadOverview(signal: AbortSignal): Promise<OverviewData> {
  const now = Date.now();
  const from = new Date(now).toISOString();
  const to = new Date(now + FIRST_DAYS * 86_400_000).toISOString();
  // Agendas are asked for as soon as the environments are known, beside the other lists.
  const envs = get<{ environments: Environment[] }>("/api/v1/environments", undefined, signal);
  const agendas = envs.then(({ environments }) =>
    Promise.all(
      environments.map((e) =>
        get<Agenda>(`/api/v1/environments/${e.tenant}/${e.name}/agenda`, { from, to }, signal),
      ),
    ),
  );
  const [tenants, { environments }, releases, reviews, agendaList] = await Promise.all([
    get<{ tenants: Tenant[] }>("/api/v1/tenants", undefined, signal),
    envs,
    get<{ releases: ReleaseSummary[] }>("/api/v1/releases", { limit: 200 }, signal),
    get<{ reviews: ReleaseSummary[] }>("/api/v1/reviews", { overdue: "true" }, signal),
    agendas,
  ]);
  return {
    tenants: tenants.tenants,
    statuses: environments.map((e, i) => environmentStatus(e, agendaList[i] as Agenda, now)),
    inFlight: releases.releases.filter((r) => IN_FLIGHT.has(r.state)),
    overdue: reviews.reviews,
  };
}

/**
 * The next freeze and maintenance window of the environments whose first {@link FIRST_DAYS} days had
 * none, from a second, longer look ahead (asked after the page shows).
 */
async function loadLater(
  statuses: readonly EnvironmentStatus[],
  signal: AbortSignal,
): Promise<Map<string, EnvironmentStatus>> {
  const now = Date.now();
  const from = new Date(now + FIRST_DAYS * 86_400_000).toISOString();
  const to = new Date(now + LOOKAHEAD_DAYS * 86_400_000).toISOString();
  const missing = statuses.filter((s) => !s.nextFreeze || !s.nextMaintenance);
  const agendas = await Promise.all(
    missing.map((s) =>
      get<Agenda>(`/api/v1/environments/${s.env.tenant}/${s.env.name}/agenda`, { from, to }, signal),
    ),
  );
  return new Map(
    missing.map((s, i) => {
      const later = environmentStatus(s.env, agendas[i] as Agenda, now);
      const nextFreeze = s.nextFreeze ?? later.nextFreeze;
      const nextMaintenance = s.nextMaintenance ?? later.nextMaintenance;
      return [
        s.env.id,
        { ...s, ...(nextFreeze ? { nextFreeze } : {}), ...(nextMaintenance ? { nextMaintenance } : {}) },
      ];
    }),
  );
}

let prefetched: { at: number; data: Promise<OverviewData> } | undefined;

/**
 * Starts loading the overview while the sign-in is still being checked, so the two round trips overlap
 * (the overview is the first page most people open). A failure is reported by the page's own load.
 */
export function prefetchOverview(): void {
  const data = loadOverview(new AbortController().signal);
  data.catch(() => undefined);
  prefetched = { at: Date.now(), data };
}

/** The prefetched overview if it is recent, else a fresh load. */
function overviewData(signal: AbortSignal): Promise<OverviewData> {
  const p = prefetched;
  prefetched = undefined;
  if (p && Date.now() - p.at < 10_000) return p.data;
  return loadOverview(signal);
}

interface Waiting {
  readonly release: ReleaseSummary;
  readonly roles: readonly string[];
}

/**
 * Releases still missing an approval in a role I hold, which I have not given and separation of duties
 * does not bar me from (asked after the page shows). Roles, not the decision's list of estate users, so
 * that people whose role comes from an SSO group see theirs too.
 */
async function loadWaiting(
  me: Me,
  inFlight: readonly ReleaseSummary[],
  signal: AbortSignal,
): Promise<Waiting[]> {
  const user = me.user;
  const candidates = inFlight.filter((r) => r.state !== "running" && r.requester !== user).slice(0, 25);
  const decisions = await Promise.all(
    candidates.map((r) => get<ReleaseDecision>(`/api/v1/releases/${r.id}/decision`, undefined, signal)),
  );
  return candidates.flatMap((release, i) => {
    const roles = (decisions[i]?.approvals ?? [])
      .filter(
        (a) =>
          a.missing > 0 &&
          me.roles.includes(a.role as Role) &&
          !a.approvedBy.includes(user) &&
          !a.excluded.some((x) => x.user === user),
      )
      .map((a) => a.role);
    return roles.length ? [{ release, roles }] : [];
  });
}

function WindowCell({ o, zone, empty }: { o: Occurrence | undefined; zone: string; empty: string }) {
  if (!o) return <span className="muted">{empty}</span>;
  return (
    <span>
      <span className="nowrap">{formatSpan(o.start, o.end, zone)}</span>
      <br />
      <small className="muted">
        {o.window} · {relative(o.start)}
      </small>
    </span>
  );
}

function TenantPanel({
  tenant,
  statuses,
  complete,
}: {
  tenant: Tenant;
  statuses: readonly EnvironmentStatus[];
  /** Whether the long look ahead has answered (until then, "none" is not known yet). */
  complete: boolean;
}) {
  const empty = complete ? `none in ${LOOKAHEAD_DAYS} days` : "looking further ahead…";
  return (
    <section className="card tenant" aria-labelledby={`tenant-${tenant.name}`}>
      <h2 id={`tenant-${tenant.name}`}>
        {tenant.displayName ?? tenant.name} <small className="muted">{tenant.name}</small>
      </h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Environment</th>
            <th scope="col">Now</th>
            <th scope="col">Next freeze (local)</th>
            <th scope="col">Next maintenance window (local)</th>
          </tr>
        </thead>
        <tbody>
          {statuses.map((s) => (
            <tr key={s.env.id} data-environment={s.env.id}>
              <th scope="row">
                <Link href={`/calendar?env=${encodeURIComponent(s.env.id)}`}>{s.env.name}</Link>
                <br />
                <small className="muted">
                  {s.env.kind} · {s.zone}
                </small>
              </th>
              <td>
                <ConditionBadge condition={s.condition} />
                {s.current && (
                  <small className="block muted">
                    {s.current.window} until {formatInstant(s.current.end, s.zone)}
                  </small>
                )}
              </td>
              <td>
                <WindowCell o={s.nextFreeze} zone={s.zone} empty={empty} />
              </td>
              <td>
                <WindowCell o={s.nextMaintenance} zone={s.zone} empty={empty} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ReleaseList({
  releases,
  empty,
  extra,
}: {
  releases: readonly ReleaseSummary[];
  empty: string;
  extra?: (r: ReleaseSummary) => string;
}) {
  if (releases.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="release-list">
      {releases.map((r) => (
        <li key={r.id}>
          <Link href={`/releases/${r.id}`}>
            #{r.id} {r.summary}
          </Link>{" "}
          <StateBadge state={r.state} />
          <small className="block muted">
            {r.tenant} · {r.environments.join(", ")} · {r.tier}
            {extra ? ` · ${extra(r)}` : ""}
          </small>
        </li>
      ))}
    </ul>
  );
}

/** Tenants and environments at a glance, the releases in flight, what waits for me, overdue reviews. */
export function OverviewPage() {
  const me = useMe();
  const canVote = hasRole(me, "release-manager", "approver", "cab");
  const { data, problem, reload } = useApi("overview", overviewData);
  // A wall screen stays current: refresh every minute while the page is visible.
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") reload();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const later = useApi(
    `later:${data ? data.statuses.map((s) => `${s.env.id}=${s.nextFreeze?.id}/${s.nextMaintenance?.id}`).join(",") : ""}`,
    (signal) =>
      data ? loadLater(data.statuses, signal) : Promise.resolve(new Map<string, EnvironmentStatus>()),
  );
  const inFlightKey = data ? data.inFlight.map((r) => `${r.id}.${r.version}`).join(",") : "";
  const waiting = useApi(`waiting:${me.user}:${canVote}:${inFlightKey}`, (signal) =>
    data && canVote ? loadWaiting(me, data.inFlight, signal) : Promise.resolve([]),
  );
  useLayoutEffect(() => {
    if (!data) return;
    // Committed to the DOM now; painted at the frame after (benchmarks read both marks).
    performance.mark("orc:overview-ready");
    requestAnimationFrame(() => setTimeout(() => performance.mark("orc:overview-painted"), 0));
  }, [data]);
  if (problem) return <ProblemMessage problem={problem} onRetry={reload} />;
  if (!data) return <Loading what="the overview" />;
  const waitingFor = new Map((waiting.data ?? []).map((w) => [w.release.id, w.roles]));
  return (
    <div className="overview" data-ready="true">
      <div className="page-head">
        <h1>Overview</h1>
        <button type="button" className="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <div className="overview-grid">
        <div className="stack">
          {data.tenants.map((t) => (
            <TenantPanel
              key={t.name}
              tenant={t}
              statuses={data.statuses
                .filter((s) => s.env.tenant === t.name)
                .map((s) => later.data?.get(s.env.id) ?? s)}
              complete={later.data !== undefined}
            />
          ))}
        </div>
        <aside className="stack" aria-label="Work">
          <section className="card" aria-labelledby="waiting">
            <h2 id="waiting">
              Approvals waiting for me <span className="count">{waiting.data?.length ?? "…"}</span>
            </h2>
            {waiting.problem && <ProblemMessage problem={waiting.problem} onRetry={waiting.reload} />}
            {!canVote ? (
              <p className="muted">You ({me.roles.join(", ")}) hold no approval role.</p>
            ) : waiting.data ? (
              <ReleaseList
                releases={waiting.data.map((w) => w.release)}
                empty="Nothing waits for your approval."
                extra={(r) => `as ${waitingFor.get(r.id)?.join(", ")}`}
              />
            ) : (
              !waiting.problem && <Loading what="your approvals" />
            )}
          </section>
          <section className="card" aria-labelledby="in-flight">
            <h2 id="in-flight">
              Releases in flight <span className="count">{data.inFlight.length}</span>
            </h2>
            <ReleaseList releases={data.inFlight} empty="No release is in flight." />
          </section>
          <section className="card" aria-labelledby="overdue">
            <h2 id="overdue">
              Overdue post-implementation reviews <span className="count">{data.overdue.length}</span>
            </h2>
            <ReleaseList
              releases={data.overdue}
              empty="No review is overdue."
              extra={(r) => (r.review ? `due ${relative(r.review.dueAt)}` : "")}
            />
          </section>
        </aside>
      </div>
    </div>
  );
}

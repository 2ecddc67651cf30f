import { get } from "../api/client.js";
import { RELEASE_STATES, type ReleaseSummary } from "../api/types.js";
import { ImpactBadge, StateBadge } from "../components/badges.js";
import { Loading, ProblemMessage } from "../components/problem-message.js";
import { Link, setQuery, useLocation } from "../router.js";
import { formatInstant, MY_ZONE } from "../time/zoned.js";
import { useApi } from "../use-api.js";

/** Releases, newest first, filtered by state, tenant, environment and tier (the API's filters). */
export function ReleasesPage() {
  const { query } = useLocation();
  const filters = {
    state: query.get("state") ?? "",
    tenant: query.get("tenant") ?? "",
    environment: query.get("environment") ?? "",
    tier: query.get("tier") ?? "",
  };
  const search = query.get("q")?.toLowerCase() ?? "";
  const list = useApi(`releases:${JSON.stringify(filters)}`, (signal) =>
    get<{ releases: ReleaseSummary[] }>("/api/v1/releases", { ...filters, limit: 200 }, signal),
  );
  const shown = (list.data?.releases ?? []).filter(
    (r) => !search || `${r.id} ${r.summary} ${r.requester}`.toLowerCase().includes(search),
  );
  return (
    <div>
      <div className="page-head">
        <h1>Releases</h1>
      </div>
      <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label className="inline-field">
          <span>Search</span>
          <input
            type="search"
            value={query.get("q") ?? ""}
            onChange={(e) => setQuery({ q: e.target.value })}
            placeholder="summary, id, requester"
          />
        </label>
        <label className="inline-field">
          <span>State</span>
          <select value={filters.state} onChange={(e) => setQuery({ state: e.target.value })}>
            <option value="">Any state</option>
            {RELEASE_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Tenant</span>
          <input
            value={filters.tenant}
            onChange={(e) => setQuery({ tenant: e.target.value })}
            placeholder="northwind-eu"
          />
        </label>
        <label className="inline-field">
          <span>Environment</span>
          <input
            value={filters.environment}
            onChange={(e) => setQuery({ environment: e.target.value })}
            placeholder="northwind-eu/prod"
          />
        </label>
        <label className="inline-field">
          <span>Tier</span>
          <input
            value={filters.tier}
            onChange={(e) => setQuery({ tier: e.target.value })}
            placeholder="standard"
          />
        </label>
      </form>
      {list.problem && <ProblemMessage problem={list.problem} onRetry={list.reload} />}
      {!list.data && !list.problem && <Loading what="releases" />}
      {list.data && (
        <table className="table" data-ready="true">
          <caption className="sr-only">Releases, newest first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Summary</th>
              <th scope="col">State</th>
              <th scope="col">Tier</th>
              <th scope="col">Impact</th>
              <th scope="col">Environments</th>
              <th scope="col">Requester</th>
              <th scope="col">Scheduled ({MY_ZONE})</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id}>
                <td>{r.id}</td>
                <td>
                  <Link href={`/releases/${r.id}`}>{r.summary}</Link>
                </td>
                <td>
                  <StateBadge state={r.state} />
                </td>
                <td>{r.tier}</td>
                <td>
                  <ImpactBadge impact={r.planImpact} /> <small className="muted">{r.planStrategy}</small>
                </td>
                <td>{r.environments.join(", ")}</td>
                <td>{r.requester}</td>
                <td>{r.scheduledStart ? formatInstant(r.scheduledStart, MY_ZONE) : "—"}</td>
              </tr>
            ))}
            {shown.length === 0 && (
              <tr>
                <td colSpan={8} className="muted">
                  No release matches.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}

import { useState } from "react";
import { get } from "../api/client.js";
import type { AuditEvent, AuditVerification, Checkpoint } from "../api/types.js";
import { Loading, ProblemMessage } from "../components/problem-message.js";
import { setQuery, useLocation } from "../router.js";
import { formatInstant, MY_ZONE } from "../time/zoned.js";
import { useApi } from "../use-api.js";

const FILTERS = ["actor", "action", "subjectType", "subjectId"] as const;

function Verification() {
  const v = useApi("audit-verify", (signal) =>
    get<AuditVerification>("/api/v1/audit/verify", undefined, signal),
  );
  const cps = useApi("audit-checkpoints", (signal) =>
    get<{ checkpoints: Checkpoint[] }>("/api/v1/audit/checkpoints", undefined, signal),
  );
  const last = cps.data?.checkpoints.reduce<Checkpoint | undefined>(
    (a, c) => (!a || c.size > a.size ? c : a),
    undefined,
  );
  return (
    <div className="two-col">
      <section className="card" aria-labelledby="chain">
        <h2 id="chain">Chain verification</h2>
        {v.problem && <ProblemMessage problem={v.problem} onRetry={v.reload} />}
        {!v.data && !v.problem && <Loading what="the verification" />}
        {v.data && (
          <>
            <p>
              <span className={`badge badge-lg tone-${v.data.ok ? "ok" : "bad"}`} data-testid="chain-status">
                {v.data.ok ? "Chain intact" : "Chain broken"}
              </span>
            </p>
            <dl className="facts">
              <dt>Events checked</dt>
              <dd>{v.data.eventsChecked}</dd>
              <dt>Head</dt>
              <dd>
                #{v.data.headSeq} <code>{v.data.headHash.slice(0, 16)}</code>
              </dd>
              <dt>Checkpoints verified</dt>
              <dd>{v.data.checkpointsVerified}</dd>
              {v.data.problem && (
                <>
                  <dt>First bad event</dt>
                  <dd>
                    #{v.data.firstBadSeq}: {v.data.problem}
                  </dd>
                </>
              )}
              <dt>Took</dt>
              <dd>{v.data.durationMs} ms</dd>
            </dl>
            <button type="button" className="button" onClick={v.reload}>
              Verify again
            </button>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="checkpoint">
        <h2 id="checkpoint">Last signed checkpoint</h2>
        {cps.problem && <ProblemMessage problem={cps.problem} />}
        {cps.data && !last && (
          <p className="muted">
            No checkpoint signed yet (one is signed every 1,000 events, periodically and at shutdown).
          </p>
        )}
        {last && (
          <>
            <dl className="facts">
              <dt>Size</dt>
              <dd data-testid="checkpoint-size">{last.size} events</dd>
              <dt>Signed</dt>
              <dd>{formatInstant(last.createdAt, MY_ZONE)}</dd>
              <dt>Root</dt>
              <dd>
                <code className="break">{last.root}</code>
              </dd>
            </dl>
            <pre className="note">{last.note}</pre>
          </>
        )}
      </section>
    </div>
  );
}

/** The audit trail: a search over events, the chain's verification and the last signed checkpoint. */
export function AuditPage() {
  const { query } = useLocation();
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? ""])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const [open, setOpen] = useState<number | undefined>();
  const events = useApi(`audit:${JSON.stringify(filters)}`, (signal) =>
    get<{ events: AuditEvent[]; next?: number }>(
      "/api/v1/audit/events",
      { ...filters, order: "desc", limit: 200 },
      signal,
    ),
  );
  return (
    <div>
      <div className="page-head">
        <h1>Audit</h1>
      </div>
      <Verification />
      <section className="card" aria-labelledby="events">
        <h2 id="events">Events</h2>
        <form className="filters" aria-label="Search events" onSubmit={(e) => e.preventDefault()}>
          {FILTERS.map((f) => (
            <label className="inline-field" key={f}>
              <span>
                {f === "subjectType"
                  ? "Subject type"
                  : f === "subjectId"
                    ? "Subject id"
                    : f[0]?.toUpperCase() + f.slice(1)}
              </span>
              <input value={filters[f]} onChange={(e) => setQuery({ [f]: e.target.value })} />
            </label>
          ))}
        </form>
        {events.problem && <ProblemMessage problem={events.problem} onRetry={events.reload} />}
        {!events.data && !events.problem && <Loading what="events" />}
        {events.data && (
          <table className="table" data-ready="true">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Time ({MY_ZONE})</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Hash</th>
              </tr>
            </thead>
            <tbody>
              {events.data.events.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{formatInstant(e.ts, MY_ZONE)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <button
                      type="button"
                      className="linkish"
                      aria-expanded={open === e.seq}
                      onClick={() => setOpen(open === e.seq ? undefined : e.seq)}
                    >
                      {e.action}
                    </button>
                    {open === e.seq && <pre className="payload">{JSON.stringify(e.payload, null, 2)}</pre>}
                  </td>
                  <td>
                    {e.subjectType} {e.subjectId}
                  </td>
                  <td>
                    <code>{e.hash.slice(0, 10)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {events.data?.next !== undefined && (
          <p className="hint">Showing the newest 200 events; narrow the search to see older ones.</p>
        )}
      </section>
    </div>
  );
}

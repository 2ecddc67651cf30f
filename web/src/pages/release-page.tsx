import { useState } from "react";
import { get, post } from "../api/client.js";
import type {
  AuditEvent,
  EvidenceDetail,
  EvidenceInfo,
  GateStatus,
  Plan,
  ReleaseDecision,
  ReleaseRecord,
} from "../api/types.js";
import { ImpactBadge, StateBadge } from "../components/badges.js";
import { Loading, ProblemMessage } from "../components/problem-message.js";
import { UpgradeGraph } from "../components/upgrade-graph.js";
import { Link } from "../router.js";
import { hasRole, useMe } from "../session.js";
import { formatInstant, MY_ZONE } from "../time/zoned.js";
import { useAction, useApi } from "../use-api.js";
import { nextCommonStart } from "./schedule-start.js";
import { voteRule } from "./vote-rule.js";

function cveLink(subject: string | undefined) {
  if (!subject) return null;
  if (/^CVE-\d{4}-\d+$/.test(subject)) {
    return (
      <a href={`https://nvd.nist.gov/vuln/detail/${subject}`} target="_blank" rel="noreferrer noopener">
        {subject}
      </a>
    );
  }
  if (/^GHSA-/.test(subject)) {
    return (
      <a href={`https://github.com/advisories/${subject}`} target="_blank" rel="noreferrer noopener">
        {subject}
      </a>
    );
  }
  return <code id={`finding-${subject.replace(/[^A-Za-z0-9_-]/g, "-")}`}>{subject}</code>;
}

/** The in-page anchor of a failing test (`module.Class.test_name`), shared by the gate and the report. */
function testAnchor(subject: string): string {
  return `test-${subject.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** The failing tests of a JUnit report, each with its message and traceback, linked from the gate. */
function FailingTests({ releaseId, evidenceId }: { releaseId: number; evidenceId: string }) {
  const loaded = useApi(`evidence:${releaseId}:${evidenceId}`, (signal) =>
    get<EvidenceDetail>(`/api/v1/releases/${releaseId}/evidence/${evidenceId}`, undefined, signal),
  );
  if (loaded.problem) return <ProblemMessage problem={loaded.problem} />;
  const failing = loaded.data?.report.failing;
  if (!failing) return loaded.loading ? <Loading what="the test report" /> : null;
  return (
    <ul className="failing-tests" aria-label={`failing tests of ${loaded.data?.fileName ?? "the report"}`}>
      {failing.map((t) => (
        <li
          key={`${t.className}.${t.name}`}
          id={testAnchor(`${t.className}.${t.name}`)}
          data-testid="failing-test"
        >
          <span className={`badge tone-bad`}>{t.kind}</span> <code>{`${t.className}.${t.name}`}</code>
          <div>{t.message}</div>
          {t.trace.length > 0 && (
            <details>
              <summary>traceback</summary>
              <pre>{t.trace.join("\n")}</pre>
            </details>
          )}
        </li>
      ))}
      {(loaded.data?.report.failingOmitted ?? 0) > 0 && (
        <li className="muted">and {loaded.data?.report.failingOmitted} more not kept in the report</li>
      )}
    </ul>
  );
}

function Gate({ g, releaseId }: { g: GateStatus; releaseId: number }) {
  const failing = g.reasons.filter((r) => r.blocking);
  const showTests = g.gate === "tests" && g.status === "fail" && g.evidenceId !== undefined;
  return (
    <li className={`gate gate-${g.status}`} data-gate={g.gate} data-status={g.status}>
      <span className={`badge tone-${g.status === "pass" ? "ok" : g.status === "waived" ? "info" : "bad"}`}>
        {g.status}
      </span>{" "}
      <strong>{g.gate}</strong>
      {g.environment ? <small className="muted"> ({g.environment})</small> : null} — {g.summary}
      {failing.length > 0 && (
        <ul>
          {failing.map((r, i) => (
            <li key={`${r.code}-${r.subject ?? i}`}>
              {showTests && r.subject ? (
                <a href={`#${testAnchor(r.subject)}`}>{r.subject}</a>
              ) : (
                cveLink(r.subject)
              )}{" "}
              {r.message}
            </li>
          ))}
        </ul>
      )}
      {g.unblock && <p className="unblock">→ {g.unblock}</p>}
      {showTests && <FailingTests releaseId={releaseId} evidenceId={g.evidenceId as string} />}
    </li>
  );
}

/** Schedules an approved release at the next start its calendars allow; the server decides again. */
function ScheduleAction({
  record,
  decision,
  onScheduled,
}: {
  record: ReleaseRecord;
  decision: ReleaseDecision;
  onScheduled: () => void;
}) {
  const me = useMe();
  const { busy, problem, run } = useAction();
  if (record.release.state !== "approved" || !hasRole(me, "engineer", "release-manager")) return null;
  const start = nextCommonStart(decision);
  if (!start) return null;
  const schedule = () =>
    run(async () => {
      await post(`/api/v1/releases/${record.release.id}/schedule`, { start });
    }, onScheduled);
  return (
    <section className="card" aria-labelledby="schedule" data-testid="schedule">
      <h2 id="schedule">Schedule</h2>
      <p>
        The calendars of every environment allow a start at{" "}
        <strong>
          {formatInstant(start, MY_ZONE)} ({MY_ZONE})
        </strong>{" "}
        <small className="muted">{start}</small>. Scheduling checks approvals, gates, policies and conflicts
        again, and says why when it refuses.
      </p>
      <button type="button" className="button button-primary" disabled={busy} onClick={() => void schedule()}>
        Schedule at the next allowed start
      </button>
      {problem && <ProblemMessage problem={problem} />}
    </section>
  );
}

function Decision({ d }: { d: ReleaseDecision }) {
  const blocking = d.reasons.filter((r) => r.blocking);
  return (
    <section className="card" aria-labelledby="decision" data-testid="decision" data-allowed={d.allowed}>
      <h2 id="decision">Decision: may it start now?</h2>
      <p className="verdict">
        <span className={`badge badge-lg tone-${d.allowed ? "ok" : "bad"}`} data-testid="verdict">
          {d.allowed ? "Allowed" : `Blocked by ${blocking.length} reason${blocking.length === 1 ? "" : "s"}`}
        </span>{" "}
        <small className="muted">
          as of {formatInstant(d.at, MY_ZONE)} ({MY_ZONE})
        </small>
      </p>
      <ul className="reasons">
        {d.reasons.map((r, i) => (
          <li
            key={`${r.code}-${r.environment ?? ""}-${i}`}
            className={r.blocking ? "reason-blocking" : "reason-note"}
            data-code={r.code}
          >
            <span aria-label={r.blocking ? "blocks" : "note"}>{r.blocking ? "✗" : "·"}</span>{" "}
            <code>{r.code}</code>
            {r.environment && <small className="muted"> [{r.environment}]</small>}
            <div>{r.message}</div>
            {r.unblock && <div className="unblock">→ {r.unblock}</div>}
          </li>
        ))}
      </ul>
      <h3>Next allowed start</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Environment</th>
            <th scope="col">Calendar now</th>
            <th scope="col">Next allowed start (local)</th>
            <th scope="col">UTC</th>
          </tr>
        </thead>
        <tbody>
          {d.environments.map((e) => (
            <tr key={e.environment}>
              <th scope="row">{e.environment}</th>
              <td>{e.allowed ? "open" : "closed"}</td>
              <td data-testid={`next-${e.environment}`}>
                {e.next
                  ? `${formatInstant(e.next, e.timezone)} ${e.timezone}`
                  : e.allowed
                    ? "now"
                    : "none in the horizon"}
              </td>
              <td>{e.next ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Approvals({
  record,
  decision,
  onVoted,
}: {
  record: ReleaseRecord;
  decision: ReleaseDecision;
  onVoted: () => void;
}) {
  const me = useMe();
  const rule = voteRule(me, record, decision);
  const [comment, setComment] = useState("");
  const { busy, problem, run } = useAction();
  const vote = (action: "approve" | "reject") =>
    run(async () => {
      await post(`/api/v1/releases/${record.release.id}/${action}`, {
        planHash: record.release.planHash,
        imageDigest: record.release.imageDigest,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      setComment("");
    }, onVoted);
  const disabled = busy || rule.blockedBecause !== undefined;
  return (
    <section className="card" aria-labelledby="approvals">
      <h2 id="approvals">Approvals</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Required</th>
            <th scope="col">Approved by</th>
            <th scope="col">May still approve</th>
            <th scope="col">Cannot approve</th>
          </tr>
        </thead>
        <tbody>
          {decision.approvals.map((a) => (
            <tr key={a.role} data-role={a.role}>
              <th scope="row">{a.role}</th>
              <td>
                {a.approvedBy.length}/{a.required}
                {a.freezes.length ? (
                  <small className="block muted">incl. freeze {a.freezes.join(", ")}</small>
                ) : null}
              </td>
              <td>{a.approvedBy.join(", ") || "—"}</td>
              <td>
                {a.eligible.join(", ") || "—"}
                {a.groups.length ? <small className="block muted">groups {a.groups.join(", ")}</small> : null}
              </td>
              <td>
                {a.excluded.map((x) => (
                  <div key={x.user}>
                    {x.user}: <small>{x.reason}</small>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {record.approvals.length > 0 && (
        <ul className="votes">
          {record.approvals.map((v) => (
            <li key={v.id} className={v.voidedAt ? "voided" : ""}>
              {v.decision === "approve" ? "✓" : "✗"} {v.approver} as {v.role},{" "}
              {formatInstant(v.createdAt, MY_ZONE)}
              {v.comment ? `: “${v.comment}”` : ""}
              {v.voidedAt ? ` — voided: ${v.voidReason ?? ""}` : ""}
            </li>
          ))}
        </ul>
      )}
      {rule.roles.length === 0 ? (
        <p className="hint">
          You ({me.roles.join(", ")}) hold none of the roles that approve this release (
          {decision.approvals.map((a) => a.role).join(", ") || "none"}).
        </p>
      ) : (
        <div className="vote-form">
          <label htmlFor="vote-comment">Comment (required to reject)</label>
          <textarea
            id="vote-comment"
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            disabled={disabled}
          />
          <div className="buttons">
            <button
              type="button"
              className="button button-primary"
              disabled={disabled}
              aria-describedby={rule.blockedBecause ? "vote-blocked" : undefined}
              onClick={() => void vote("approve")}
            >
              Approve
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={disabled || !comment.trim()}
              aria-describedby={rule.blockedBecause ? "vote-blocked" : undefined}
              onClick={() => void vote("reject")}
            >
              Reject
            </button>
          </div>
          {rule.blockedBecause && (
            <p id="vote-blocked" className="blocked-reason" data-testid="vote-blocked">
              {rule.blockedBecause}
            </p>
          )}
          <p className="hint">
            Your vote binds to plan <code>{record.release.planHash.slice(0, 12)}</code> and image{" "}
            <code>{record.release.imageDigest.slice(0, 19)}</code>.
          </p>
        </div>
      )}
      {problem && <ProblemMessage problem={problem} />}
    </section>
  );
}

function PlanSection({ plan }: { plan: Plan }) {
  const findings = plan.findings ?? [];
  return (
    <section className="card" aria-labelledby="plan">
      <h2 id="plan">Plan</h2>
      <p>
        Strategy <strong>{plan.strategy?.kind ?? "—"}</strong> · overall impact{" "}
        <ImpactBadge impact={plan.impact?.overall} /> · Odoo {plan.series ?? "?"}
        {plan.upgrade?.command ? (
          <>
            {" "}
            · <code>-u {plan.upgrade.command}</code>
          </>
        ) : null}
      </p>
      {plan.strategy?.reasons?.length ? (
        <ul className="hint">
          {plan.strategy.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      <h3>Changed modules</h3>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Module</th>
            <th scope="col">Impact</th>
            <th scope="col">Version</th>
            <th scope="col">Files</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {(plan.changed ?? []).map((c) => (
            <tr key={c.module}>
              <th scope="row">{c.module}</th>
              <td>
                <ImpactBadge impact={c.impact} />
              </td>
              <td>
                {c.version?.installed ?? "—"} → {c.version?.after ?? "—"}
                {c.version && !c.version.bumped ? <small className="block muted">not bumped</small> : null}
              </td>
              <td>{c.files?.map((f) => f.path).join(", ")}</td>
              <td>{c.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Findings</h3>
      {findings.length === 0 ? (
        <p className="muted">No findings.</p>
      ) : (
        <ul className="findings">
          {findings.map((f, i) => (
            <li key={`${f.code}-${i}`}>
              <span
                className={`badge tone-${f.severity === "error" ? "bad" : f.severity === "warning" ? "warn" : "info"}`}
              >
                {f.severity}
              </span>{" "}
              <code>{f.code}</code> {f.module ? <strong>{f.module}</strong> : null}: {f.message}
              {f.hint ? <small className="block muted">{f.hint}</small> : null}
            </li>
          ))}
        </ul>
      )}
      <h3>Migration scripts</h3>
      {(plan.migrations ?? []).length === 0 ? (
        <p className="muted">No migration script runs.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Module</th>
              <th scope="col">Versions</th>
              <th scope="col">pre</th>
              <th scope="col">post</th>
              <th scope="col">end</th>
            </tr>
          </thead>
          <tbody>
            {(plan.migrations ?? []).map((m) => (
              <tr key={m.module}>
                <th scope="row">{m.module}</th>
                <td>
                  {m.installedVersion ?? "—"} → {m.targetVersion}
                </td>
                {([m.pre, m.post, m.end] as const).map((list, i) => (
                  <td key={i}>
                    {list.length
                      ? list.map((f) => (
                          <div key={f}>
                            <code>{f}</code>
                          </div>
                        ))
                      : "—"}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Upgrade set</h3>
      <UpgradeGraph plan={plan} />
    </section>
  );
}

function History({ record, canAudit }: { record: ReleaseRecord; canAudit: boolean }) {
  const id = record.release.id;
  const events = useApi(`audit-release:${id}:${record.release.version}:${canAudit}`, (signal) =>
    canAudit
      ? get<{ events: AuditEvent[] }>(
          "/api/v1/audit/events",
          { subjectType: "release", subjectId: String(id), limit: 200 },
          signal,
        )
      : Promise.resolve({ events: [] as AuditEvent[] }),
  );
  return (
    <section className="card" aria-labelledby="history">
      <h2 id="history">History</h2>
      <ol className="timeline">
        {record.history.map((t) => (
          <li key={t.id}>
            <time dateTime={t.at}>{formatInstant(t.at, MY_ZONE)}</time> <strong>{t.actor}</strong> {t.action}:{" "}
            {t.from} → {t.to}
          </li>
        ))}
      </ol>
      {canAudit && (
        <>
          <h3>Audit trail</h3>
          {events.problem && <ProblemMessage problem={events.problem} />}
          <ol className="timeline">
            {(events.data?.events ?? []).map((e) => (
              <li key={e.seq}>
                <time dateTime={e.ts}>{formatInstant(e.ts, MY_ZONE)}</time> #{e.seq}{" "}
                <strong>{e.actor}</strong> <code>{e.action}</code>
              </li>
            ))}
          </ol>
          <Link href={`/audit?subjectType=release&subjectId=${id}`}>
            Search the audit trail for this release
          </Link>
        </>
      )}
    </section>
  );
}

/** One release: decision, approvals, plan and upgrade graph, evidence, history. */
export function ReleasePage({ id }: { id: number }) {
  const me = useMe();
  const [generation, setGeneration] = useState(0);
  const loaded = useApi(`release:${id}:${generation}`, async (signal) => {
    const [record, decision, evidence] = await Promise.all([
      get<ReleaseRecord>(`/api/v1/releases/${id}`, undefined, signal),
      get<ReleaseDecision>(`/api/v1/releases/${id}/decision`, undefined, signal),
      get<{ evidence: EvidenceInfo[] }>(`/api/v1/releases/${id}/evidence`, undefined, signal),
    ]);
    return { record, decision, evidence: evidence.evidence };
  });
  if (loaded.problem) return <ProblemMessage problem={loaded.problem} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading what={`release ${id}`} />;
  const { record, decision, evidence } = loaded.data;
  const r = record.release;
  return (
    <div className="release-page" data-ready="true">
      <div className="page-head">
        <h1>
          <span className="muted">#{r.id}</span> {r.summary}
        </h1>
        <StateBadge state={r.state} />
      </div>
      <dl className="facts facts-inline">
        <dt>Tenant</dt>
        <dd>{r.tenant}</dd>
        <dt>Environments</dt>
        <dd>{r.environments.join(" → ")}</dd>
        <dt>Tier</dt>
        <dd>
          {r.tier}
          {decision.suggestedTier.tier && decision.suggestedTier.tier !== r.tier
            ? ` (suggested: ${decision.suggestedTier.tier})`
            : ""}
        </dd>
        <dt>Requester</dt>
        <dd>{r.requester}</dd>
        <dt>Authors</dt>
        <dd>{r.authors.join(", ") || "—"}</dd>
        <dt>Image</dt>
        <dd>
          <code>{r.imageDigest.slice(0, 19)}…</code>
        </dd>
        <dt>Addons</dt>
        <dd>{r.addons.map((a) => `${a.name}@${a.revision}`).join(", ")}</dd>
        <dt>Rollback</dt>
        <dd>{r.rollbackIntent.strategy}</dd>
        <dt>Scheduled</dt>
        <dd>
          {r.scheduledStart ? `${formatInstant(r.scheduledStart, MY_ZONE)} (${MY_ZONE})` : "not scheduled"}
        </dd>
      </dl>
      <div className="two-col">
        <Decision d={decision} />
        <Approvals record={record} decision={decision} onVoted={() => setGeneration((g) => g + 1)} />
      </div>
      <ScheduleAction record={record} decision={decision} onScheduled={() => setGeneration((g) => g + 1)} />
      <section className="card" aria-labelledby="evidence">
        <h2 id="evidence">Evidence</h2>
        <ul className="gates">
          {decision.gates.map((g, i) => (
            <Gate key={`${g.gate}-${g.environment ?? ""}-${i}`} g={g} releaseId={r.id} />
          ))}
        </ul>
        {evidence.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Gate</th>
                <th scope="col">Report</th>
                <th scope="col">Uploaded</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {evidence.map((e) => (
                <tr key={e.id}>
                  <td>{e.gate}</td>
                  <td>
                    {e.fileName} <small className="muted">({e.type})</small>
                  </td>
                  <td>
                    {e.uploadedBy}, {formatInstant(e.uploadedAt, MY_ZONE)}
                  </td>
                  <td>
                    <code>{e.sha256.slice(0, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <PlanSection plan={r.plan} />
      <History record={record} canAudit={hasRole(me, "auditor")} />
    </div>
  );
}

import type { ApprovalRecord, Release, ReleaseDecision } from "../domain/release/index.js";
import type { EvidenceInfo, ReleaseSummary, TransitionRecord } from "../store/index.js";
import { formatTable } from "./text-table.js";

// Text output of `orc release` and `orc evidence`: plain, aligned, deterministic for the same input.

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** `orc release show`: the release, its plan in brief, its votes and its history. */
export function formatRelease(
  release: Release,
  approvals: readonly ApprovalRecord[],
  history: readonly TransitionRecord[],
): string {
  const p = release.plan;
  const lines = [
    `release ${release.id}: ${release.summary}`,
    `  state       ${release.state} (version ${release.version})`,
    `  tier        ${release.tier}`,
    `  tenant      ${release.tenant}`,
    `  promotion   ${release.environments.join(" → ")}`,
    `  requester   ${release.requester}${release.authors.length ? `; authors ${release.authors.join(", ")}` : ""}`,
    `  image       ${release.imageDigest}`,
    ...(release.addons.length
      ? [`  addons      ${release.addons.map((a) => `${a.name}@${a.revision}`).join(", ")}`]
      : []),
    `  plan        ${short(release.planHash)} Odoo ${p.series}, impact ${p.impact.overall}, ${p.strategy.kind}${p.upgrade.order.length ? `, -u ${p.upgrade.order.map((m) => m.module).join(",")}` : ""}${p.summary.errors ? `, ${p.summary.errors} error finding(s)` : ""}`,
    `  rollback    ${release.rollbackIntent.strategy}${release.rollbackIntent.notes ? `: ${release.rollbackIntent.notes}` : ""}`,
    `  schedule    ${release.scheduledStart ? `starts ${release.scheduledStart}` : release.requestedStart ? `requested ${release.requestedStart}` : "not scheduled"} for ${release.duration} per environment`,
  ];
  if (release.review) {
    const r = release.review;
    lines.push(
      `  review      ${r.filedAt ? `filed by ${r.filedBy} at ${r.filedAt}: ${r.outcome}` : `due ${r.dueAt}`}`,
    );
  }
  lines.push("", "approvals:");
  if (approvals.length === 0) lines.push("  none");
  else {
    const rows = approvals.map((a) => [
      a.approver,
      a.role,
      a.decision === "approve" ? "approved" : "rejected",
      a.createdAt,
      a.voidedAt
        ? `voided ${a.voidedAt}${a.voidReason ? ` (${a.voidReason})` : ""}`
        : a.planHash === release.planHash && a.imageDigest === release.imageDigest
          ? "counts"
          : "stale",
      a.comment,
    ]);
    lines.push(indent(formatTable([["BY", "ROLE", "VOTE", "AT", "STATUS", "COMMENT"], ...rows])));
  }
  lines.push("", "history:");
  lines.push(
    indent(
      formatTable([
        ["AT", "ACTION", "STATE", "BY"],
        ...history.map((h) => [h.at, h.action, h.from === h.to ? h.to : `${h.from} → ${h.to}`, h.actor]),
      ]),
    ),
  );
  return `${lines.join("\n")}\n`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}

/** `orc release list`. */
export function formatReleaseList(releases: readonly ReleaseSummary[]): string {
  if (releases.length === 0) return "no releases\n";
  const rows = releases.map((r) => [
    String(r.id),
    r.state,
    r.tier,
    r.environments.join(","),
    r.scheduledStart ?? "-",
    r.planStrategy,
    r.summary.length > 60 ? `${r.summary.slice(0, 59)}…` : r.summary,
  ]);
  return `${formatTable([["ID", "STATE", "TIER", "ENVIRONMENTS", "START", "ROLLOUT", "SUMMARY"], ...rows])}\n`;
}

/**
 * `orc release status`: the answer, every reason (blocking ones marked ✗, notes ·) with what would
 * unblock it, then where approvals, gates and environments stand.
 */
export function formatDecision(d: ReleaseDecision, summary?: string): string {
  const blocking = d.reasons.filter((r) => r.blocking);
  const lines = [
    `release ${d.release} (${d.tier}, ${d.state})${summary ? `: ${summary}` : ""}`,
    `may it start at ${d.at}? ${d.allowed ? "yes" : `no: ${blocking.length} ${blocking.length === 1 ? "reason blocks" : "reasons block"}`}`,
  ];
  if (d.reasons.length) lines.push("");
  for (const r of [...blocking, ...d.reasons.filter((x) => !x.blocking)]) {
    lines.push(`${r.blocking ? "✗" : "·"} ${r.code}${r.environment ? ` [${r.environment}]` : ""}`);
    lines.push(`    ${r.message}`);
    if (r.unblock) lines.push(`    → ${r.unblock}`);
  }
  lines.push("");
  if (d.approvals.length) {
    lines.push(
      `approvals:    ${d.approvals
        .map(
          (a) =>
            `${a.role} ${a.approvedBy.length}/${a.required}${a.approvedBy.length ? ` (${a.approvedBy.join(", ")})` : ""}`,
        )
        .join("; ")}`,
    );
  } else lines.push("approvals:    none required");
  lines.push(
    `gates:        ${
      d.gates.length
        ? d.gates.map((g) => `${g.gate}${g.environment ? `@${g.environment}` : ""} ${g.status}`).join(", ")
        : "none required"
    }`,
  );
  lines.push(
    `environments: ${d.environments
      .map(
        (e) =>
          `${e.environment} ${e.allowed ? "open" : `closed${e.next ? ` until ${e.next}` : ""}`}${e.disruptive ? " (maintenance window)" : ""}`,
      )
      .join("; ")}`,
  );
  lines.push(
    `suggested:    ${d.suggestedTier.tier ?? "none"}${d.suggestedTier.tier === d.tier ? " (the release's tier)" : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

/** `orc evidence list`. */
export function formatEvidenceList(list: readonly EvidenceInfo[]): string {
  if (list.length === 0) return "no evidence\n";
  const rows = list.map((e) => [
    e.id,
    e.type,
    e.gate,
    e.fileName,
    short(e.sha256),
    e.uploadedBy,
    e.uploadedAt,
  ]);
  return `${formatTable([["ID", "TYPE", "GATE", "FILE", "SHA-256", "BY", "AT"], ...rows])}\n`;
}

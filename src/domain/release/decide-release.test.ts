import { describe, expect, it } from "vitest";
import type { Estate } from "../estate/estate.js";
import type { Waiver } from "../evidence/gates/waiver.js";
import { sampleEvidence } from "../evidence/test-support/samples.js";
import { decideRelease, type ReleaseDecisionInput } from "./decide-release.js";
import type { ReleaseDecision } from "./decision.js";
import type { Release } from "./release.js";
import { approvalOf, passingEvidence } from "./test-support/evidence.js";
import { northwindEstate, planOf, releaseOf, type PlanKind } from "./test-support/fixtures.js";

const estate = northwindEstate();
// Tuesday 10 November 2026, 22:00 in Berlin: inside the weekly maintenance window, no freeze.
const tuesdayNight = new Date("2026-11-10T21:00:00Z");
// Friday 27 November 2026, 11:00 in Berlin: Black Friday, and the month-end close in production.
const blackFriday = new Date("2026-11-27T10:00:00Z");

function decideFor(release: Release, over: Partial<ReleaseDecisionInput> = {}): ReleaseDecision {
  return decideRelease({
    estate,
    release,
    approvals: [],
    evidence: passingEvidence(),
    waivers: [],
    otherReleases: [],
    overdueReviews: [],
    policyResults: [],
    at: tuesdayNight,
    ...over,
  });
}

const blocking = (d: ReleaseDecision) => d.reasons.filter((r) => r.blocking).map((r) => r.code);
const codes = (d: ReleaseDecision) =>
  d.reasons.map((r) => `${r.code}${r.environment ? `@${r.environment}` : ""}`);

function scheduled(over: Partial<Release> & { planKind?: PlanKind } = {}) {
  return releaseOf({ state: "scheduled", scheduledStart: tuesdayNight.toISOString(), ...over });
}

describe("decideRelease: standard tier (release-manager, tests and image scan, a day's notice)", () => {
  it("allows a scheduled, approved release with passing evidence outside any freeze", () => {
    const release = scheduled();
    const d = decideFor(release, { approvals: [approvalOf(release, "alice", "release-manager")] });
    expect(blocking(d)).toEqual([]);
    expect(d.allowed).toBe(true);
    expect(d.gates.map((g) => `${g.gate}:${g.status}`)).toEqual(["tests:pass", "image-scan:pass"]);
    expect(d.approvals).toMatchObject([
      { role: "release-manager", required: 1, approvedBy: ["alice"], missing: 0 },
    ]);
    expect(d.environments.map((e) => [e.environment, e.allowed, e.disruptive])).toEqual([
      ["northwind-eu/staging", true, false],
      ["northwind-eu/prod", true, false],
    ]);
  });

  it("names who may still approve, minus the requester", () => {
    const release = scheduled({ requester: "alice" });
    const d = decideFor(release);
    const r = d.reasons.find((x) => x.code === "approval-missing");
    expect(r?.message).toBe("needs 1 approval by release-manager; has none");
    expect(r?.unblock).toBe(
      "1 more approval by release-manager: bruno may approve, or anyone in group northwind-release-managers (SSO); alice requested the release and cannot (separation of duties) — orc release approve 42 --role release-manager",
    );
    expect(r?.details).toMatchObject({
      eligible: ["bruno"],
      excluded: [{ user: "alice", reason: "requested the release" }],
    });
    // The requester's own approval never counts, even if it was recorded.
    const own = decideFor(release, { approvals: [approvalOf(release, "alice", "release-manager")] });
    expect(blocking(own)).toEqual(["approval-missing"]);
  });

  it("names the failing test and the missing scan", () => {
    const release = scheduled();
    const d = decideFor(release, {
      approvals: [approvalOf(release, "alice", "release-manager")],
      evidence: [sampleEvidence("junit", "junit/pytest-mixed.xml", { id: "9" })],
    });
    expect(blocking(d)).toEqual(["gate-failed", "gate-missing"]);
    const failed = d.reasons.find((r) => r.code === "gate-failed");
    expect(failed?.message).toContain(
      "test_pos_sync.TestStockReservation.test_reserve_on_archived_location failed: KeyError: 'WH/Archived'",
    );
    expect(failed?.unblock).toMatch(/^fix test_sync_refund_keeps_fiscal_position/);
    expect(d.reasons.find((r) => r.code === "gate-missing")?.unblock).toContain("Trivy JSON scan report");
  });

  it("names the critical CVE, and lets it through with an active waiver only", () => {
    const release = scheduled();
    const scan = sampleEvidence("trivy", "trivy/odoo-17-image.json", { id: "7" });
    const base = { approvals: [approvalOf(release, "alice", "release-manager")] };
    const d = decideFor(release, { ...base, evidence: [...passingEvidence().slice(0, 1), scan] });
    const failed = d.reasons.find((r) => r.code === "gate-failed");
    expect(failed?.details).toMatchObject({ gate: "image-scan", status: "fail" });
    const cves = (failed?.details?.blockers as { subject?: string }[]).map((b) => b.subject);
    expect(cves.length).toBeGreaterThan(0);
    const waivers: Waiver[] = cves.map((subject) => ({
      gate: "image-scan",
      subject: subject as string,
      owner: "alice",
      reason: "not reachable from Odoo",
      expiresAt: "2026-12-31T00:00:00Z",
    }));
    const waived = decideFor(release, {
      ...base,
      evidence: [...passingEvidence().slice(0, 1), scan],
      waivers,
    });
    expect(waived.allowed).toBe(true);
    expect(codes(waived)).toContain("gate-waived");
    const expired = decideFor(release, {
      ...base,
      evidence: [...passingEvidence().slice(0, 1), scan],
      waivers: waivers.map((w) => ({ ...w, expiresAt: "2026-11-01T00:00:00Z" })),
    });
    expect(blocking(expired)).toEqual(["gate-failed"]);
  });

  it("is blocked by the Black Friday freeze, with the next allowed start per environment", () => {
    const release = scheduled({ scheduledStart: blackFriday.toISOString() });
    const d = decideFor(release, {
      at: blackFriday,
      approvals: [approvalOf(release, "alice", "release-manager")],
    });
    expect(codes(d)).toEqual([
      "freeze-active@northwind-eu/staging",
      "freeze-active@northwind-eu/prod",
      "freeze-active@northwind-eu/prod",
      "backup-required",
    ]);
    const bf = d.reasons[0];
    expect(bf?.message).toBe(
      'freeze retail-global/black-friday-cyber-monday "Black Friday to Cyber Monday, the biggest trading weekend of the year" is in force Fri 2026-11-27 00:00 → Tue 2026-12-01 00:00 Europe/Berlin (2026-11-26T23:00:00Z → 2026-11-30T23:00:00Z); tier standard is not exempt (exempt: emergency)',
    );
    expect(bf?.unblock).toBe(
      "the next allowed start on northwind-eu/staging is 2026-12-01 00:00 Europe/Berlin (2026-11-30T23:00:00Z): orc release schedule 42 --at 2026-11-30T23:00:00Z",
    );
    expect(d.environments.map((e) => [e.environment, e.next])).toEqual([
      ["northwind-eu/staging", "2026-11-30T23:00:00Z"],
      // Production also waits for the end of the month-end close (second business day of December).
      ["northwind-eu/prod", "2026-12-02T23:00:00Z"],
    ]);
  });

  it("needs a day between submission and start", () => {
    const release = scheduled({ submittedAt: "2026-11-10T12:00:00.000Z" });
    const d = decideFor(release, { approvals: [approvalOf(release, "alice", "release-manager")] });
    expect(blocking(d)).toEqual(["lead-time"]);
    expect(d.reasons.find((r) => r.code === "lead-time")).toMatchObject({
      message:
        "tier standard needs 1 day between submission (2026-11-10T12:00:00.000Z) and the start; the start is 2026-11-10T21:00:00.000Z",
      unblock: "start at or after 2026-11-11T12:00:00.000Z",
    });
  });

  it("puts a disruptive plan in a maintenance window even though the tier does not ask for one", () => {
    const release = scheduled({ planKind: "maintenance-window", scheduledStart: "2026-11-10T10:00:00.000Z" });
    const d = decideFor(release, {
      at: new Date("2026-11-10T10:00:00Z"),
      approvals: [approvalOf(release, "alice", "release-manager")],
    });
    expect(blocking(d)).toEqual(["outside-maintenance-window", "outside-maintenance-window"]);
    expect(d.environments.map((e) => e.next)).toEqual(["2026-11-10T19:00:00Z", "2026-11-10T21:00:00Z"]);
    expect(decideFor(release, { approvals: [approvalOf(release, "alice", "release-manager")] }).allowed).toBe(
      true,
    );
  });
});

describe("decideRelease: major tier (CAB quorum, rehearsal, a week's notice, maintenance window)", () => {
  const major = (over: Partial<Release> & { planKind?: PlanKind } = {}) =>
    scheduled({
      tier: "major",
      planKind: "rehearsal",
      authors: ["Elif Yilmaz <elif.yilmaz@northwind.example>"],
      ...over,
    });

  it("needs a release manager and three distinct CAB members; an author may not be one", () => {
    const release = major();
    const some = [approvalOf(release, "alice", "release-manager"), approvalOf(release, "chen", "cab")];
    const d = decideFor(release, { approvals: some });
    expect(blocking(d)).toEqual(["approval-missing"]);
    const cab = d.approvals.find((a) => a.role === "cab");
    expect(cab).toMatchObject({
      required: 3,
      approvedBy: ["chen"],
      missing: 2,
      eligible: ["dana"],
      excluded: [{ user: "elif", reason: "wrote commits in the release" }],
    });
    expect(d.reasons.find((r) => r.code === "approval-missing")?.unblock).toBe(
      "2 more approvals by cab: dana may approve, or anyone in group northwind-cab (SSO); elif wrote commits in the release and cannot (separation of duties) — orc release approve 42 --role cab",
    );
    // Elif's approval, had it been recorded, does not count.
    const withElif = [...some, approvalOf(release, "dana", "cab"), approvalOf(release, "elif", "cab")];
    expect(decideFor(release, { approvals: withElif }).approvals.find((a) => a.role === "cab")?.missing).toBe(
      1,
    );
  });

  it("is allowed with the quorum, every gate, the rehearsal fitting the window", () => {
    const release = major({ authors: ["grace"] });
    const approvals = [
      approvalOf(release, "alice", "release-manager"),
      approvalOf(release, "chen", "cab"),
      approvalOf(release, "dana", "cab"),
      approvalOf(release, "elif", "cab"),
    ];
    const d = decideFor(release, { approvals });
    expect(blocking(d)).toEqual([]);
    expect(d.gates.map((g) => `${g.gate}:${g.status}${g.environment ? `@${g.environment}` : ""}`)).toEqual([
      "tests:pass",
      "image-scan:pass",
      "sast:pass",
      "sbom-license:pass",
      "rehearsal:pass@northwind-eu/staging",
      "rehearsal:pass@northwind-eu/prod",
    ]);
    expect(d.environments.find((e) => e.environment === "northwind-eu/prod")?.windowMinutes).toBe(360);
    // Without the rehearsal, the gate names what to upload.
    const noRehearsal = decideFor(release, { approvals, evidence: passingEvidence().slice(0, 4) });
    expect(blocking(noRehearsal)).toEqual(["gate-missing", "gate-missing"]);
  });

  it("needs a week between submission and start", () => {
    const release = major({ authors: [], submittedAt: "2026-11-05T21:00:00.000Z" });
    expect(decideFor(release).reasons.find((r) => r.code === "lead-time")?.unblock).toBe(
      "start at or after 2026-11-12T21:00:00.000Z",
    );
  });

  it("runs in a maintenance window although its plan alone would roll", () => {
    const release = major({ planKind: "rolling", scheduledStart: "2026-11-10T10:00:00.000Z" });
    const d = decideFor(release, { at: new Date("2026-11-10T10:00:00Z") });
    expect(codes(d)).toContain("outside-maintenance-window@northwind-eu/prod");
  });
});

describe("decideRelease: emergency tier in a freeze", () => {
  const emergency = (over: Partial<Release> = {}) =>
    releaseOf({
      tier: "emergency",
      state: "scheduled",
      environments: ["northwind-eu/prod"],
      scheduledStart: blackFriday.toISOString(),
      submittedAt: blackFriday.toISOString(),
      ...over,
    });

  it("may run on Black Friday with one approver and the extra CAB approval the freeze demands", () => {
    const release = emergency();
    const one = [approvalOf(release, "chen", "approver")];
    const d = decideFor(release, { at: blackFriday, approvals: one });
    // Month-end close exempts emergencies too, with one more approver: two approvers and one CAB member.
    expect(blocking(d)).toEqual(["freeze-approval-missing", "freeze-approval-missing"]);
    expect(d.approvals.map((a) => [a.role, a.required, a.approvedBy, a.missing])).toEqual([
      ["approver", 2, ["chen"], 1],
      ["cab", 1, [], 1],
    ]);
    expect(
      d.reasons.find((r) => r.code === "freeze-approval-missing" && r.details?.role === "cab"),
    ).toMatchObject({
      message:
        "needs 1 approval by cab (0 for tier emergency, 1 more because retail-global/black-friday-cyber-monday exempts the tier only with it); has none",
      unblock:
        "1 more approval by cab: dana and elif may approve, or anyone in group northwind-cab (SSO) — orc release approve 42 --role cab",
    });
    expect(codes(d)).toContain("freeze-exempt@northwind-eu/prod");
    const both = decideFor(release, {
      at: blackFriday,
      approvals: [...one, approvalOf(release, "elif", "approver"), approvalOf(release, "dana", "cab")],
    });
    expect(blocking(both)).toEqual([]);
  });

  it("is still blocked by a freeze that exempts nobody", () => {
    // Saturday 26 September 2026, 20:00 in Berlin: the quarterly stock count.
    const at = new Date("2026-09-26T18:00:00Z");
    const release = emergency({ scheduledStart: at.toISOString(), submittedAt: at.toISOString() });
    const d = decideFor(release, { at, approvals: [approvalOf(release, "chen", "approver")] });
    expect(blocking(d)).toEqual(["freeze-active"]);
  });

  it("stays out of a freeze that exempts it when the tier itself is not allowed in freezes", () => {
    const strict: Estate = {
      ...estate,
      tiers: estate.tiers.map((t) => (t.name === "emergency" ? { ...t, allowedInFreeze: false } : t)),
    };
    const release = emergency();
    const d = decideFor(release, {
      estate: strict,
      at: blackFriday,
      approvals: [approvalOf(release, "chen", "approver")],
    });
    expect(blocking(d)).toEqual(["tier-not-allowed-in-freeze", "tier-not-allowed-in-freeze"]);
    expect(d.reasons[0]?.unblock).toContain(
      "the next allowed start on northwind-eu/prod is 2026-12-03 00:00",
    );
  });
});

describe("decideRelease: the rest of the rules", () => {
  const ok = () => {
    const release = scheduled();
    return { release, approvals: [approvalOf(release, "alice", "release-manager")] };
  };

  it("never counts voided or stale approvals, and says they were voided", () => {
    const { release } = ok();
    const voided = approvalOf(release, "alice", "release-manager", { voidedAt: "2026-11-04T00:00:00.000Z" });
    const stale = approvalOf(release, "bruno", "release-manager", { planHash: "0".repeat(64) });
    const d = decideFor(release, { approvals: [voided, stale] });
    expect(blocking(d)).toEqual(["approval-missing"]);
    expect(d.reasons.find((r) => r.code === "approvals-voided")?.message).toBe(
      "1 earlier approval (alice) no longer counts: the plan or the image changed after it was given",
    );
    const otherImage = approvalOf(release, "bruno", "release-manager", {
      imageDigest: `sha256:${"0".repeat(64)}`,
    });
    expect(blocking(decideFor(release, { approvals: [otherImage] }))).toEqual(["approval-missing"]);
  });

  it("reports a release already scheduled in the same slot", () => {
    const { release, approvals } = ok();
    const other = {
      id: 17,
      tier: "standard",
      state: "scheduled" as const,
      environments: ["northwind-eu/prod"],
      start: "2026-11-10T21:30:00Z",
      duration: "PT1H",
      disruptive: false,
    };
    const d = decideFor(release, { approvals, otherReleases: [other] });
    expect(blocking(d)).toEqual(["release-conflict"]);
    expect(d.reasons.find((r) => r.code === "release-conflict")).toMatchObject({
      environment: "northwind-eu/prod",
      details: { release: 17 },
    });
    expect(
      decideFor(release, { approvals, otherReleases: [{ ...other, start: "2026-11-10T22:00:00Z" }] }).allowed,
    ).toBe(true);
  });

  it("blocks with a failing rule's message", () => {
    const { release, approvals } = ok();
    const d = decideFor(release, {
      approvals,
      policyResults: [
        { policy: "no-friday-prod", passed: true, message: "never on Fridays" },
        {
          policy: "migration-is-major",
          passed: false,
          message: "a migration in production must be filed as major",
        },
      ],
    });
    expect(d.reasons.filter((r) => r.blocking)).toEqual([
      {
        code: "policy-failed",
        blocking: true,
        message: "rule migration-is-major: a migration in production must be filed as major",
        unblock: "change the release so that rule migration-is-major holds, or change the rule in the estate",
        details: { policy: "migration-is-major" },
      },
    ]);
  });

  it("holds up a standard release while a review on its environments is overdue, but not an emergency", () => {
    const { release, approvals } = ok();
    const overdue = [
      {
        releaseId: 7,
        tier: "emergency",
        environments: ["northwind-eu/prod"],
        dueAt: "2026-11-09T00:00:00.000Z",
      },
    ];
    const d = decideFor(release, { approvals, overdueReviews: overdue });
    expect(blocking(d)).toEqual(["review-overdue"]);
    expect(d.reasons.find((r) => r.code === "review-overdue")?.unblock).toBe(
      "file it: orc release review 7 --outcome <outcome> --notes <text>",
    );
    const emergency = releaseOf({ ...release, tier: "emergency" });
    const e = decideFor(emergency, {
      approvals: [approvalOf(emergency, "chen", "approver")],
      overdueReviews: overdue,
    });
    expect(e.reasons.find((r) => r.code === "review-overdue")?.blocking).toBe(false);
    // Reviews elsewhere do not matter.
    expect(
      decideFor(release, {
        approvals,
        overdueReviews: [{ ...overdue[0]!, environments: ["northwind-us/prod"] }],
      }).allowed,
    ).toBe(true);
  });

  it("blocks a plan with errors, and a redeploy rollback after a schema change", () => {
    const broken = scheduled({ planKind: "errors" });
    expect(
      blocking(decideFor(broken, { approvals: [approvalOf(broken, "alice", "release-manager")] })),
    ).toEqual(["plan-errors"]);
    const removal = releaseOf({
      state: "scheduled",
      scheduledStart: tuesdayNight.toISOString(),
      planKind: "rehearsal",
      rollbackIntent: { strategy: "redeploy-previous", notes: "" },
    });
    const d = decideFor(removal, { approvals: [approvalOf(removal, "alice", "release-manager")] });
    expect(d.reasons.find((r) => r.code === "rollback-unsafe")).toMatchObject({
      blocking: true,
      unblock: "change the rollback intent to restore-backup (or forward-fix)",
    });
  });

  it("explains the state: draft, approved but not scheduled, before its start, closed", () => {
    expect(blocking(decideFor(releaseOf({ state: "draft" })))[0]).toBe("release-draft");
    expect(blocking(decideFor(releaseOf({ state: "approved" })))[0]).toBe("release-not-scheduled");
    const early = decideFor(scheduled({ scheduledStart: "2026-11-12T21:00:00.000Z" }));
    expect(early.reasons[0]).toMatchObject({ code: "before-scheduled-start", blocking: true });
    expect(blocking(decideFor(releaseOf({ state: "cancelled" })))[0]).toBe("release-closed");
  });

  it("suggests major for a rehearsal-strategy change reaching production, and says so", () => {
    const release = scheduled({ planKind: "rehearsal" });
    const d = decideFor(release, { approvals: [approvalOf(release, "alice", "release-manager")] });
    expect(d.suggestedTier.tier).toBe("major");
    expect(d.suggestedTier.why[0]).toBe(
      "northwind-eu/prod is production and models or fields are removed: field pos.order.legacy_ref",
    );
    expect(d.reasons.find((r) => r.code === "tier-differs-from-suggestion")?.blocking).toBe(false);
    const staging = decideFor(releaseOf({ ...release, environments: ["northwind-eu/staging"] }), {
      environments: ["northwind-eu/staging"],
    });
    expect(staging.suggestedTier).toMatchObject({ tier: "standard" });
    const series = decideFor(
      releaseOf({ environments: ["northwind-apac/prod"], plan: planOf("rolling", "17.0") }),
    );
    expect(series.suggestedTier.why).toContain("northwind-apac/prod is upgraded from Odoo 16.0 to 17.0");
  });
});

import { describe, expect, it } from "vitest";
import { findTier } from "../estate/queries.js";
import type { Role } from "../estate/roles.js";
import type { ApprovalRecord } from "./approval.js";
import { decideRelease } from "./decide-release.js";
import { LIFECYCLE, mayAct, type Actor } from "./lifecycle.js";
import {
  changeRelease,
  completeRelease,
  fileReview,
  recordApproval,
  scheduleRelease,
  submitRelease,
  type RecordApprovalArgs,
} from "./release-commands.js";
import type { Release } from "./release.js";
import { isReviewOverdue } from "./review.js";
import { approvalOf, passingEvidence } from "./test-support/evidence.js";
import { northwindEstate, planOf, releaseOf } from "./test-support/fixtures.js";

const estate = northwindEstate();
const at = new Date("2026-11-03T10:00:00Z");

/** The people of the demo estate, with their roles there. */
function person(user: string): Actor {
  if (user === "admin") return { user, roles: ["admin"] };
  const u = estate.roles.users.find((x) => x.name === user);
  if (!u) throw new Error(user);
  return { user, roles: u.roles as Role[] };
}

function approve(
  release: Release,
  approvals: ApprovalRecord[],
  user: string,
  over: Partial<RecordApprovalArgs> = {},
) {
  return recordApproval({
    release,
    approvals,
    tier: findTier(estate, release.tier),
    actor: person(user),
    decision: "approve",
    input: { planHash: release.planHash, imageDigest: release.imageDigest },
    people: estate.roles,
    at,
    ...over,
  });
}

describe("the transition table", () => {
  it("lets the requester or a release manager submit, and names the roles to anyone else", () => {
    const draft = releaseOf({ state: "draft", requester: "farid" });
    expect(mayAct("submit", draft, person("farid"))).toBeUndefined();
    expect(mayAct("submit", draft, person("bruno"))).toBeUndefined();
    expect(mayAct("submit", draft, person("admin"))).toBeUndefined();
    expect(mayAct("submit", draft, person("grace"))).toEqual({
      ok: false,
      code: "forbidden",
      message:
        "to submit release 42 you must be the requester (farid) or hold one of the roles release-manager, admin; grace has engineer",
      neededRoles: ["release-manager", "admin"],
    });
  });

  it("refuses actions from the wrong state with the states that allow them", () => {
    expect(mayAct("schedule", releaseOf({ state: "submitted" }), person("alice"))).toMatchObject({
      code: "invalid-transition",
      message: "release 42 is submitted; schedule needs it to be approved or scheduled",
    });
    expect(mayAct("cancel", releaseOf({ state: "running" }), person("admin"))?.code).toBe(
      "invalid-transition",
    );
  });

  it("lets only holders of the tier's roles approve; admin is not a stand-in for the CAB", () => {
    const major = releaseOf({ tier: "major" });
    expect(mayAct("approve", major, person("dana"), ["release-manager", "cab"])).toBeUndefined();
    expect(mayAct("approve", major, person("admin"), ["release-manager", "cab"])).toMatchObject({
      code: "forbidden",
      message: "to approve a major release you need one of the roles release-manager, cab; admin has admin",
      neededRoles: ["release-manager", "cab"],
    });
  });

  it("leads only to states the table names", () => {
    for (const rule of Object.values(LIFECYCLE)) {
      for (const s of [...rule.from, ...rule.to]) expect(typeof s).toBe("string");
    }
    expect(LIFECYCLE.start.from).toEqual(["scheduled"]);
  });
});

describe("approvals", () => {
  it("refuses the requester and, in major, the commit authors (separation of duties)", () => {
    const standard = releaseOf({ requester: "alice" });
    expect(approve(standard, [], "alice")).toMatchObject({
      ok: false,
      code: "separation-of-duties",
      message:
        "alice cannot approve release 42: alice requested the release (separation of duties in tier standard)",
    });
    const major = releaseOf({ tier: "major", authors: ["dana.okafor@northwind.example"] });
    expect(approve(major, [], "dana")).toMatchObject({ ok: false, code: "separation-of-duties" });
    // In standard, authors may approve.
    expect(approve(releaseOf({ authors: ["bruno"] }), [], "bruno").ok).toBe(true);
  });

  it("binds to the plan hash and image digest the approver reviewed", () => {
    const release = releaseOf();
    const stale = approve(release, [], "alice", {
      input: { planHash: "0".repeat(64), imageDigest: release.imageDigest },
    });
    expect(stale).toMatchObject({ ok: false, code: "conflict" });
    expect(stale.ok || stale.message).toMatch(
      /^release 42 changed since you reviewed it \(you reviewed plan 000000000000…/,
    );
    const ok = approve(release, [], "alice");
    expect(ok.ok && ok.approval).toMatchObject({
      planHash: release.planHash,
      imageDigest: release.imageDigest,
    });
  });

  it("approves once per person; the quorum moves the release to approved", () => {
    const release = releaseOf({ tier: "major", authors: [] });
    const approvals: ApprovalRecord[] = [];
    let current = release;
    for (const [user, expected] of [
      ["alice", "submitted"],
      ["chen", "submitted"],
      ["dana", "submitted"],
      ["elif", "approved"],
    ] as const) {
      const r = approve(current, approvals, user);
      if (!r.ok) throw new Error(r.message);
      approvals.push({ ...r.approval, id: approvals.length + 1 });
      current = r.release;
      expect(current.state, user).toBe(expected);
    }
    // chen holds approver and cab: the tier asks for cab, so that is the role chosen.
    expect(approvals.map((a) => `${a.approver}:${a.role}`)).toEqual([
      "alice:release-manager",
      "chen:cab",
      "dana:cab",
      "elif:cab",
    ]);
    expect(approve(current, approvals, "dana")).toMatchObject({
      ok: false,
      code: "conflict",
      message: "dana already approved release 42 as cab at 2026-11-03T10:00:00.000Z",
    });
  });

  it("a rejection ends the release", () => {
    const r = recordApproval({
      release: releaseOf(),
      approvals: [],
      tier: findTier(estate, "standard"),
      actor: person("bruno"),
      decision: "reject",
      input: {
        planHash: releaseOf().planHash,
        imageDigest: releaseOf().imageDigest,
        comment: "no rollback plan",
      },
      people: estate.roles,
      at,
    });
    expect(r.ok && [r.release.state, r.transition, r.approval.comment]).toEqual([
      "rejected",
      { action: "reject", from: "submitted", to: "rejected" },
      "no rollback plan",
    ]);
  });
});

describe("changes void approvals", () => {
  it("a new plan voids every active approval and sends a scheduled release back to submitted", () => {
    const release = releaseOf({ state: "scheduled", scheduledStart: "2026-11-10T21:00:00.000Z" });
    const approvals = [approvalOf(release, "alice", "release-manager", { id: 1 })];
    const r = changeRelease({
      release,
      approvals,
      actor: person("farid"),
      patch: { plan: planOf("maintenance-window") },
      at,
    });
    if (!r.ok) throw new Error(r.message);
    expect(r.voided).toEqual([1]);
    expect(r.changed).toEqual(["plan"]);
    expect(r.transition).toEqual({ action: "edit", from: "scheduled", to: "submitted" });
    expect(r.release).toMatchObject({ state: "submitted", scheduledStart: undefined, version: 2 });
    expect(r.release.planHash).not.toBe(release.planHash);
  });

  it("so does a new image; a new summary or requested start does not", () => {
    const release = releaseOf({ state: "approved" });
    const approvals = [approvalOf(release, "alice", "release-manager", { id: 1 })];
    const image = changeRelease({
      release,
      approvals,
      actor: person("farid"),
      patch: { imageDigest: `sha256:${"cd".repeat(32)}` },
      at,
    });
    expect(image.ok && [image.voided, image.release.state]).toEqual([[1], "submitted"]);
    const words = changeRelease({
      release,
      approvals,
      actor: person("farid"),
      patch: { summary: "POS sync fix (refunds)", requestedStart: "2026-11-12T21:00:00Z" },
      at,
    });
    expect(words.ok && [words.voided, words.release.state, words.changed]).toEqual([
      [],
      "approved",
      ["summary", "requestedStart"],
    ]);
    // The same plan again changes nothing.
    const same = changeRelease({
      release,
      approvals,
      actor: person("farid"),
      patch: { plan: release.plan },
      at,
    });
    expect(same.ok && [same.voided, same.release.version]).toEqual([[], 1]);
  });

  it("a new duration unschedules a scheduled release", () => {
    const release = releaseOf({ state: "scheduled", scheduledStart: "2026-11-10T21:00:00.000Z" });
    const r = changeRelease({
      release,
      approvals: [],
      actor: person("alice"),
      patch: { duration: "PT3H" },
      at,
    });
    expect(r.ok && [r.release.state, r.release.scheduledStart, r.voided]).toEqual([
      "approved",
      undefined,
      [],
    ]);
  });
});

describe("schedule, run and review", () => {
  it("schedules only where the decision allows it, and says why not", () => {
    const release = releaseOf({ state: "approved" });
    const approvals = [approvalOf(release, "alice", "release-manager")];
    const decide = (start: Date) => (candidate: Release) =>
      decideRelease({
        estate,
        release: candidate,
        approvals,
        evidence: passingEvidence(),
        waivers: [],
        otherReleases: [],
        overdueReviews: [],
        policyResults: [],
        at: start,
      });
    const friday = new Date("2026-11-27T10:00:00Z");
    const refused = scheduleRelease({
      release,
      actor: person("farid"),
      start: friday,
      at,
      decide: decide(friday),
    });
    expect(refused).toMatchObject({ ok: false, code: "release-blocked" });
    expect(refused.ok || refused.decision?.reasons.map((r) => r.code)).toContain("freeze-active");
    const tuesday = new Date("2026-11-10T21:00:00Z");
    const ok = scheduleRelease({
      release,
      actor: person("farid"),
      start: tuesday,
      at,
      decide: decide(tuesday),
    });
    expect(ok.ok && [ok.release.state, ok.release.scheduledStart, ok.transition]).toEqual([
      "scheduled",
      "2026-11-10T21:00:00.000Z",
      { action: "schedule", from: "approved", to: "scheduled" },
    ]);
    expect(
      scheduleRelease({
        release,
        actor: person("farid"),
        start: new Date("2026-11-01T00:00:00Z"),
        at,
        decide: decide(at),
      }),
    ).toMatchObject({
      ok: false,
      code: "bad-request",
    });
  });

  it("an emergency's review falls due 48 hours after the run and is overdue after that", () => {
    const running = releaseOf({ tier: "emergency", state: "running" });
    const done = completeRelease({
      release: running,
      actor: person("admin"),
      outcome: "succeeded",
      tier: findTier(estate, "emergency"),
      at,
    });
    if (!done.ok) throw new Error(done.message);
    expect(done.release.review).toEqual({ dueAt: "2026-11-05T10:00:00.000Z" });
    expect(isReviewOverdue(done.release, new Date("2026-11-05T09:59:59Z"))).toBe(false);
    expect(isReviewOverdue(done.release, new Date("2026-11-05T10:00:01Z"))).toBe(true);
    const filed = fileReview({
      release: done.release,
      actor: person("farid"),
      outcome: "successful",
      notes: "ok",
      at,
    });
    expect(filed.ok && filed.release.review).toMatchObject({ filedBy: "farid", outcome: "successful" });
    expect(filed.ok && isReviewOverdue(filed.release, new Date("2027-01-01T00:00:00Z"))).toBe(false);
    // A standard release has no review to file.
    const std = completeRelease({
      release: releaseOf({ state: "running" }),
      actor: person("admin"),
      outcome: "failed",
      tier: findTier(estate, "standard"),
      at,
    });
    expect(std.ok && std.release.review).toBeUndefined();
    expect(
      std.ok &&
        fileReview({ release: std.release, actor: person("farid"), outcome: "unsuccessful", notes: "", at })
          .ok,
    ).toBe(false);
  });

  it("submits a draft and starts the lead time", () => {
    const r = submitRelease(releaseOf({ state: "draft", submittedAt: undefined }), person("farid"), at);
    expect(r.ok && [r.release.state, r.release.submittedAt]).toEqual([
      "submitted",
      "2026-11-03T10:00:00.000Z",
    ]);
  });
});

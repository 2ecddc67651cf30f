import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../../src/domain/release/index.js";
import { planOf } from "../../src/domain/release/test-support/fixtures.js";
import { testBackends } from "../support/backends.js";
import { CLEAN_SARIF, evidenceSample, releaseBody, tokensFor, type Person } from "../support/releases.js";
import { startTestServer, type TestServer } from "../support/server.js";

// Monday 2 November 2026, 10:00 in Berlin.
const BASE = new Date("2026-11-02T09:00:00Z");
let clock = BASE;
const now = () => clock;

describe.each(testBackends())("release governance API on %s", (backend) => {
  let t: TestServer;
  let tok: Record<Person, string>;
  const events: LifecycleEvent[] = [];
  const call = (method: string, path: string, who: Person, body?: unknown) =>
    t.call(method, path, tok[who], body);

  beforeAll(async () => {
    t = await startTestServer(backend, {
      now,
      deps: {
        lifecycleListener: {
          async onEvent(tx, event) {
            // Proves the listener runs inside the change's transaction: a failure undoes the change.
            if (event.event === "cancelled" && event.tier === "major")
              throw new Error("notification outbox down");
            await tx.query("SELECT 1");
            events.push(event);
          },
        },
      },
    });
    tok = await tokensFor(t);
  });
  afterAll(async () => {
    await t.stop();
  });

  async function create(who: Person, over: Parameters<typeof releaseBody>[0] = {}) {
    const r = await call("POST", "/api/v1/releases", who, releaseBody(over));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: number; planHash: string; imageDigest: string; version: number; tier: string };
  }
  async function get(id: number) {
    return (await call("GET", `/api/v1/releases/${id}`, "vera")).body;
  }
  async function submitted(who: Person, over: Parameters<typeof releaseBody>[0] = {}) {
    const r = await create(who, over);
    const s = await call("POST", `/api/v1/releases/${r.id}/submit`, who);
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    return s.body as { id: number; planHash: string; imageDigest: string; version: number };
  }
  async function vote(id: number, who: Person, extra: Record<string, unknown> = {}) {
    const { release } = await get(id);
    return call("POST", `/api/v1/releases/${id}/approve`, who, {
      planHash: release.planHash,
      imageDigest: release.imageDigest,
      ...extra,
    });
  }
  async function upload(id: number, type: string, fileName: string, content: string, who: Person = "farid") {
    return call("POST", `/api/v1/releases/${id}/evidence`, who, { type, fileName, content });
  }
  async function passingEvidence(id: number, types = ["junit", "trivy"]) {
    const files: Record<string, [string, string]> = {
      junit: ["junit.xml", evidenceSample("junit/pytest-passing.xml")],
      trivy: ["trivy.json", evidenceSample("trivy/clean-image.json")],
      sarif: ["eslint.sarif", CLEAN_SARIF],
      cyclonedx: ["sbom.cdx.json", evidenceSample("cyclonedx/orc-npm.cdx.json")],
      rehearsal: ["rehearsal.json", evidenceSample("rehearsal/staging-17-upgrade.json")],
    };
    for (const type of types) {
      const [name, content] = files[type] as [string, string];
      const r = await upload(id, type, name, content);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  }
  async function decision(id: number, at: string, env?: string) {
    const q = new URLSearchParams({ at, ...(env ? { env } : {}) });
    const r = await call("GET", `/api/v1/releases/${id}/decision?${q}`, "vera");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as {
      allowed: boolean;
      reasons: {
        code: string;
        blocking: boolean;
        message: string;
        unblock?: string;
        environment?: string;
        details?: any;
      }[];
      approvals: {
        role: string;
        required: number;
        approvedBy: string[];
        missing: number;
        eligible: string[];
      }[];
      environments: { environment: string; next?: string }[];
    };
  }
  const blockingCodes = (d: { reasons: { code: string; blocking: boolean }[] }) =>
    d.reasons.filter((r) => r.blocking).map((r) => r.code);
  async function auditActions(id: number): Promise<string[]> {
    const r = await call(
      "GET",
      `/api/v1/audit/events?subjectType=release&subjectId=${id}&limit=1000`,
      "hugo",
    );
    return r.body.events.map((e: { action: string }) => e.action);
  }

  it("runs a standard release through its lifecycle; every step is audited and told to listeners", async () => {
    clock = BASE;
    const r = await create("farid");
    expect(r).toMatchObject({ tier: "standard", version: 1, state: "draft", requester: "farid" });
    expect(r.planHash).toMatch(/^[0-9a-f]{64}$/);
    await call("POST", `/api/v1/releases/${r.id}/submit`, "farid");
    expect((await vote(r.id, "alice")).body.release).toMatchObject({ state: "approved" });
    await passingEvidence(r.id);
    const at = "2026-11-10T21:00:00Z";
    expect((await decision(r.id, at)).reasons.filter((x) => x.blocking).map((x) => x.code)).toEqual([
      "release-not-scheduled",
    ]);
    const s = await call("POST", `/api/v1/releases/${r.id}/schedule`, "farid", { start: at });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.release).toMatchObject({ state: "scheduled", scheduledStart: "2026-11-10T21:00:00.000Z" });
    expect(s.body.decision.allowed).toBe(true);
    const d = await decision(r.id, at);
    expect(d.allowed).toBe(true);
    expect(
      (await get(r.id)).history.map((h: { action: string; to: string }) => `${h.action}:${h.to}`),
    ).toEqual(["create:draft", "submit:submitted", "approve:approved", "schedule:scheduled"]);
    expect(await auditActions(r.id)).toEqual([
      "release.created",
      "release.submitted",
      "release.approved",
      "release.evidence-added",
      "release.evidence-added",
      "release.scheduled",
    ]);
    expect(events.filter((e) => e.releaseId === r.id).map((e) => e.event)).toEqual([
      "submitted",
      "approved",
      "scheduled",
    ]);
    expect(events.find((e) => e.releaseId === r.id)).toMatchObject({
      tier: "standard",
      environments: ["northwind-eu/staging", "northwind-eu/prod"],
      actor: expect.stringMatching(/^user:farid \(token [0-9a-f]{12}\)$/),
    });
  });

  it("undoes a transition whose listener fails: no state change, no audit event", async () => {
    clock = BASE;
    const r = await submitted("farid", { tier: "major", planKind: "rehearsal" });
    const before = await auditActions(r.id);
    const c = await call("POST", `/api/v1/releases/${r.id}/cancel`, "farid");
    expect(c.status).toBe(500);
    expect((await get(r.id)).release.state).toBe("submitted");
    expect(await auditActions(r.id)).toEqual(before);
    // A refused transition records nothing either.
    expect((await call("POST", `/api/v1/releases/${r.id}/submit`, "farid")).body).toMatchObject({
      status: 409,
      code: "invalid-transition",
      detail: `release ${r.id} is submitted; submit needs it to be draft`,
    });
    expect(await auditActions(r.id)).toEqual(before);
  });

  it("answers 403 naming the role needed", async () => {
    clock = BASE;
    const viewer = await call("POST", "/api/v1/releases", "vera", releaseBody());
    expect(viewer).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect(viewer.body.detail).toBe(
      "this action needs one of the roles engineer, release-manager; vera has viewer",
    );
    const r = await submitted("farid");
    const cab = await vote(r.id, "dana");
    expect(cab.status).toBe(403);
    expect(cab.body.detail).toBe(
      "to approve a standard release you need one of the roles release-manager; dana has cab",
    );
    const stranger = await call("POST", `/api/v1/releases/${r.id}/cancel`, "grace");
    expect(stranger.status).toBe(403);
    expect(stranger.body.detail).toBe(
      `to cancel release ${r.id} you must be the requester (farid) or hold one of the roles release-manager, admin; grace has engineer`,
    );
    // Admin may drive the lifecycle but is no stand-in for an approver.
    expect((await vote(r.id, "ines")).status).toBe(403);
  });

  it("keeps the requester, and in major the commit authors, from approving", async () => {
    clock = BASE;
    const own = await submitted("alice");
    const self = await vote(own.id, "alice");
    expect(self).toMatchObject({ status: 403, body: { code: "separation-of-duties" } });
    expect(self.body.detail).toBe(
      `alice cannot approve release ${own.id}: alice requested the release (separation of duties in tier standard)`,
    );
    const major = await submitted("farid", {
      tier: "major",
      planKind: "rehearsal",
      authors: ["Dana Okafor <dana.okafor@northwind.example>"],
    });
    expect((await vote(major.id, "dana")).body).toMatchObject({ status: 403, code: "separation-of-duties" });
    const d = await decision(major.id, "2026-11-10T21:00:00Z");
    expect(d.approvals.find((a) => a.role === "cab")?.eligible).toEqual(["chen", "elif"]);
  });

  it("needs the CAB quorum for major: three distinct members and a release manager", async () => {
    clock = BASE;
    const r = await submitted("farid", { tier: "major", planKind: "rehearsal" });
    for (const who of ["alice", "chen", "dana"] as const) {
      const v = await vote(r.id, who);
      expect(v.status, JSON.stringify(v.body)).toBe(200);
      expect(v.body.release.state).toBe("submitted");
    }
    expect((await vote(r.id, "chen")).body).toMatchObject({ status: 409, code: "conflict" });
    const last = await vote(r.id, "elif");
    expect(last.body.release.state).toBe("approved");
    expect(last.body.approval).toMatchObject({ approver: "elif", role: "cab", decision: "approve" });
  });

  it("counts approvals given at the same moment", async () => {
    clock = BASE;
    for (let round = 0; round < 3; round++) {
      const r = await submitted("farid", { tier: "major", planKind: "rehearsal" });
      const votes = await Promise.all(
        (["alice", "chen", "dana", "elif"] as const).map((who) =>
          call("POST", `/api/v1/releases/${r.id}/approve`, who, {
            planHash: r.planHash,
            imageDigest: r.imageDigest,
          }),
        ),
      );
      expect(votes.map((v) => v.status)).toEqual([200, 200, 200, 200]);
      const { release, approvals } = await get(r.id);
      expect(release.state).toBe("approved");
      expect(approvals.map((a: { approver: string }) => a.approver).sort()).toEqual([
        "alice",
        "chen",
        "dana",
        "elif",
      ]);
      const d = await decision(r.id, "2026-11-10T21:00:00Z");
      expect(d.approvals.map((a) => [a.role, a.approvedBy.length, a.missing])).toEqual([
        ["release-manager", 1, 0],
        ["cab", 3, 0],
      ]);
    }
  });

  it("never lets an approval racing a plan change survive it", async () => {
    clock = BASE;
    const plans = [planOf("maintenance-window"), planOf("rehearsal")];
    for (let round = 0; round < 8; round++) {
      const r = await submitted("farid");
      const change = (async () => {
        for (;;) {
          const { release } = await get(r.id);
          const p = await call("PATCH", `/api/v1/releases/${r.id}`, "farid", {
            version: release.version,
            plan: plans[round % 2 === 0 ? 0 : 1],
          });
          if (p.status === 200) return p;
          expect(p.body.code, JSON.stringify(p.body)).toBe("conflict");
        }
      })();
      // Staggered, so that either side wins some rounds.
      const approval = new Promise((res) => setTimeout(res, (round % 4) * 4)).then(() =>
        call("POST", `/api/v1/releases/${r.id}/approve`, "alice", {
          planHash: r.planHash,
          imageDigest: r.imageDigest,
        }),
      );
      const [changed, approved] = await Promise.all([change, approval]);
      expect(changed.status).toBe(200);
      expect([200, 409]).toContain(approved.status);
      const { release, approvals } = await get(r.id);
      expect(release.planHash).not.toBe(r.planHash);
      expect(release.state).toBe("submitted");
      for (const a of approvals) {
        // Either voided by the change, or (refused) never recorded: none binds to the new plan.
        expect(a.voidedAt ?? null, JSON.stringify(a)).not.toBeNull();
        expect(a.planHash).toBe(r.planHash);
      }
      const d = await decision(r.id, "2026-11-10T21:00:00Z");
      expect(d.approvals[0]).toMatchObject({ role: "release-manager", approvedBy: [], missing: 1 });
    }
  });

  it("voids approvals when the plan or the image changes, not when the summary does", async () => {
    clock = BASE;
    const r = await submitted("farid");
    expect((await vote(r.id, "alice")).body.release.state).toBe("approved");
    const { release } = await get(r.id);
    const words = await call("PATCH", `/api/v1/releases/${r.id}`, "farid", {
      version: release.version,
      summary: "POS order sync: refunds keep their fiscal position",
    });
    expect(words.body).toMatchObject({ state: "approved", version: release.version + 1 });
    const stale = await call("PATCH", `/api/v1/releases/${r.id}`, "farid", {
      version: release.version,
      imageDigest: `sha256:${"cd".repeat(32)}`,
    });
    expect(stale).toMatchObject({ status: 409, body: { code: "conflict" } });
    const image = await call("PATCH", `/api/v1/releases/${r.id}`, "farid", {
      version: release.version + 1,
      imageDigest: `sha256:${"cd".repeat(32)}`,
    });
    expect(image.body).toMatchObject({ state: "submitted", imageDigest: `sha256:${"cd".repeat(32)}` });
    const after = await get(r.id);
    expect(after.approvals[0]).toMatchObject({ approver: "alice", voidReason: "imageDigest changed" });
    expect(after.approvals[0].voidedAt).toBeDefined();
    const d = await decision(r.id, "2026-11-10T21:00:00Z");
    expect(d.reasons.find((x) => x.code === "approvals-voided")?.message).toBe(
      "1 earlier approval (alice) no longer counts: the plan or the image changed after it was given",
    );
    expect(blockingCodes(d)).toContain("approval-missing");
    // Approving again binds to the new image.
    expect((await vote(r.id, "alice")).body.release.state).toBe("approved");
    expect(await auditActions(r.id)).toEqual([
      "release.created",
      "release.submitted",
      "release.approved",
      "release.changed",
      "release.changed",
      "release.approved",
    ]);
  });

  it("parses every evidence type with the real parsers; malformed reports are 422 with the line and not stored", async () => {
    clock = BASE;
    const r = await submitted("farid");
    const cases: [string, string, string][] = [
      ["junit", "junit/pytest-mixed.xml", "junit/malformed/mismatched-tag.xml"],
      ["trivy", "trivy/odoo-17-image.json", "trivy/malformed/truncated.json"],
      ["sarif", "sarif/codeql-odoo-addon.sarif", "sarif/malformed/sarif-1.0.sarif"],
      ["cyclonedx", "cyclonedx/odoo-addons.cdx.json", "cyclonedx/malformed/spdx-document.json"],
      ["rehearsal", "rehearsal/staging-17-upgrade.json", "rehearsal/malformed/missing-fields.json"],
    ];
    for (const [type, good, bad] of cases) {
      const content = evidenceSample(good);
      const ok = await upload(r.id, type, good.split("/").pop() as string, content);
      expect(ok.status, `${type}: ${JSON.stringify(ok.body)}`).toBe(201);
      expect(ok.body).toMatchObject({ type, uploadedBy: "farid", fileName: good.split("/").pop() });
      expect(ok.body.sha256).toMatch(/^[0-9a-f]{64}$/);
      const refused = await upload(r.id, type, bad.split("/").pop() as string, evidenceSample(bad));
      expect(refused.status, `${type} malformed`).toBe(422);
      expect(refused.body.code).toBe("validation-failed");
      expect(refused.body.detail).toMatch(/nothing was stored$/);
      expect(refused.body.errors[0]).toMatchObject({ file: bad.split("/").pop(), line: expect.any(Number) });
    }
    const list = (await call("GET", `/api/v1/releases/${r.id}/evidence`, "vera")).body.evidence;
    expect(list.map((e: { type: string; gate: string }) => `${e.type}:${e.gate}`).sort()).toEqual([
      "cyclonedx:sbom-license",
      "junit:tests",
      "rehearsal:rehearsal",
      "sarif:sast",
      "trivy:image-scan",
    ]);
    const truncated = await upload(
      r.id,
      "junit",
      "junit.xml",
      evidenceSample("junit/malformed/truncated.xml"),
    );
    expect(truncated.body.errors[0]).toMatchObject({
      code: "xml-syntax",
      line: expect.any(Number),
      column: expect.any(Number),
    });
    // The failing test and the CVE show in the decision.
    const d = await decision(r.id, "2026-11-10T21:00:00Z");
    expect(d.reasons.find((x) => x.code === "gate-failed" && x.details.gate === "tests")?.message).toContain(
      "test_reserve_on_archived_location failed: KeyError: 'WH/Archived'",
    );
    expect(
      d.reasons.find((x) => x.code === "gate-failed" && x.details.gate === "image-scan")?.details.blockers[0]
        .subject,
    ).toMatch(/^CVE-/);
    // Each piece of evidence opens with its parsed report: the failing test with its message and traceback.
    const junit = list.find((e: { type: string }) => e.type === "junit");
    const detail = await call("GET", `/api/v1/releases/${r.id}/evidence/${junit.id}`, "vera");
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body).toMatchObject({ id: junit.id, type: "junit", gate: "tests", sha256: junit.sha256 });
    expect(detail.body.report.totals).toMatchObject({ tests: 10, failures: 2, errors: 1, skipped: 3 });
    expect(
      detail.body.report.failing.find(
        (t: { name: string }) => t.name === "test_reserve_on_archived_location",
      ),
    ).toMatchObject({
      className: "test_pos_sync.TestStockReservation",
      kind: "failure",
      message: "KeyError: 'WH/Archived'",
      trace: expect.arrayContaining(["test_pos_sync.py:38: KeyError"]),
    });
    // Another release's evidence, an unknown id and a malformed id are refused.
    const other = await submitted("farid");
    expect((await call("GET", `/api/v1/releases/${other.id}/evidence/${junit.id}`, "vera")).status).toBe(404);
    expect((await call("GET", `/api/v1/releases/${r.id}/evidence/999999`, "vera")).status).toBe(404);
    expect((await call("GET", `/api/v1/releases/${r.id}/evidence/abc`, "vera")).status).toBe(400);
    // Wrong gate for the type, too large, and unknown type.
    expect(
      (
        await call("POST", `/api/v1/releases/${r.id}/evidence`, "farid", {
          type: "junit",
          fileName: "x.xml",
          content: evidenceSample("junit/pytest-passing.xml"),
          gate: "sast",
        })
      ).status,
    ).toBe(422);
    const huge = await upload(
      r.id,
      "junit",
      "huge.xml",
      `<testsuite>${" ".repeat(21 * 1024 * 1024)}</testsuite>`,
    );
    expect(huge).toMatchObject({ status: 413, body: { code: "payload-too-large" } });
    expect((await upload(r.id, "nessus", "x.json", "{}")).status).toBe(400);
    expect((await upload(r.id, "junit", "x.xml", "<x/>", "vera")).status).toBe(403);
  });

  it("is blocked by the Black Friday freeze with the next allowed start, and refuses to be scheduled there", async () => {
    clock = BASE;
    const r = await submitted("farid");
    await vote(r.id, "bruno");
    await passingEvidence(r.id);
    const friday = "2026-11-27T10:00:00Z";
    const d = await decision(r.id, friday);
    expect(d.allowed).toBe(false);
    const freeze = d.reasons.filter((x) => x.code === "freeze-active");
    expect(freeze.map((x) => `${x.environment}:${x.details.window}`)).toEqual([
      "northwind-eu/staging:black-friday-cyber-monday",
      "northwind-eu/prod:month-end-close",
      "northwind-eu/prod:black-friday-cyber-monday",
    ]);
    expect(freeze[0]?.unblock).toBe(
      `the next allowed start on northwind-eu/staging is 2026-12-01 00:00 Europe/Berlin (2026-11-30T23:00:00Z): orc release schedule ${r.id} --at 2026-11-30T23:00:00Z`,
    );
    expect(d.environments.map((e) => e.next)).toEqual(["2026-11-30T23:00:00Z", "2026-12-02T23:00:00Z"]);
    const refused = await call("POST", `/api/v1/releases/${r.id}/schedule`, "farid", { start: friday });
    expect(refused).toMatchObject({ status: 409, body: { code: "release-blocked" } });
    // The demo estate's rule no-pos-upgrades-on-peak-days also refuses a POS upgrade on a Friday.
    expect(refused.body.errors.map((e: { code: string }) => e.code)).toEqual([
      "freeze-active",
      "freeze-active",
      "freeze-active",
      "policy-failed",
    ]);
    const ok = await call("POST", `/api/v1/releases/${r.id}/schedule`, "farid", {
      start: "2026-11-11T10:00:00Z",
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    // Only one environment, on request.
    expect((await decision(r.id, friday, "staging")).environments.map((e) => e.environment)).toEqual([
      "northwind-eu/staging",
    ]);
    expect(
      (await call("GET", `/api/v1/releases/${r.id}/decision?env=northwind-us/prod`, "vera")).status,
    ).toBe(400);
  });

  it("lets an emergency through Black Friday with the extra approvals the freezes demand", async () => {
    clock = BASE;
    const r = await submitted("farid", { tier: "emergency", environments: ["prod"] });
    expect((await vote(r.id, "chen")).body.release.state).toBe("approved");
    await passingEvidence(r.id, ["junit"]);
    const friday = "2026-11-27T10:00:00Z";
    const d = await decision(r.id, friday);
    expect(blockingCodes(d)).toEqual([
      "release-not-scheduled",
      "freeze-approval-missing",
      "freeze-approval-missing",
    ]);
    expect(d.approvals.map((a) => [a.role, a.required, a.missing, a.eligible])).toEqual([
      ["approver", 2, 1, ["elif"]],
      ["cab", 1, 1, ["dana", "elif"]],
    ]);
    expect((await call("POST", `/api/v1/releases/${r.id}/schedule`, "farid", { start: friday })).status).toBe(
      409,
    );
    expect((await vote(r.id, "elif", { role: "approver" })).status).toBe(200);
    expect((await vote(r.id, "dana", { role: "cab" })).status).toBe(200);
    const s = await call("POST", `/api/v1/releases/${r.id}/schedule`, "farid", { start: friday });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.decision.reasons.filter((x: { code: string }) => x.code === "freeze-exempt").length).toBe(
      2,
    );
  });

  it("refuses a second release in the same slot on the same environment", async () => {
    clock = BASE;
    const slot = "2026-11-18T10:00:00Z";
    const ids: number[] = [];
    for (const who of ["farid", "grace"] as const) {
      const r = await submitted(who, { environments: ["prod"] });
      await vote(r.id, "bruno");
      await passingEvidence(r.id);
      ids.push(r.id);
    }
    const first = await call("POST", `/api/v1/releases/${ids[0]}/schedule`, "farid", { start: slot });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const second = await call("POST", `/api/v1/releases/${ids[1]}/schedule`, "grace", {
      start: "2026-11-18T10:30:00Z",
    });
    expect(second).toMatchObject({ status: 409, body: { code: "release-blocked" } });
    expect(second.body.errors[0]).toMatchObject({ code: "release-conflict", path: "northwind-eu/prod" });
    expect(
      (await call("POST", `/api/v1/releases/${ids[1]}/schedule`, "grace", { start: "2026-11-18T11:00:00Z" }))
        .status,
    ).toBe(200);
  });

  it("applies the tiers' lead time and maintenance-window rules", async () => {
    clock = BASE;
    const std = await submitted("farid");
    expect(
      (await decision(std.id, "2026-11-02T12:00:00Z")).reasons.find((x) => x.code === "lead-time")?.unblock,
    ).toBe("start at or after 2026-11-03T09:00:00.000Z");
    const major = await submitted("farid", { tier: "major", planKind: "rolling" });
    const d = await decision(major.id, "2026-11-10T10:00:00Z", "prod");
    expect(blockingCodes(d)).toContain("outside-maintenance-window");
    expect(d.reasons.find((x) => x.code === "lead-time")).toBeUndefined();
    expect(blockingCodes(await decision(major.id, "2026-11-05T21:00:00Z", "prod"))).toContain("lead-time");
  });

  it("validates releases on creation and suggests a tier when none is given", async () => {
    clock = BASE;
    const order = await call(
      "POST",
      "/api/v1/releases",
      "farid",
      releaseBody({ environments: ["prod", "staging"] }),
    );
    expect(order.status).toBe(422);
    expect(order.body.errors[0]).toMatchObject({ path: "body.environments.1" });
    expect(order.body.detail).toContain("environments must follow the promotion path");
    const other = await call(
      "POST",
      "/api/v1/releases",
      "farid",
      releaseBody({ environments: ["northwind-us/prod"] }),
    );
    expect(other.body.detail).toBe("environment northwind-us/prod is not one of tenant northwind-eu's");
    const plan = await call(
      "POST",
      "/api/v1/releases",
      "farid",
      releaseBody({ plan: { schema: "something/1" } }),
    );
    expect(plan.status).toBe(400);
    expect(plan.body.errors.map((e: { path: string }) => e.path)).toContain("body.plan.schema");
    const digest = await call("POST", "/api/v1/releases", "farid", releaseBody({ imageDigest: "latest" }));
    expect(digest.body.errors[0]).toMatchObject({ path: "body.imageDigest" });
    const { tier: _t, ...noTier } = releaseBody({ planKind: "rehearsal" });
    const suggested = await call("POST", "/api/v1/releases", "farid", noTier);
    expect(suggested.body.tier).toBe("major");
    expect((await call("GET", "/api/v1/releases/999999", "vera")).status).toBe(404);
    const list = await call(
      "GET",
      "/api/v1/releases?tier=major&state=draft&environment=northwind-eu/prod",
      "vera",
    );
    expect(list.body.releases.map((x: { id: number }) => x.id)).toContain(suggested.body.id);
    expect(
      list.body.releases.every(
        (x: { tier: string; state: string }) => x.tier === "major" && x.state === "draft",
      ),
    ).toBe(true);
    expect(list.body.releases[0].plan).toBeUndefined();
    const page = await call("GET", "/api/v1/releases?limit=2", "vera");
    expect(page.body.releases).toHaveLength(2);
    const next = await call("GET", `/api/v1/releases?limit=2&before=${page.body.next}`, "vera");
    expect(next.body.releases[0].id).toBeLessThan(page.body.releases[1].id + 1);
  });

  it("tracks the emergency's post-implementation review and lists it once overdue", async () => {
    clock = BASE;
    const r = await submitted("farid", { tier: "emergency", environments: ["prod"] });
    await vote(r.id, "chen");
    await passingEvidence(r.id, ["junit"]);
    const start = "2026-11-16T10:00:00Z";
    expect((await call("POST", `/api/v1/releases/${r.id}/schedule`, "farid", { start })).status).toBe(200);
    clock = new Date(start);
    expect((await call("POST", `/api/v1/releases/${r.id}/start`, "farid")).status).toBe(403);
    expect((await call("POST", `/api/v1/releases/${r.id}/start`, "ines")).body.state).toBe("running");
    clock = new Date("2026-11-16T10:40:00Z");
    const done = await call("POST", `/api/v1/releases/${r.id}/complete`, "ines", { outcome: "succeeded" });
    expect(done.body).toMatchObject({ state: "succeeded", review: { dueAt: "2026-11-18T10:40:00.000Z" } });
    expect(events.filter((e) => e.releaseId === r.id).map((e) => e.event)).toEqual([
      "submitted",
      "approved",
      "scheduled",
      "running",
      "succeeded",
      "review-due",
    ]);
    const overdue = () => call("GET", "/api/v1/reviews?overdue=true", "vera");
    expect((await overdue()).body.reviews.map((x: { id: number }) => x.id)).not.toContain(r.id);
    expect(
      (await call("GET", "/api/v1/reviews", "vera")).body.reviews.map((x: { id: number }) => x.id),
    ).toContain(r.id);
    clock = new Date("2026-11-18T11:00:00Z");
    expect((await overdue()).body.reviews.map((x: { id: number }) => x.id)).toContain(r.id);
    // An overdue review on production holds up the next standard release there.
    const next = await submitted("farid", { environments: ["prod"] });
    const d = await decision(next.id, "2026-11-24T10:00:00Z");
    expect(d.reasons.find((x) => x.code === "review-overdue")).toMatchObject({
      blocking: true,
      unblock: `file it: orc release review ${r.id} --outcome <outcome> --notes <text>`,
    });
    const filed = await call("POST", `/api/v1/releases/${r.id}/review`, "farid", {
      outcome: "successful-with-issues",
      notes: "POS sync restored; two stores re-synced by hand",
    });
    expect(filed.body.review).toMatchObject({ filedBy: "farid", outcome: "successful-with-issues" });
    expect((await overdue()).body.reviews.map((x: { id: number }) => x.id)).not.toContain(r.id);
    expect(
      (await decision(next.id, "2026-11-24T10:00:00Z")).reasons.find((x) => x.code === "review-overdue"),
    ).toBeUndefined();
    clock = BASE;
  });

  it("records waivers with an owner and expiry, and lets a waived CVE through", async () => {
    clock = BASE;
    const r = await submitted("farid");
    await vote(r.id, "alice");
    await passingEvidence(r.id, ["junit"]);
    await upload(r.id, "trivy", "scan.json", evidenceSample("trivy/odoo-17-image.json"));
    const d = await decision(r.id, "2026-11-12T10:00:00Z");
    const blockers = d.reasons.find((x) => x.code === "gate-failed")?.details.blockers as {
      subject: string;
    }[];
    expect(
      (
        await call("POST", `/api/v1/releases/${r.id}/waivers`, "farid", {
          gate: "image-scan",
          subject: blockers[0]!.subject,
          reason: "x",
          expiresAt: "2026-12-31T00:00:00Z",
        })
      ).status,
    ).toBe(403);
    for (const b of blockers) {
      const w = await call("POST", `/api/v1/releases/${r.id}/waivers`, "bruno", {
        gate: "image-scan",
        subject: b.subject,
        reason: "the vulnerable library is not reachable from Odoo; base image rebuild planned",
        expiresAt: "2026-12-31T00:00:00Z",
      });
      expect(w.status, JSON.stringify(w.body)).toBe(201);
      expect(w.body).toMatchObject({ owner: "bruno", createdBy: "bruno" });
    }
    const after = await decision(r.id, "2026-11-12T10:00:00Z");
    expect(blockingCodes(after), JSON.stringify(after.reasons, null, 1)).toEqual(["release-not-scheduled"]);
    expect(after.reasons.find((x) => x.code === "gate-waived")).toBeDefined();
    expect((await call("GET", `/api/v1/releases/${r.id}/waivers`, "vera")).body.waivers).toHaveLength(
      blockers.length,
    );
  });

  it("documents the release API in OpenAPI, approvals marked for MFA", async () => {
    const doc = (await call("GET", "/api/v1/openapi.json", "vera")).body;
    expect(doc.paths["/api/v1/releases/{id}/approve"].post["x-orc-mfa"]).toBe(true);
    expect(
      doc.paths["/api/v1/releases/{id}/decision"].get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(["id", "env", "at"]);
    expect(doc.paths["/api/v1/releases"].post["x-orc-roles"]).toEqual(["engineer", "release-manager"]);
    expect(doc.paths["/api/v1/reviews"].get).toBeDefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleEvidence } from "../../src/domain/evidence/test-support/samples.js";
import type { Release } from "../../src/domain/release/index.js";
import { approvalOf } from "../../src/domain/release/test-support/evidence.js";
import { releaseOf } from "../../src/domain/release/test-support/fixtures.js";
import {
  findRelease,
  insertApproval,
  insertEvidence,
  insertRelease,
  isUniqueViolation,
  listApprovals,
  listOpenReviews,
  listReleases,
  loadDecisionData,
  lockRelease,
  updateRelease,
  voidApprovals,
} from "../../src/store/index.js";
import { openTestStore, testBackends, type TestStore } from "../support/backends.js";

describe.each(testBackends())("release repository on %s", (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store.dispose();
  });

  async function stored(over: Partial<Release> = {}): Promise<Release> {
    const { id: _id, ...draft } = releaseOf(over);
    const id = await store.db.transaction((tx) => insertRelease(tx, draft));
    return { ...draft, id };
  }

  it("reads a release back exactly as written, with the same types on both backends", async () => {
    const r = await stored({
      requestedStart: "2026-11-10T21:00:00.000Z",
      review: {
        dueAt: "2026-11-12T21:00:00.000Z",
        filedAt: "2026-11-12T09:00:00.000Z",
        filedBy: "farid",
        outcome: "successful",
        notes: "ok",
      },
    });
    expect(typeof r.id).toBe("number");
    expect(await findRelease(store.db, r.id)).toEqual(r);
    expect(await store.db.transaction((tx) => lockRelease(tx, r.id))).toEqual(r);
    const [listed] = await listReleases(store.db, { environment: "northwind-eu/prod", limit: 1 });
    expect(listed).toMatchObject({ id: r.id, planStrategy: "rolling", planImpact: "code-only" });
    expect((listed as Record<string, unknown>).plan).toBeUndefined();
  });

  it("updates only from the version it read", async () => {
    const r = await stored();
    const next: Release = { ...r, state: "approved", version: 2, approvedAt: "2026-11-03T00:00:00.000Z" };
    expect(await store.db.transaction((tx) => updateRelease(tx, next, 1))).toBe(true);
    expect(await store.db.transaction((tx) => updateRelease(tx, { ...next, version: 3 }, 1))).toBe(false);
    expect(await findRelease(store.db, r.id)).toEqual(next);
  });

  it("keeps one active vote per person and release; voided ones stay listed", async () => {
    const r = await stored();
    const { id: _a, ...vote } = approvalOf(r, "alice", "release-manager");
    const first = await store.db.transaction((tx) => insertApproval(tx, vote));
    const again = await store.db.transaction((tx) => insertApproval(tx, vote)).catch((e: unknown) => e);
    expect(isUniqueViolation(again)).toBe(true);
    expect(
      await store.db.transaction((tx) =>
        voidApprovals(tx, r.id, [first.id], "2026-11-04T00:00:00.000Z", "plan changed"),
      ),
    ).toBe(1);
    await store.db.transaction((tx) => insertApproval(tx, vote));
    const votes = await listApprovals(store.db, r.id);
    expect(votes.map((v) => [v.approver, v.voidedAt ?? null, v.voidReason ?? null])).toEqual([
      ["alice", "2026-11-04T00:00:00.000Z", "plan changed"],
      ["alice", null, null],
    ]);
  });

  it("loads a decision's data in one statement: latest evidence per gate, the schedule, overdue reviews", async () => {
    const r = await stored();
    for (const [i, at] of ["2026-11-02T10:00:00.000Z", "2026-11-02T11:00:00.000Z"].entries()) {
      const e = sampleEvidence("junit", i === 0 ? "junit/pytest-mixed.xml" : "junit/pytest-passing.xml", {
        uploadedAt: at,
      });
      await store.db.transaction((tx) =>
        insertEvidence(tx, { ...e, gate: "tests", releaseId: r.id, sizeBytes: 100, warnings: [] }),
      );
    }
    const other = await stored({
      state: "scheduled",
      scheduledStart: "2026-11-10T21:00:00.000Z",
      environments: ["northwind-eu/prod"],
    });
    const reviewed = await stored({ state: "succeeded", review: { dueAt: "2026-11-05T00:00:00.000Z" } });
    await stored({
      state: "scheduled",
      scheduledStart: "2026-11-10T21:00:00.000Z",
      environments: ["northwind-us/prod"],
      tenant: "northwind-us",
    });
    const data = await loadDecisionData(store.db, r.id, new Date("2026-11-06T00:00:00Z"));
    expect(data?.release).toEqual(r);
    expect(data?.evidence.map((e) => [e.type, e.uploadedAt, e.fileName])).toEqual([
      ["junit", "2026-11-02T11:00:00.000Z", "pytest-passing.xml"],
    ]);
    expect(data?.evidence[0]?.report).toMatchObject({ type: "junit" });
    expect(data?.scheduled.map((s) => s.id)).toContain(other.id);
    expect(data?.scheduled.every((s) => s.environments.some((e) => e.startsWith("northwind-eu/")))).toBe(
      true,
    );
    expect(data?.scheduled.find((s) => s.id === other.id)).toMatchObject({
      start: "2026-11-10T21:00:00.000Z",
      planStrategy: "rolling",
    });
    expect(data?.overdueReviews).toContainEqual({
      releaseId: reviewed.id,
      tier: "standard",
      environments: ["northwind-eu/staging", "northwind-eu/prod"],
      dueAt: "2026-11-05T00:00:00.000Z",
    });
    expect(
      (await loadDecisionData(store.db, r.id, new Date("2026-11-04T00:00:00Z")))?.overdueReviews,
    ).toEqual([]);
    expect(await loadDecisionData(store.db, 999_999, new Date())).toBeUndefined();
    expect((await listOpenReviews(store.db, new Date("2026-11-06T00:00:00Z"))).map((x) => x.id)).toContain(
      reviewed.id,
    );
  });
});

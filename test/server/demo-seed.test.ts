import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pino from "pino";
import { resolveOptions } from "../../src/config/option.js";
import { serverOptions } from "../../src/config/server-options.js";
import { startServer } from "../../src/server/start.js";
import type { DemoSeedOutcome } from "../../src/services/demo-seeder.js";
import { loadEstateForServer } from "../../src/services/estate-loader.js";
import { createTestDatabase, testBackends } from "../support/backends.js";
import { releaseBody } from "../support/releases.js";
import { DEMO_ESTATE, startTestServer, type TestServer } from "../support/server.js";

// Saturday 28 November 2026, 14:00 in Singapore: the day after Black Friday, in the month-end close.
const NOW = new Date("2026-11-28T06:00:00Z");
const now = () => NOW;

const seeded = (o: DemoSeedOutcome) => (o.seeded ? o.releases.map((r) => `${r.id} ${r.state}`) : o.reason);

describe.each(testBackends())("demo releases seeded on first start, on %s", (backend) => {
  let t: TestServer;
  let first: DemoSeedOutcome;
  const get = async (path: string) => {
    const r = await t.call("GET", path, t.adminToken);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    t = await startTestServer(backend, { now, serve: { demoData: "auto" } });
    first = await t.server.demoSeed;
  }, 60_000);
  afterAll(async () => {
    await t.stop();
  });

  it("seeds five releases in the stated states, through the release service", async () => {
    expect(seeded(first)).toEqual(["1 draft", "2 submitted", "3 approved", "4 scheduled", "5 submitted"]);
    const { releases } = await get("/api/v1/releases");
    expect(
      releases.map((r: any) => [r.id, r.state, r.tier, r.requester, r.environments.join(",")]).reverse(),
    ).toEqual([
      [1, "draft", "standard", "farid", "northwind-apac/prod"],
      [2, "submitted", "standard", "grace", "northwind-apac/prod"],
      [3, "approved", "standard", "grace", "northwind-apac/prod"],
      [4, "scheduled", "standard", "farid", "northwind-apac/prod"],
      [5, "submitted", "major", "alice", "northwind-apac/prod"],
    ]);
  });

  it("plans each release with the planner from the demo addons", async () => {
    const fiscal = (await get("/api/v1/releases/3")).release.plan;
    expect(fiscal.series).toBe("16.0");
    expect(fiscal.upgrade.order.map((e: any) => e.module)).toEqual([
      "northwind_stock_count",
      "northwind_reports",
    ]);
    expect(fiscal.findings.map((f: any) => f.code)).toEqual(["migration-folder-never-runs"]);
    const upgrade = (await get("/api/v1/releases/5")).release.plan;
    expect(upgrade.series).toBe("17.0");
    expect(upgrade.upgrade.order).toHaveLength(66);
    expect(upgrade.strategy.kind).toBe("rehearsal");
  });

  it("schedules release 4 in the first maintenance window after Black Friday and the month-end close", async () => {
    const { release } = await get("/api/v1/releases/4");
    // Thursday 3 December 22:00 in Singapore: the close ends with the 2nd business day (2 December).
    expect(release.scheduledStart).toBe("2026-12-03T14:00:00.000Z");
    const d = await get(`/api/v1/releases/4/decision?at=${encodeURIComponent(release.scheduledStart)}`);
    expect(d.allowed).toBe(true);
  });

  it("the approved release's decision names the failing Odoo test and the critical CVEs", async () => {
    const d = await get("/api/v1/releases/3/decision");
    expect(d.allowed).toBe(false);
    const failed = d.reasons.filter((r: any) => r.code === "gate-failed");
    expect(failed.map((r: any) => r.message).join("\n")).toMatch(/test_reserve_on_archived_location/);
    expect(failed.map((r: any) => r.message).join("\n")).toMatch(/CVE-2024-45491/);
    expect(d.gates.map((g: any) => [g.gate, g.status])).toEqual([
      ["tests", "fail"],
      ["image-scan", "fail"],
    ]);
    expect(d.approvals).toMatchObject([{ role: "release-manager", approvedBy: ["alice"], missing: 0 }]);
  });

  it("on Black Friday the approved release is frozen as well", async () => {
    const d = await get(`/api/v1/releases/3/decision?at=${encodeURIComponent("2026-11-27T10:00:00Z")}`);
    expect(
      d.reasons.filter((r: any) => r.code === "freeze-active").map((r: any) => r.details?.window),
    ).toContain("black-friday-cyber-monday");
  });

  it("the major 16.0 → 17.0 upgrade waits for two more CAB members", async () => {
    const d = await get("/api/v1/releases/5/decision");
    const missing = d.reasons.filter((r: any) => r.code === "approval-missing");
    expect(missing.map((r: any) => r.message).join("\n")).toMatch(/cab/);
    expect(d.approvals.map((a: any) => [a.role, a.approvedBy, a.required, a.eligible])).toEqual([
      ["release-manager", ["bruno"], 1, []],
      // grace and farid wrote the change (authors cannot approve a major release); alice asked for it.
      ["cab", ["chen"], 3, ["dana", "elif"]],
    ]);
  });

  it("records every change in the audit chain, which verifies", async () => {
    const v = await get("/api/v1/audit/verify");
    expect(v.ok).toBe(true);
    const { events } = await get("/api/v1/audit/events?limit=500");
    const actions = events.map((e: any) => e.action);
    expect(actions.filter((a: string) => a === "demo.seeded")).toHaveLength(1);
    expect(actions.filter((a: string) => a === "release.created")).toHaveLength(5);
    expect(actions.filter((a: string) => a === "release.approved")).toHaveLength(4);
    expect(actions.filter((a: string) => a === "release.evidence-added")).toHaveLength(4);
    expect(actions.filter((a: string) => a === "release.scheduled")).toHaveLength(1);
    expect(events.find((e: any) => e.action === "release.approved")?.actor).toMatch(
      /^user:\w+ \(token demo-seed\)$/,
    );
  });

  it("seeds nothing on a second start of the same store", async () => {
    await t.server.close();
    const again = await startTestServer(backend, {
      now,
      dataDir: t.dataDir,
      serve: { demoData: "auto", ...(t.databaseUrl ? { databaseUrl: t.databaseUrl } : {}) },
    });
    try {
      expect(seeded(await again.server.demoSeed)).toBe("already-seeded");
      const r = await again.call("GET", "/api/v1/releases", again.adminToken);
      expect(r.body.releases).toHaveLength(5);
    } finally {
      await again.stop();
    }
  }, 60_000);
});

describe.each(testBackends())("demo releases are not seeded, on %s", (backend) => {
  it("with --demo-data off", async () => {
    const t = await startTestServer(backend, { now, serve: { demoData: "off" } });
    try {
      expect(seeded(await t.server.demoSeed)).toBe("off");
      expect((await t.call("GET", "/api/v1/releases", t.adminToken)).body.releases).toEqual([]);
    } finally {
      await t.stop();
    }
  });

  it("for an estate other than the bundled demo (even a copy of it)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orc-estate-"));
    const estate = join(dir, "estate.yaml");
    copyFileSync(DEMO_ESTATE, estate);
    const t = await startTestServer(backend, { now, estate, serve: { demoData: "auto" } });
    try {
      expect(seeded(await t.server.demoSeed)).toBe("not-demo-estate");
      expect((await t.call("GET", "/api/v1/releases", t.adminToken)).body.releases).toEqual([]);
    } finally {
      await t.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("when the store already has releases", async () => {
    const t = await startTestServer(backend, { now, serve: { demoData: "off" } });
    try {
      const r = await t.call("POST", "/api/v1/releases", t.adminToken, releaseBody());
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      await t.server.close();
      const again = await startTestServer(backend, {
        now,
        dataDir: t.dataDir,
        serve: { demoData: "auto", ...(t.databaseUrl ? { databaseUrl: t.databaseUrl } : {}) },
      });
      try {
        expect(seeded(await again.server.demoSeed)).toBe("store-has-releases");
        expect((await again.call("GET", "/api/v1/releases", again.adminToken)).body.releases).toHaveLength(1);
      } finally {
        await again.stop();
      }
    } finally {
      await t.stop();
    }
  }, 60_000);
});

describe.runIf(testBackends().includes("postgres"))("two replicas starting together on PostgreSQL", () => {
  const replica = (databaseUrl: string) =>
    startServer(
      {
        ...resolveOptions(serverOptions, {}, {}),
        host: "127.0.0.1",
        port: 0,
        dataDir: mkdtempSync(join(tmpdir(), "orc-replica-")),
        estate: DEMO_ESTATE,
        logLevel: "silent",
        databaseUrl,
        demoData: "auto",
      },
      { loadEstate: loadEstateForServer, log: pino({ level: "silent" }), now },
    );

  it("seed the demo releases once", async () => {
    const database = await createTestDatabase();
    const [a, b] = await Promise.all([replica(database.url), replica(database.url)]);
    try {
      const outcomes = [await a.demoSeed, await b.demoSeed].map(seeded);
      expect(outcomes).toContainEqual(["1 draft", "2 submitted", "3 approved", "4 scheduled", "5 submitted"]);
      expect(outcomes.filter((o) => typeof o === "string")).toHaveLength(1);
      expect(await a.ctx.releases.list({ limit: 100 })).toHaveLength(5);
      expect((await a.ctx.audit.verify()).ok).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  }, 90_000);
});

describe("demo releases follow the server's clock", () => {
  it("on an ordinary Wednesday in March, release 4 takes the next night's maintenance window", async () => {
    // Wednesday 10 March 2027, 08:00 in Singapore: no freeze near; a day's notice, then Thursday 22:00.
    const march = new Date("2027-03-10T00:00:00Z");
    const t = await startTestServer(testBackends()[0] ?? "embedded", {
      now: () => march,
      serve: { demoData: "auto" },
    });
    try {
      expect((await t.server.demoSeed).seeded).toBe(true);
      const { release } = (await t.call("GET", "/api/v1/releases/4", t.adminToken)).body;
      expect(release.scheduledStart).toBe("2027-03-11T14:00:00.000Z");
      expect(release.submittedAt).toBe(march.toISOString());
    } finally {
      await t.stop();
    }
  }, 60_000);
});

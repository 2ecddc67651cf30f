import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ESTATE, startTestServer, type TestServer } from "../support/server.js";
import { testBackends } from "../support/backends.js";

describe.each(testBackends())("estate API on %s", (backend) => {
  let t: TestServer;
  let dir: string;
  let estateFile: string;
  let viewer: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "orc-estate-api-"));
    estateFile = join(dir, "estate.yaml");
    copyFileSync(DEMO_ESTATE, estateFile);
    t = await startTestServer(backend, { estate: estateFile });
    viewer = (await t.call("POST", "/api/v1/tokens", t.adminToken, { user: "vera", roles: ["viewer"] })).body
      .token;
  });
  afterAll(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the estate, tenants and environments with inherited region and time zone", async () => {
    const estate = await t.call("GET", "/api/v1/estate", viewer);
    expect(estate.body.estate.organization).toMatchObject({ id: "northwind" });
    expect(estate.body.revision.hash).toMatch(/^[0-9a-f]{64}$/);
    const tenants = await t.call("GET", "/api/v1/tenants", viewer);
    expect(tenants.body.tenants.map((x: { name: string }) => x.name)).toEqual([
      "northwind-eu",
      "northwind-us",
      "northwind-apac",
    ]);
    const prod = await t.call("GET", "/api/v1/environments/northwind-us/prod", viewer);
    expect(prod.body).toMatchObject({
      id: "northwind-us/prod",
      kind: "prod",
      hosting: "dedicated",
      timezone: "America/New_York",
    });
    expect(prod.body.promotionPath).toEqual([
      "northwind-us/dev",
      "northwind-us/staging",
      "northwind-us/prod",
    ]);
    const prods = await t.call("GET", "/api/v1/environments?kind=prod", viewer);
    expect(prods.body.environments.map((e: { id: string }) => e.id)).toEqual([
      "northwind-eu/prod",
      "northwind-us/prod",
      "northwind-apac/prod",
    ]);
    expect((await t.call("GET", "/api/v1/environments/northwind-us/nope", viewer)).body).toMatchObject({
      code: "not-found",
    });
    expect((await t.call("GET", "/api/v1/environments?kind=castle", viewer)).status).toBe(400);
  });

  it("refuses an invalid estate on reload, lists every problem with its line, and keeps the previous one", async () => {
    const before = (await t.call("GET", "/api/v1/estate", viewer)).body.revision;
    expect((await t.call("POST", "/api/v1/estate/reload", viewer)).status).toBe(403);
    const original = readFileSync(estateFile, "utf8");
    writeFileSync(
      estateFile,
      original
        .replace("timezone: America/New_York", "timezone: America/New_Yrok")
        .replace("rpo: PT15M", "rpo: 15 minutes"),
    );
    const refused = await t.call("POST", "/api/v1/estate/reload", t.adminToken);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("estate-invalid");
    expect(refused.body.detail).toContain("stays in force");
    const codes = refused.body.errors.map((e: { path: string }) => e.path);
    expect(codes.some((p: string) => p.endsWith("timezone"))).toBe(true);
    expect(codes.some((p: string) => p.endsWith("rpo"))).toBe(true);
    expect(refused.body.errors.every((e: { line?: number }) => typeof e.line === "number")).toBe(true);
    expect((await t.call("GET", "/api/v1/estate", viewer)).body.revision).toEqual(before);
    writeFileSync(estateFile, original.replace("name: Northwind Retail", "name: Northwind Retail GmbH"));
    const ok = await t.call("POST", "/api/v1/estate/reload", t.adminToken);
    expect(ok.body.changed).toBe(true);
    expect(ok.body.revision.hash).not.toBe(before.hash);
    expect((await t.call("POST", "/api/v1/estate/reload", t.adminToken)).body.changed).toBe(false);
    const auditor = (await t.call("POST", "/api/v1/tokens", t.adminToken, { user: "au", roles: ["auditor"] }))
      .body.token;
    const events = await t.call("GET", "/api/v1/audit/events?subjectType=estate&limit=1000", auditor);
    expect(events.body.events.map((e: { action: string }) => e.action)).toEqual([
      "estate.loaded",
      "estate.reload-refused",
      "estate.loaded",
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { testBackends } from "../support/backends.js";

let clockOffsetMs = 0;
const now = () => new Date(Date.now() + clockOffsetMs);

describe.each(testBackends())("HTTP API on %s", (backend) => {
  let t: TestServer;
  let viewer: string;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestServer(backend, { now });
    viewer = (await t.call("POST", "/api/v1/tokens", t.adminToken, { user: "vera", roles: ["viewer"] })).body
      .token;
    auditor = (await t.call("POST", "/api/v1/tokens", t.adminToken, { user: "audrey", roles: ["auditor"] }))
      .body.token;
  });
  afterAll(async () => {
    await t.stop();
  });

  it("answers health and readiness without a token", async () => {
    expect(await t.call("GET", "/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await t.call("GET", "/readyz")).toMatchObject({
      status: 200,
      body: { status: "ready", checks: { database: "ok", estate: "loaded" } },
    });
  });

  it("refuses every other endpoint without a token, as problem details", async () => {
    for (const path of [
      "/api/v1/me",
      "/api/v1/tokens",
      "/api/v1/audit/events",
      "/metrics",
      "/api/v1/openapi.json",
    ]) {
      const r = await t.call("GET", path);
      expect(r.status, path).toBe(401);
      expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(r.headers.get("www-authenticate")).toBe('Bearer realm="orc"');
      expect(r.body).toMatchObject({
        code: "unauthenticated",
        status: 401,
        type: "https://orc.dev/problems/unauthenticated",
      });
    }
  });

  it("refuses forged, malformed and revoked tokens", async () => {
    const forged = `${t.adminToken.slice(0, -4)}AAAA`;
    expect((await t.call("GET", "/api/v1/me", forged)).body).toMatchObject({
      code: "unauthenticated",
      detail: "the bearer token is not valid",
    });
    expect((await t.call("GET", "/api/v1/me", "hunter2")).status).toBe(401);
    const created = await t.call("POST", "/api/v1/tokens", t.adminToken, { user: "temp", roles: ["viewer"] });
    expect((await t.call("GET", "/api/v1/me", created.body.token)).status).toBe(200);
    expect((await t.call("DELETE", `/api/v1/tokens/${created.body.info.id}`, t.adminToken)).status).toBe(204);
    expect((await t.call("GET", "/api/v1/me", created.body.token)).body).toMatchObject({
      detail: "the bearer token has been revoked",
    });
    expect(
      (await t.call("DELETE", `/api/v1/tokens/${created.body.info.id}`, t.adminToken)).body,
    ).toMatchObject({ code: "not-found" });
  });

  it("refuses an expired token", async () => {
    const expiresAt = new Date(now().getTime() + 60_000).toISOString();
    const created = await t.call("POST", "/api/v1/tokens", t.adminToken, {
      user: "short",
      roles: ["viewer"],
      expiresAt,
    });
    expect(created.status).toBe(201);
    expect((await t.call("GET", "/api/v1/me", created.body.token)).status).toBe(200);
    clockOffsetMs = 120_000;
    try {
      expect((await t.call("GET", "/api/v1/me", created.body.token)).body).toMatchObject({
        detail: "the bearer token has expired",
      });
    } finally {
      clockOffsetMs = 0;
    }
  });

  it("checks roles on the server and names the roles needed", async () => {
    const r = await t.call("GET", "/api/v1/tokens", viewer);
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: "forbidden" });
    expect(r.body.detail).toContain("needs one of the roles admin; vera has viewer");
    expect((await t.call("GET", "/api/v1/audit/events", viewer)).status).toBe(403);
    expect((await t.call("GET", "/api/v1/audit/events", auditor)).status).toBe(200);
    expect((await t.call("POST", "/api/v1/tokens", auditor, { user: "x", roles: ["admin"] })).status).toBe(
      403,
    );
  });

  it("shows a token's secret once and never lists it", async () => {
    const created = await t.call("POST", "/api/v1/tokens", t.adminToken, {
      user: "ci",
      roles: ["engineer"],
      description: "pipeline",
    });
    expect(created.headers.get("cache-control")).toBe("no-store");
    const list = await t.call("GET", "/api/v1/tokens", t.adminToken);
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(created.body.token.split("_").slice(2).join("_"));
    expect(text).not.toContain("secretHash");
    expect(list.body.tokens.find((x: { id: string }) => x.id === created.body.info.id)).toMatchObject({
      user: "ci",
      roles: ["engineer"],
    });
  });

  it("answers bad bodies with the field and the reason", async () => {
    const wrongTypes = await t.call("POST", "/api/v1/tokens", t.adminToken, {
      user: 42,
      roles: "admin",
      extra: true,
    });
    expect(wrongTypes.status).toBe(400);
    const paths = wrongTypes.body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(["body", "body.roles", "body.user"]);
    const notJson = await t.call("POST", "/api/v1/tokens", t.adminToken, "{not json");
    expect(notJson).toMatchObject({
      status: 400,
      body: { code: "bad-request", detail: "the request body is not valid JSON" },
    });
    const huge = await t.call("POST", "/api/v1/tokens", t.adminToken, {
      user: "x",
      roles: ["viewer"],
      description: "y".repeat(2_000_000),
    });
    expect(huge.status).toBe(413);
    const unknown = await t.call("GET", "/api/v1/nothing-here", t.adminToken);
    expect(unknown).toMatchObject({ status: 404, body: { code: "not-found" } });
  });

  it("audits every change and verifies the chain; tampering in SQL names the row", async () => {
    const events = await t.call("GET", "/api/v1/audit/events?action=token.&limit=1000", auditor);
    const created = events.body.events.filter((e: { action: string }) => e.action === "token.created");
    expect(created.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(events.body)).not.toMatch(/orc_[0-9a-f]{12}_/);
    expect((await t.call("GET", "/api/v1/audit/verify", auditor)).body).toMatchObject({ ok: true });
    const cp = await t.call("POST", "/api/v1/audit/checkpoints", t.adminToken);
    expect(cp.body.created).toBe(true);
    const target = created[1].seq as number;
    await t.server.ctx.db.query("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
    await t.server.ctx.db.query("UPDATE audit_event SET actor = 'user:mallory' WHERE seq = $1", [target]);
    await t.server.ctx.db.query("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only");
    const v = await t.call("GET", "/api/v1/audit/verify", auditor);
    expect(v.body).toMatchObject({ ok: false, firstBadSeq: target });
    expect(v.body.problem).toContain(`event ${target} was altered`);
  });

  it("exposes Prometheus metrics and an OpenAPI 3.1 document", async () => {
    const m = await t.call("GET", "/metrics", viewer);
    expect(m.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(m.body).toMatch(/orc_http_requests_total\{method="GET",route="\/api\/v1\/me",status="401"\} \d+/);
    expect(m.body).toMatch(/orc_audit_events_appended_total\{action="token.created"\} [1-9]/);
    const doc = await t.call("GET", "/api/v1/openapi.json", viewer);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(doc.body.paths["/api/v1/tokens/{id}"].delete.parameters[0]).toMatchObject({
      name: "id",
      in: "path",
      required: true,
    });
    for (const [path, ops] of Object.entries(
      doc.body.paths as Record<string, Record<string, { security?: unknown[]; "x-orc-roles"?: string[] }>>,
    )) {
      for (const op of Object.values(ops)) {
        // Calendar feeds are opened by their own token in the query string (calendar clients send no headers).
        const isPublic =
          path === "/healthz" || path === "/readyz" || path.startsWith("/auth/") || path.endsWith(".ics");
        expect(isPublic ? op.security : op["x-orc-roles"], path).toBeDefined();
      }
    }
  });
});

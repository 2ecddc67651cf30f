import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOrc } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

describe("orc token and orc audit against a running server", () => {
  let t: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer("embedded");
    env = { ORC_SERVER: t.url, ORC_TOKEN: t.adminToken };
  });
  afterAll(async () => {
    await t.stop();
  });

  it("creates a token, prints it once, lists and revokes it", async () => {
    const created = await runOrc(
      ["token", "create", "--user", "alice", "--role", "release-manager", "--role", "approver"],
      env,
    );
    expect(created.code).toBe(0);
    const token = created.out.trim();
    expect(token).toMatch(/^orc_[0-9a-f]{12}_/);
    const me = await t.call("GET", "/api/v1/me", token);
    expect(me.body).toMatchObject({ user: "alice", roles: ["approver", "release-manager"] });
    const list = await runOrc(["token", "list"], env);
    expect(list.out).toMatch(/alice\s+approver,release-manager\s+active/);
    expect(list.out).not.toContain(token.split("_").slice(2).join("_"));
    const id = token.split("_")[1] as string;
    expect((await runOrc(["token", "revoke", id], env)).out).toBe(`token ${id} revoked\n`);
    expect((await t.call("GET", "/api/v1/me", token)).status).toBe(401);
  });

  it("rejects unknown roles as bad usage, and missing credentials as an auth failure", async () => {
    const bad = await runOrc(["token", "create", "--user", "x", "--role", "superuser"], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown role "superuser"');
    const anon = await runOrc(["token", "list"], { ORC_SERVER: t.url }, "/nonexistent-dir");
    expect(anon.code).toBe(4);
    expect(anon.err).toContain("no token: pass --token or set ORC_TOKEN");
    const viewer = (await runOrc(["token", "create", "--user", "v", "--role", "viewer"], env)).out.trim();
    const forbidden = await runOrc(["token", "list", "--token", viewer], { ORC_SERVER: t.url });
    expect(forbidden.code).toBe(4);
    expect(forbidden.err).toContain("needs one of the roles admin");
  });

  it("says clearly when the server is not running", async () => {
    const r = await runOrc(["audit", "verify", "--server", "http://127.0.0.1:9"], env);
    expect(r.code).toBe(5);
    expect(r.err).toContain("cannot reach orc at http://127.0.0.1:9");
  });

  it("verifies the chain, exports JSON lines, and names a tampered row with exit 1", async () => {
    const ok = await runOrc(["audit", "verify"], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^audit chain OK: \d+ events/);
    const exported = await runOrc(["audit", "export"], env);
    const lines = exported.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { seq: number; action: string });
    expect(lines.map((e) => e.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(lines.some((e) => e.action === "token.revoked")).toBe(true);
    await t.server.ctx.db.query("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
    await t.server.ctx.db.query("UPDATE audit_event SET action = 'token.nothing' WHERE seq = 3");
    await t.server.ctx.db.query("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only");
    const broken = await runOrc(["audit", "verify", "--json"], env);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.out)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it("refuses a second server on the same data directory", async () => {
    const second = await runOrc(["serve", "--data-dir", t.dataDir, "--port", "0"], {});
    expect(second.code).toBe(6);
    expect(second.err).toMatch(/the data directory .* is in use by another orc \(pid \d+/);
  });
});

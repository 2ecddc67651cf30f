import Fastify from "fastify";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { DASHBOARD_CSP, registerDashboard } from "./dashboard.js";

describe("serving the dashboard", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("says how to build it when the bundle is missing, and keeps unknown paths 404", async () => {
    const app = Fastify();
    const status = await registerDashboard(app, pino({ level: "silent" }), join(tmpdir(), "orc-no-such-dir"));
    expect(status.served).toBe(false);
    const page = await app.inject({ method: "GET", url: "/releases/42" });
    expect(page.statusCode).toBe(503);
    expect(page.headers["content-security-policy"]).toBe(DASHBOARD_CSP);
    expect(page.body).toContain("npm run build");
    expect((await app.inject({ method: "GET", url: "/nope" })).statusCode).toBe(404);
  });

  it("answers index.html for every page, with the CSP, and the hashed assets with a year's cache", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orc-web-"));
    dirs.push(dir);
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), '<script type="module" src="/assets/app-1.js"></script>');
    writeFileSync(join(dir, "assets", "app-1.js"), "export {};");
    const app = Fastify();
    expect((await registerDashboard(app, pino({ level: "silent" }), dir)).served).toBe(true);
    for (const url of ["/", "/calendar", "/releases", "/releases/7", "/audit", "/sign-in"]) {
      const r = await app.inject({ method: "GET", url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers["content-security-policy"]).toBe(DASHBOARD_CSP);
      expect(r.headers["x-frame-options"]).toBe("DENY");
    }
    const js = await app.inject({ method: "GET", url: "/assets/app-1.js" });
    expect(js.statusCode).toBe(200);
    expect(js.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await app.inject({ method: "GET", url: "/assets/missing.js" })).statusCode).toBe(404);
  });
});

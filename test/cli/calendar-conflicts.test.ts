import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareEmbeddedDataDir } from "../support/backends.js";
import { runOrc } from "../support/cli.js";
import { scheduledRelease, tokensFor } from "../support/releases.js";
import { DEMO_ESTATE, startTestServer, type TestServer } from "../support/server.js";

// Monday 2 November 2026, 10:00 in Berlin.
const now = () => new Date("2026-11-02T09:00:00Z");
const PROD_WEEK = ["--env", "northwind-eu/prod", "--from", "2026-11-09", "--to", "2026-11-15"];

describe("orc calendar conflicts and the releases of orc calendar show", () => {
  let t: TestServer;
  let env: Record<string, string>;
  let dataDir: string;
  let a: number;
  let b: number;
  let serving = true;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "orc-cli-conflicts-"));
    await prepareEmbeddedDataDir(dataDir);
    t = await startTestServer("embedded", { now, dataDir });
    const tok = await tokensFor(t);
    env = { ORC_SERVER: t.url, ORC_TOKEN: tok.vera };
    a = await scheduledRelease(t, tok, { summary: "POS order sync" }, "2026-11-10T21:00:00Z");
    b = await scheduledRelease(
      t,
      tok,
      { environments: ["prod"], duration: "PT2H", summary: "Loyalty points rounding" },
      "2026-11-12T10:00:00Z",
    );
  });
  afterAll(async () => {
    if (serving) await t.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("exits 0 when the schedule has no conflict", async () => {
    const r = await runOrc(["calendar", "conflicts", ...PROD_WEEK], env);
    expect(r).toEqual({
      code: 0,
      out:
        "Conflicts on northwind-eu/prod, Mon 2026-11-09 00:00 → Mon 2026-11-16 00:00 Europe/Berlin  (2026-11-08 23:00 → 2026-11-15 23:00 UTC)\n\n" +
        "No conflicts among 2 scheduled releases.\n",
      err: "",
    });
  });

  it("exits 1 and prints each conflict with its releases and window once a freeze covers a release", async () => {
    const add = await t.call("POST", "/api/v1/calendars/retail-eu/windows", t.adminToken, {
      name: "inventory-check",
      kind: "freeze",
      description: "Inventory check in European stores",
      start: "2026-11-12T11:30",
      end: "2026-11-12T18:00",
      scope: { kinds: ["prod"] },
    });
    expect(add.status, JSON.stringify(add.body)).toBe(201);
    const r = await runOrc(["calendar", "conflicts", ...PROD_WEEK], env);
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
    expect(r.out).toBe(
      [
        "Conflicts on northwind-eu/prod, Mon 2026-11-09 00:00 → Mon 2026-11-16 00:00 Europe/Berlin  (2026-11-08 23:00 → 2026-11-15 23:00 UTC)",
        "",
        "  ✗ runs-into-freeze  northwind-eu/prod",
        `      release ${b}: the release would run until Thu 2026-11-12 13:00 Europe/Berlin, into freeze retail-eu/inventory-check "Inventory check in European stores" from Thu 2026-11-12 11:30 → Thu 2026-11-12 18:00 Europe/Berlin (2026-11-12T10:30:00Z → 2026-11-12T17:00:00Z); tier standard is not exempt`,
        `      #${b} standard  northwind-eu/prod  Thu 2026-11-12 11:00 → 13:00 Europe/Berlin  (2026-11-12 10:00 → 2026-11-12 12:00 UTC)  Loyalty points rounding`,
        "      freeze retail-eu/inventory-check  Thu 2026-11-12 11:30 → 18:00 Europe/Berlin  (2026-11-12 10:30 → 2026-11-12 17:00 UTC)",
        "",
        "1 conflict among 2 scheduled releases",
        "",
      ].join("\n"),
    );
    const json = await runOrc(["calendar", "conflicts", "--tenant", "northwind-eu", "--json"], env);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.out);
    expect(doc.environments).toContain("northwind-eu/staging");
    expect(doc.conflicts.map((c: { code: string }) => c.code)).toEqual(["runs-into-freeze"]);
  });

  it("treats an unknown environment or tenant as bad usage (exit 2)", async () => {
    const r = await runOrc(["calendar", "conflicts", "--env", "northwind-eu/prd"], env);
    expect(r.code).toBe(2);
    expect(r.err).toContain("did you mean `northwind-eu/prod`");
    expect((await runOrc(["calendar", "conflicts", "--tenant", "nope"], env)).code).toBe(2);
    const missing = await runOrc(
      ["calendar", "conflicts", "--direct", "--data-dir", join(dataDir, "nope")],
      {},
    );
    expect(missing.code).toBe(3);
    expect(missing.err).toContain("no embedded database in");
  });

  it("lists the releases under the windows in orc calendar show --server", async () => {
    const r = await runOrc(["calendar", "show", ...PROD_WEEK, "--server", t.url], env);
    expect(r.code).toBe(0);
    const tail = r.out.slice(r.out.indexOf("LOCAL (Europe/Berlin)  ", r.out.indexOf("maintenance windows")));
    expect(tail.split("\n").map((l) => l.trimEnd())).toEqual([
      "LOCAL (Europe/Berlin)                        RELEASE  TIER      STATE      UTC                                  SUMMARY",
      `  Tue 2026-11-10 22:00 → Tue 2026-11-10 23:00  #${a}       standard  scheduled  2026-11-10 21:00 → 2026-11-10 22:00  POS order sync`,
      `  Thu 2026-11-12 11:00 → Thu 2026-11-12 13:00  #${b}       standard  scheduled  2026-11-12 10:00 → 2026-11-12 12:00  Loyalty points rounding`,
      "",
      "2 scheduled releases",
      "",
    ]);
  });

  it("reads the database itself with --direct once the server has stopped", async () => {
    await t.server.close();
    serving = false;
    const r = await runOrc(
      ["calendar", "conflicts", ...PROD_WEEK, "--direct", "--data-dir", dataDir, "--estate", DEMO_ESTATE],
      {},
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    expect(r.out).toContain(`  ✗ runs-into-freeze  northwind-eu/prod\n      release ${b}: `);
    expect(r.out).toContain("1 conflict among 2 scheduled releases");
  });
});

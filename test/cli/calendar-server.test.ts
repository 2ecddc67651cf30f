import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOrc } from "../support/cli.js";
import { startTestServer, type TestServer } from "../support/server.js";

const PROMOTIONS = "examples/northwind/promotions.ics";
const MALFORMED = "test/fixtures/promotions-malformed.ics";

describe("orc calendar import, feeds and --server against a running server", () => {
  let t: TestServer;
  let env: Record<string, string>;
  let viewer: string;
  beforeAll(async () => {
    t = await startTestServer("embedded", { now: () => new Date("2026-10-01T12:00:00Z") });
    const token = async (user: string, roles: string[]) =>
      (await t.call("POST", "/api/v1/tokens", t.adminToken, { user, roles })).body.token as string;
    env = { ORC_SERVER: t.url, ORC_TOKEN: await token("alice", ["release-manager"]) };
    viewer = await token("vera", ["viewer"]);
  });
  afterAll(async () => {
    await t.stop();
  });

  it("imports a promotions file and says what changed; a second run changes nothing", async () => {
    const first = await runOrc(["calendar", "import", "promotions", "--file", PROMOTIONS], env);
    expect(first).toEqual({
      code: 0,
      out:
        "promotions → calendar marketing-promotions (from upload): 3 windows\n" +
        "  3 added, 0 updated, 0 unchanged, 0 removed\n" +
        "  1 event skipped:\n" +
        "    line 31  Marketing team offsite (offsite-2026@marketing.northwind.example): no rule matches\n",
      err: "",
    });
    const again = await runOrc(["calendar", "import", "promotions", "--file", PROMOTIONS], env);
    expect(again.out.split("\n").slice(0, 2)).toEqual([
      "promotions → calendar marketing-promotions (from upload): 3 windows, nothing changed",
      "  0 added, 0 updated, 3 unchanged, 0 removed",
    ]);
  });

  it("refuses a malformed file naming its line (exit 1), an unknown import (3) and a viewer (4)", async () => {
    const bad = await runOrc(["calendar", "import", "promotions", "--file", MALFORMED], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      'promotions.ics:19: error ics-value: DTSTART value "2026garbage" is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS[Z])',
    );
    const unknown = await runOrc(["calendar", "import", "promotion", "--file", PROMOTIONS], env);
    expect(unknown.code).toBe(3);
    expect(unknown.err).toBe("orc: no ICS import promotion in the estate; did you mean `promotions`?\n");
    const forbidden = await runOrc(
      ["calendar", "import", "promotions", "--file", PROMOTIONS, "--token", viewer],
      env,
    );
    expect(forbidden.code).toBe(4);
    const missing = await runOrc(["calendar", "import", "promotions", "--file", "nope.ics"], env);
    expect(missing.code).toBe(3);
  });

  it("answers with the server's windows when given --server, the estate file's otherwise", async () => {
    const args = [
      "window",
      "check",
      "--env",
      "northwind-eu/prod",
      "--tier",
      "standard",
      "--at",
      "2026-10-17T10:00",
      "--duration",
      "1h",
    ];
    const remote = await runOrc([...args, "--server", t.url], env);
    expect(remote.code).toBe(1);
    expect(remote.out).toContain("✗ freeze marketing-promotions/autumn-sale-europe-");
    expect(remote.out).toContain("imported from a promotions calendar");
    const local = await runOrc(args, { ORC_ESTATE: "examples/northwind/estate.yaml" });
    expect(local.code).toBe(0);
    const agenda = await runOrc(
      [
        "calendar",
        "show",
        "--env",
        "northwind-eu/prod",
        "--from",
        "2026-10-16",
        "--to",
        "2026-10-18",
        "--server",
        t.url,
        "--json",
      ],
      env,
    );
    expect(agenda.code).toBe(0);
    const view = JSON.parse(agenda.out) as { occurrences: { description?: string; source: string }[] };
    expect(view.occurrences.map((o) => [o.description, o.source])).toEqual([
      ["Tuesday and Thursday nights, 22:00 to 04:00 local", "estate"],
      ["Autumn Sale (Europe)", "import"],
    ]);
    const unknown = await runOrc(
      [...args.slice(0, 3), "northwind-eu/prd", ...args.slice(4), "--server", t.url],
      env,
    );
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe(
      'orc: unknown environment "northwind-eu/prd"; did you mean `northwind-eu/prod`?\n',
    );
  });

  it("creates a feed subscription, prints its URL once, lists and revokes it", async () => {
    const created = await runOrc(
      ["calendar", "feed", "create", "--env", "northwind-us/prod", "--description", "NYC stores"],
      env,
    );
    expect(created.code).toBe(0);
    const url = created.out.trim();
    expect(url).toMatch(/\/api\/v1\/calendars\/northwind-us\/prod\.ics\?token=orcfeed_/);
    expect((await fetch(url)).status).toBe(200);
    const list = await runOrc(["calendar", "feed", "list"], env);
    expect(list.out).toMatch(/northwind-us\/prod\s+active\s+alice\s+\S+\s+NYC stores/);
    const id = /orcfeed_([0-9a-f]{12})_/.exec(url)?.[1] as string;
    expect((await runOrc(["calendar", "feed", "revoke", id], env)).out).toBe(`feed ${id} revoked\n`);
    expect((await fetch(url)).status).toBe(401);
  });
});

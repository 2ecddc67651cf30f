import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runOrc } from "../support/cli.js";
import { DEMO_ESTATE } from "../support/server.js";

// `orc window` and `orc calendar show` read the estate file only; no server is involved.
const env = { ORC_ESTATE: DEMO_ESTATE };
const dir = mkdtempSync(join(tmpdir(), "orc-cli-window-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("orc window check: Black Friday at local midnight in two regions (golden)", () => {
  it.each([
    ["northwind-eu/prod", "black-friday-eu.txt"],
    ["northwind-us/prod", "black-friday-us.txt"],
  ])("blocks a standard release on %s, with each freeze, and says when it may start", async (id, golden) => {
    const run = await runOrc(
      ["window", "check", "--env", id, "--tier", "standard", "--at", "2026-11-27T00:00", "--duration", "2h"],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.err).toBe("");
    await expect(run.out).toMatchFileSnapshot(`golden/${golden}`);
  });

  it("reads --at in each environment's own zone: the same local midnight is six hours apart in UTC", async () => {
    const check = async (id: string) =>
      JSON.parse(
        (
          await runOrc(
            [
              "window",
              "check",
              "--env",
              id,
              "--tier",
              "standard",
              "--at",
              "2026-11-27T00:00",
              "--duration",
              "2h",
              "--json",
            ],
            env,
          )
        ).out,
      ) as {
        start: string;
        reasons: { code: string; occurrence?: { window: string; start: string; end: string } }[];
        next: string;
        nextLocal: string;
      };
    const eu = await check("northwind-eu/prod");
    const us = await check("northwind-us/prod");
    const blackFriday = (c: typeof eu) =>
      c.reasons.find((r) => r.occurrence?.window === "black-friday-cyber-monday")?.occurrence;
    expect(eu.start).toBe("2026-11-26T23:00:00Z");
    expect(us.start).toBe("2026-11-27T05:00:00Z");
    expect(blackFriday(eu)).toMatchObject({ start: "2026-11-26T23:00:00Z", end: "2026-11-30T23:00:00Z" });
    expect(blackFriday(us)).toMatchObject({ start: "2026-11-27T05:00:00Z", end: "2026-12-01T05:00:00Z" });
    expect([eu.next, eu.nextLocal]).toEqual(["2026-12-02T23:00:00Z", "2026-12-03T00:00"]);
    expect([us.next, us.nextLocal]).toEqual(["2026-12-03T05:00:00Z", "2026-12-03T00:00"]);
  });

  it("allows an emergency release inside the maintenance window and lists the extra approvals (golden)", async () => {
    const run = await runOrc(
      [
        "window",
        "check",
        "--env",
        "northwind-us/prod",
        "--tier",
        "emergency",
        "--at",
        "2026-11-27T00:00",
        "--duration",
        "90m",
        "--disruptive",
      ],
      env,
    );
    expect(run.code).toBe(0);
    await expect(run.out).toMatchFileSnapshot("golden/black-friday-us-emergency.txt");
  });

  it("makes a tier that requires a maintenance window disruptive, and says so", async () => {
    const run = await runOrc(
      [
        "window",
        "check",
        "--env",
        "northwind-eu/prod",
        "--tier",
        "major",
        "--at",
        "2026-12-08T23:00+01:00",
        "--duration",
        "PT3H",
        "--json",
      ],
      env,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({
      allowed: true,
      disruptive: true,
      disruptiveReason: "tier major requires a maintenance window",
      localStart: "2026-12-08T23:00",
      duration: "PT3H",
      reasons: [{ code: "inside-maintenance-window", blocking: false }],
      exemptions: [],
    });
  });
});

describe("orc window next", () => {
  it("prints only the next allowed start, local and UTC", async () => {
    const run = await runOrc(
      [
        "window",
        "next",
        "--env",
        "northwind-eu/prod",
        "--tier",
        "standard",
        "--at",
        "2026-11-27T06:00",
        "--duration",
        "2h",
        "--disruptive",
      ],
      env,
    );
    expect(run).toEqual({
      code: 0,
      out:
        "Next allowed start for northwind-eu/prod · tier standard · 2h · disruptive:\n" +
        "  Thu 2026-12-03 22:00 Europe/Berlin  (2026-12-03 21:00 UTC)\n",
      err: "",
    });
  });

  it("answers the requested start when it is allowed, and exits 1 when nothing is allowed within the horizon", async () => {
    const ok = await runOrc(
      [
        "window",
        "next",
        "--env",
        "northwind-eu/dev",
        "--tier",
        "standard",
        "--at",
        "2026-11-27T06:00",
        "--duration",
        "1d",
        "--json",
      ],
      env,
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({
      allowedAtRequest: true,
      next: "2026-11-27T05:00:00Z",
      nextLocal: "2026-11-27T06:00",
    });
    const none = await runOrc(
      [
        "window",
        "next",
        "--env",
        "northwind-eu/prod",
        "--tier",
        "standard",
        "--at",
        "2026-11-27T06:00",
        "--duration",
        "2h",
        "--horizon",
        "2",
      ],
      env,
    );
    expect(none.code).toBe(1);
    expect(none.out).toContain("none within 2 days");
  });
});

describe("orc calendar show", () => {
  it("prints the agenda of a period, local and UTC (golden)", async () => {
    const run = await runOrc(
      ["calendar", "show", "--env", "northwind-eu/prod", "--from", "2026-11-23", "--to", "2026-12-04"],
      env,
    );
    expect(run.code).toBe(0);
    await expect(run.out).toMatchFileSnapshot("golden/agenda-eu-black-friday.txt");
  });

  it("prints the same agenda as JSON, a date given to --to including that day", async () => {
    const run = await runOrc(
      [
        "calendar",
        "show",
        "--env",
        "northwind-us/prod",
        "--from",
        "2026-11-27",
        "--to",
        "2026-11-27",
        "--json",
      ],
      env,
    );
    const agenda = JSON.parse(run.out) as {
      from: string;
      to: string;
      occurrences: { id: string; source: string }[];
    };
    expect([agenda.from, agenda.to]).toEqual(["2026-11-27T05:00:00Z", "2026-11-28T05:00:00Z"]);
    expect(agenda.occurrences.map((o) => [o.id, o.source])).toEqual([
      ["retail-global/month-end-close@2026-11-25T00:00", "estate"],
      ["retail-global/weekly-maintenance@2026-11-26T22:00", "estate"],
      ["retail-global/black-friday-cyber-monday@2026-11-27T00:00", "estate"],
    ]);
  });

  it("starts today by default (the real clock) and covers 30 days", async () => {
    const run = await runOrc(["calendar", "show", "--env", "northwind-apac/dev", "--json"], env);
    const agenda = JSON.parse(run.out) as { localFrom: string; localTo: string };
    expect(agenda.localFrom).toMatch(/T00:00$/);
    const days = (Date.parse(`${agenda.localTo}Z`) - Date.parse(`${agenda.localFrom}Z`)) / 86_400_000;
    expect(days).toBe(30);
  });
});

describe("bad input", () => {
  it("reports every problem at once with suggestions, and exits 2", async () => {
    const run = await runOrc(
      [
        "window",
        "check",
        "--env",
        "northwind-eu/prd",
        "--tier",
        "standrd",
        "--at",
        "2026-11-31T06:00",
        "--duration",
        "2 hours",
      ],
      env,
    );
    expect(run.code).toBe(2);
    expect(run.out).toBe("");
    expect(run.err.split("\n")).toEqual([
      'orc: unknown environment "northwind-eu/prd"; did you mean `northwind-eu/prod`?',
      'orc: unknown tier "standrd"; did you mean `standard`?',
      `orc: "2026-11-31T06:00" is not a time: give a local time like 2026-11-27T06:00 (read in the environment's zone), a date like 2026-11-27, or an instant like 2026-11-27T05:00Z or 2026-11-27T06:00+01:00`,
      'orc: "2 hours" is not a duration: use 2h, 90m, 1d, 1h30m or an ISO 8601 duration such as PT2H',
      "",
    ]);
  });

  it.each([
    [["--duration", "0h"], 'orc: duration "0h" is zero'],
    [
      ["--duration", "P1M"],
      'orc: duration "P1M" uses years or months, which RFC 5545 durations do not have; use weeks or days; use 2h, 90m, 1d, 1h30m or an ISO 8601 duration such as PT2H',
    ],
    [["--duration", "40d"], 'orc: duration "40d" is longer than 31 days'],
    [
      ["--duration", "2h", "--at", "2026-11-27 6am"],
      'orc: "2026-11-27 6am" is not a time: give a local time like 2026-11-27T06:00 (read in Europe/Berlin), a date like 2026-11-27, or an instant like 2026-11-27T05:00Z or 2026-11-27T06:00+01:00',
    ],
    [
      ["--duration", "2h", "--tier", "hotfix"],
      'orc: unknown tier "hotfix"; the estate\'s tiers are: emergency, standard, major',
    ],
  ])("%j", async (args, message) => {
    const argv = ["window", "check", "--env", "northwind-eu/prod", "--tier", "standard", ...args];
    const run = await runOrc(argv, env);
    expect(run.code).toBe(2);
    expect(run.err).toBe(`${message}\n`);
  });

  it("names a missing required option and exits 2", async () => {
    const run = await runOrc(["window", "check", "--env", "northwind-eu/prod", "--duration", "2h"], env);
    expect(run.code).toBe(2);
    expect(run.err).toContain("required option '--tier <tier>' not specified");
  });

  it("exits 3 when the estate file does not exist, and 1 when it is invalid", async () => {
    const missing = await runOrc(
      ["calendar", "show", "--env", "northwind-eu/prod", "--estate", join(dir, "nope.yaml")],
      env,
    );
    expect(missing.code).toBe(3);
    expect(missing.err).toContain("estate file not found");
    const invalid = join(dir, "invalid.yaml");
    writeFileSync(invalid, "apiVersion: orc.dev/v1\nkind: Estate\n");
    const run = await runOrc(["calendar", "show", "--env", "a/b", "--estate", invalid], env);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /^orc: the estate .*invalid\.yaml is invalid \(\d+ problems\); run `orc estate validate /,
    );
  });

  it("announces the demo estate on stderr when no estate is given", async () => {
    const run = await runOrc(
      ["calendar", "show", "--env", "northwind-eu/prod", "--from", "2026-01-01", "--to", "2026-01-01"],
      {},
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.err).toMatch(
      /^orc: no estate file given; using the demo estate .*examples\/northwind\/estate\.yaml\n$/,
    );
  });

  it("refuses a period that ends before it starts", async () => {
    const run = await runOrc(
      ["calendar", "show", "--env", "northwind-eu/prod", "--from", "2026-12-01", "--to", "2026-11-01"],
      env,
    );
    expect(run.code).toBe(2);
    expect(run.err).toBe(
      "orc: the end of the period (2026-11-01T23:00:00Z) is not after its start (2026-11-30T23:00:00Z)\n",
    );
  });
});

import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringifyIcs } from "../../src/domain/calendar/index.js";
import { testBackends } from "../support/backends.js";
import { scheduledRelease, tokensFor, type Person } from "../support/releases.js";
import { startTestServer, type TestServer } from "../support/server.js";

// Monday 2 November 2026, 10:00 in Berlin.
const BASE = new Date("2026-11-02T09:00:00Z");
let clock = BASE;
const now = () => clock;

interface Slot {
  id: string;
  environment: string;
  state: string;
  start: string;
  end: string;
  localStart: string;
  localEnd: string;
}
interface Conflict {
  code: string;
  environment: string;
  message: string;
  releases: Slot[];
  window?: { calendar: string; window: string; source: string };
}

describe.each(testBackends())(
  "schedule conflicts, agenda releases and release feed events on %s",
  (backend) => {
    let t: TestServer;
    let tok: Record<Person, string>;
    const call = (method: string, path: string, who: Person, body?: unknown) =>
      t.call(method, path, tok[who], body);
    // Release A: staging and prod, Tuesday 10 November 22:00-23:00 Berlin. B: prod, Thursday 12 November
    // 11:00-13:00 Berlin; a freeze added through the API later starts at 11:30 that day.
    let a: number;
    let b: number;

    beforeAll(async () => {
      clock = BASE;
      t = await startTestServer(backend, { now });
      tok = await tokensFor(t);
      a = await scheduledRelease(t, tok, { summary: "POS order sync" }, "2026-11-10T21:00:00Z");
      b = await scheduledRelease(
        t,
        tok,

        { environments: ["prod"], duration: "PT2H", summary: "Loyalty points rounding" },
        "2026-11-12T10:00:00Z",
      );
    });
    afterAll(async () => {
      await t.stop();
    });

    const conflicts = (query: string, who: Person = "vera") =>
      call("GET", `/api/v1/calendars/conflicts?${query}`, who);

    it("finds no conflict in a schedule the governance checks accepted, and lists its releases", async () => {
      const r = await conflicts("env=northwind-eu/prod&from=2026-11-09&to=2026-11-15");
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({
        environments: ["northwind-eu/prod"],
        timezone: "Europe/Berlin",
        from: "2026-11-08T23:00:00Z",
        to: "2026-11-15T23:00:00Z",
        localFrom: "2026-11-09T00:00",
        localTo: "2026-11-16T00:00",
        conflicts: [],
      });
      expect(r.body.releases).toEqual([
        {
          id: String(a),
          summary: "POS order sync",
          tier: "standard",
          state: "scheduled",
          environment: "northwind-eu/prod",
          timezone: "Europe/Berlin",
          start: "2026-11-10T21:00:00Z",
          end: "2026-11-10T22:00:00Z",
          localStart: "2026-11-10T22:00",
          localEnd: "2026-11-10T23:00",
          duration: "PT1H",
          disruptive: false,
          link: `/releases/${a}`,
        },
        expect.objectContaining({
          id: String(b),
          localStart: "2026-11-12T11:00",
          localEnd: "2026-11-12T13:00",
        }),
      ]);
      // A tenant's scope has both of A's environments; the whole estate too.
      const tenant = await conflicts("tenant=northwind-eu&from=2026-11-09&to=2026-11-15");
      expect(tenant.body.timezone).toBe("UTC");
      expect(tenant.body.releases.map((s: Slot) => `${s.id} ${s.environment}`)).toEqual([
        `${a} northwind-eu/prod`,
        `${a} northwind-eu/staging`,
        `${b} northwind-eu/prod`,
      ]);
      const env = await conflicts("tenant=northwind-eu&env=staging&from=2026-11-09&to=2026-11-15");
      expect(env.body.environments).toEqual(["northwind-eu/staging"]);
      const all = await conflicts("from=2026-11-09T00:00Z&to=2026-11-15T00:00Z");
      expect(all.body.environments.length).toBeGreaterThan(3);
      expect(all.body.releases).toHaveLength(3);
    });

    it("reports a release running into a freeze added later through the API, with the window and a sentence", async () => {
      const add = await call("POST", "/api/v1/calendars/retail-eu/windows", "alice", {
        name: "inventory-check",
        kind: "freeze",
        description: "Inventory check in European stores",
        start: "2026-11-12T11:30",
        end: "2026-11-12T18:00",
        scope: { kinds: ["prod"] },
        exemptTiers: ["emergency"],
      });
      expect(add.status, JSON.stringify(add.body)).toBe(201);
      const r = await conflicts("env=northwind-eu/prod&from=2026-11-09&to=2026-11-15");
      expect(r.body.conflicts as Conflict[]).toHaveLength(1);
      const [c] = r.body.conflicts as Conflict[];
      expect(c).toMatchObject({
        code: "runs-into-freeze",
        environment: "northwind-eu/prod",
        window: { calendar: "retail-eu", window: "inventory-check", source: "api" },
      });
      expect(c?.releases.map((s) => [s.id, s.start, s.end, s.localStart])).toEqual([
        [String(b), "2026-11-12T10:00:00Z", "2026-11-12T12:00:00Z", "2026-11-12T11:00"],
      ]);
      expect(c?.message).toBe(
        `release ${b}: the release would run until Thu 2026-11-12 13:00 Europe/Berlin, into freeze retail-eu/inventory-check "Inventory check in European stores" from Thu 2026-11-12 11:30 → Thu 2026-11-12 18:00 Europe/Berlin (2026-11-12T10:30:00Z → 2026-11-12T17:00:00Z); tier standard is not exempt (exempt: emergency)`,
      );
      // Outside the period, and on staging, there is nothing.
      expect((await conflicts("env=northwind-eu/prod&from=2026-11-13&to=2026-11-20")).body.conflicts).toEqual(
        [],
      );
      expect(
        (await conflicts("env=northwind-eu/staging&from=2026-11-09&to=2026-11-15")).body.conflicts,
      ).toEqual([]);
    });

    it("governance decisions honour the freeze added through the API (regression: they read only the estate file)", async () => {
      const d = await call(
        "GET",
        `/api/v1/releases/${b}/decision?env=northwind-eu/prod&at=2026-11-12T10:00:00Z`,
        "vera",
      );
      expect(d.status, JSON.stringify(d.body)).toBe(200);
      expect(d.body.allowed).toBe(false);
      const freeze = d.body.reasons.find((r: { code: string }) => r.code === "runs-into-freeze");
      expect(freeze?.blocking).toBe(true);
      expect(freeze?.message).toContain("retail-eu/inventory-check");
      // Scheduling another release into the API freeze is refused with that reason.
      const created = await call("POST", "/api/v1/releases", "farid", {
        ...(await import("../support/releases.js")).releaseBody({
          environments: ["prod"],
          summary: "into the API freeze",
        }),
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as number;
      expect((await call("POST", `/api/v1/releases/${id}/submit`, "farid")).status).toBe(200);
      const approved = await call("POST", `/api/v1/releases/${id}/approve`, "alice", {
        planHash: created.body.planHash,
        imageDigest: created.body.imageDigest,
      });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      const refused = await call("POST", `/api/v1/releases/${id}/schedule`, "farid", {
        start: "2026-11-12T12:00:00Z",
      });
      expect(refused.status).toBe(409);
      expect(JSON.stringify(refused.body)).toContain("inventory-check");
      expect((await call("POST", `/api/v1/releases/${id}/cancel`, "farid")).status).toBe(200);
    });

    it("checks proposed slots against the stored schedule without saving them", async () => {
      const r = await call("POST", "/api/v1/calendars/conflicts", "vera", {
        proposals: [
          { env: "northwind-eu/prod", tier: "standard", start: "2026-11-10T22:30", duration: "1h" },
          { env: "northwind-eu/staging", tier: "standard", start: "2026-11-10T21:30:00Z", duration: "PT30M" },
          { env: "northwind-eu/prod", tier: "standard", start: "2026-11-27T10:00", duration: "2h" },
          {
            env: "northwind-eu/prod",
            tier: "standard",
            start: "2026-11-17T22:00",
            duration: "1h",
            disruptive: true,
          },
          {
            env: "northwind-eu/prod",
            tier: "emergency",
            start: "2026-11-27T10:00",
            duration: "30m",
            summary: "hotfix",
          },
        ],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.ok).toBe(false);
      expect(r.body.proposals.map((p: Slot) => `${p.id} ${p.state} ${p.start}`)).toEqual([
        "proposed-1 proposed 2026-11-10T21:30:00Z",
        "proposed-2 proposed 2026-11-10T21:30:00Z",
        "proposed-3 proposed 2026-11-27T09:00:00Z",
        "proposed-4 proposed 2026-11-17T21:00:00Z",
        "proposed-5 proposed 2026-11-27T09:00:00Z",
      ]);
      expect(
        (r.body.conflicts as Conflict[]).map(
          (c) =>
            `${c.environment} ${c.code} ${c.releases.map((s) => s.id).join("+")}${c.window ? ` ${c.window.window}` : ""}`,
        ),
      ).toEqual([
        `northwind-eu/prod releases-overlap ${a}+proposed-1`,
        "northwind-eu/prod freeze-active proposed-3 month-end-close",
        "northwind-eu/prod freeze-active proposed-3 black-friday-cyber-monday",
        // Proposals conflict with each other too; the emergency one is exempt from both freezes.
        "northwind-eu/prod releases-overlap proposed-3+proposed-5",
        `northwind-eu/staging releases-overlap ${a}+proposed-2`,
      ]);
      const overlap = (r.body.conflicts as Conflict[])[0];
      expect(overlap?.message).toBe(
        `releases ${a} (Tue 2026-11-10 22:00 → Tue 2026-11-10 23:00 Europe/Berlin (2026-11-10T21:00:00Z → 2026-11-10T22:00:00Z)) and proposed-1 (Tue 2026-11-10 22:30 → Tue 2026-11-10 23:30 Europe/Berlin (2026-11-10T21:30:00Z → 2026-11-10T22:30:00Z)) overlap on northwind-eu/prod`,
      );
      expect(overlap?.releases[1]).not.toHaveProperty("link");
      // Nothing was saved.
      const stored = await conflicts("tenant=northwind-eu&from=2026-11-09&to=2026-11-30");
      expect(stored.body.releases.map((s: Slot) => s.id)).toEqual([String(a), String(a), String(b)]);
      const fine = await call("POST", "/api/v1/calendars/conflicts", "vera", {
        proposals: [
          { env: "northwind-eu/prod", tier: "standard", start: "2026-11-17T22:00", duration: "1h" },
        ],
      });
      expect(fine.body).toMatchObject({ ok: true, conflicts: [] });
    });

    it("refuses bad input with every problem and its path, 404 for unknown names, 401 without a token", async () => {
      const bad = await call("POST", "/api/v1/calendars/conflicts", "vera", {
        proposals: [
          { env: "northwind-eu/prd", tier: "standrd", start: "someday", duration: "4 days" },
          { env: "northwind-eu/prod", tier: "standard", start: "2026-11-17T22:00", duration: "1h" },
        ],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual([
        "body.proposals[0].env",
        "body.proposals[0].tier",
        "body.proposals[0].start",
        "body.proposals[0].duration",
      ]);
      expect(bad.body.errors[0].message).toContain("did you mean `northwind-eu/prod`");
      expect((await call("POST", "/api/v1/calendars/conflicts", "vera", { proposals: [] })).status).toBe(400);
      const unknownEnv = await conflicts("env=northwind-eu/prd");
      expect(unknownEnv.status).toBe(404);
      expect(unknownEnv.body.detail).toContain("did you mean `northwind-eu/prod`");
      expect((await conflicts("tenant=northwind-e")).status).toBe(404);
      expect((await conflicts("env=prod")).status).toBe(404);
      expect((await conflicts("tenant=northwind-us&env=northwind-eu/prod")).status).toBe(400);
      const period = await conflicts("env=northwind-eu/prod&from=2026-11-15&to=2026-11-09");
      expect(period.status).toBe(400);
      expect(period.body.errors[0].path).toBe("query.to");
      expect((await conflicts("bogus=1")).status).toBe(400);
      expect((await t.call("GET", "/api/v1/calendars/conflicts")).status).toBe(401);
      const doc = await call("GET", "/api/v1/openapi.json", "vera");
      expect(Object.keys(doc.body.paths["/api/v1/calendars/conflicts"]).sort()).toEqual(["get", "post"]);
    });

    it("lists the environment's releases in the agenda beside the windows", async () => {
      const r = await call(
        "GET",
        "/api/v1/environments/northwind-eu/prod/agenda?from=2026-11-09&to=2026-11-15",
        "vera",
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.occurrences.length).toBeGreaterThan(0);
      expect(r.body.releases.map((s: Slot) => `${s.id} ${s.localStart} ${s.localEnd} ${s.state}`)).toEqual([
        `${a} 2026-11-10T22:00 2026-11-10T23:00 scheduled`,
        `${b} 2026-11-12T11:00 2026-11-12T13:00 scheduled`,
      ]);
      const staging = await call(
        "GET",
        "/api/v1/environments/northwind-eu/staging/agenda?from=2026-11-09&to=2026-11-15",
        "vera",
      );
      expect(staging.body.releases.map((s: Slot) => s.id)).toEqual([String(a)]);
      const later = await call(
        "GET",
        "/api/v1/environments/northwind-eu/prod/agenda?from=2026-11-13&to=2026-11-20",
        "vera",
      );
      expect(later.body.releases).toEqual([]);
    });

    it("puts scheduled releases in the ICS feed, moves them with a higher SEQUENCE, and drops cancelled ones", async () => {
      const created = await call("POST", "/api/v1/calendar-feeds", "alice", {
        environment: "northwind-eu/prod",
      });
      expect(created.status).toBe(201);
      const url = created.body.url as string;
      const fetchFeed = async () => {
        const res = await fetch(url);
        expect(res.status).toBe(200);
        const text = await res.text();
        const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
        // Parses back to the same text, as the feed tests of windows check.
        expect(stringifyIcs(calendar)).toBe(text);
        const releases = calendar
          .getAllSubcomponents("vevent")
          .filter((e) => e.getFirstPropertyValue("x-orc-kind") === "release")
          .map((e) => {
            const event = new ICAL.Event(e);
            return {
              uid: event.uid,
              start: event.startDate.toJSDate().toISOString(),
              end: event.endDate.toJSDate().toISOString(),
              summary: event.summary,
              sequence: event.sequence,
              status: e.getFirstPropertyValue("status"),
              categories: e.getFirstPropertyValue("categories"),
              description: event.description,
            };
          });
        return { releases, etag: res.headers.get("etag") ?? "", text };
      };
      const first = await fetchFeed();
      expect(first.releases).toEqual([
        {
          uid: `release-${a}-northwind-eu/prod@orc.invalid`,
          start: "2026-11-10T21:00:00.000Z",
          end: "2026-11-10T22:00:00.000Z",
          summary: "Release #" + a + " (standard): POS order sync",
          sequence: 0,
          status: "CONFIRMED",
          categories: "release",
          description: [
            `Release ${a} on northwind-eu/prod, tier standard, scheduled`,
            "Local time (Europe/Berlin): Tue 2026-11-10 22:00 → Tue 2026-11-10 23:00",
            `Details: /releases/${a}`,
          ].join("\n"),
        },
        expect.objectContaining({
          uid: `release-${b}-northwind-eu/prod@orc.invalid`,
          status: "TENTATIVE",
          sequence: 0,
          description: expect.stringContaining(
            `Conflict: release ${b}: the release would run until Thu 2026-11-12 13:00 Europe/Berlin, into freeze retail-eu/inventory-check`,
          ),
        }),
      ]);
      expect((await fetch(url, { headers: { "if-none-match": first.etag } })).status).toBe(304);

      // Rescheduled: same UID, new times, SEQUENCE 1; the ETag changes so clients fetch it.
      const moved = await call("POST", `/api/v1/releases/${a}/schedule`, "farid", {
        start: "2026-11-17T21:00:00Z",
      });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      const second = await fetchFeed();
      expect(second.etag).not.toBe(first.etag);
      expect((await fetch(url, { headers: { "if-none-match": first.etag } })).status).toBe(200);
      expect(second.releases.map((r) => [r.uid, r.start, r.sequence])).toEqual([
        [`release-${b}-northwind-eu/prod@orc.invalid`, "2026-11-12T10:00:00.000Z", 0],
        [`release-${a}-northwind-eu/prod@orc.invalid`, "2026-11-17T21:00:00.000Z", 1],
      ]);
      // Same content, same bytes.
      expect((await fetchFeed()).text).toBe(second.text);

      // Cancelled: gone from the feed, the agenda and the conflicts.
      expect((await call("POST", `/api/v1/releases/${b}/cancel`, "farid")).status).toBe(200);
      const third = await fetchFeed();
      expect(third.releases.map((r) => r.uid)).toEqual([`release-${a}-northwind-eu/prod@orc.invalid`]);
      expect((await conflicts("env=northwind-eu/prod&from=2026-11-09&to=2026-11-15")).body).toMatchObject({
        releases: [],
        conflicts: [],
      });

      // Started five minutes late: the running release shows when it really started, SEQUENCE 2.
      clock = new Date("2026-11-17T21:05:00Z");
      const started = await call("POST", `/api/v1/releases/${a}/start`, "ines");
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      const fourth = await fetchFeed();
      expect(fourth.releases.map((r) => [r.start, r.end, r.sequence, r.status])).toEqual([
        ["2026-11-17T21:05:00.000Z", "2026-11-17T22:05:00.000Z", 2, "CONFIRMED"],
      ]);
      expect(fourth.releases[0]?.description).toContain(
        `Release ${a} on northwind-eu/prod, tier standard, running`,
      );
      const agenda = await call(
        "GET",
        "/api/v1/environments/northwind-eu/prod/agenda?from=2026-11-17&to=2026-11-18",
        "vera",
      );
      expect(agenda.body.releases.map((r: Slot) => `${r.id} ${r.state} ${r.localStart}`)).toEqual([
        `${a} running 2026-11-17T22:05`,
      ]);
    });
  },
);

import { readFileSync, rmSync, writeFileSync, mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../support/backends.js";
import { DEMO_ESTATE, startTestServer, type TestServer } from "../support/server.js";

// The server's clock: feeds cover 60 days back to 365 ahead of it.
const now = () => new Date("2026-10-01T12:00:00Z");
const PROMOTIONS = readFileSync(new URL("../../examples/northwind/promotions.ics", import.meta.url), "utf8");
const MALFORMED = readFileSync(new URL("../fixtures/promotions-malformed.ics", import.meta.url), "utf8");

interface FeedEvent {
  uid: string;
  start: string;
  end: string;
  summary: string;
  occurrence: string;
}

/** Parses a feed with ical.js, as a calendar client would. */
function parseFeed(text: string): FeedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return calendar.getAllSubcomponents("vevent").map((e) => {
    const event = new ICAL.Event(e);
    return {
      uid: event.uid,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      summary: event.summary,
      occurrence: String(e.getFirstPropertyValue("x-orc-occurrence")),
    };
  });
}

describe.each(testBackends())("calendar API on %s", (backend) => {
  let t: TestServer;
  let dir: string;
  let ics: Server;
  let icsBody = PROMOTIONS;
  let icsStatus = 200;
  let viewer: string;
  let manager: string;
  let auditor: string;

  beforeAll(async () => {
    ics = createServer((_req, res) => {
      res.writeHead(icsStatus, { "content-type": "text/calendar" }).end(icsBody);
    });
    await new Promise<void>((resolve) => ics.listen(0, "127.0.0.1", resolve));
    const icsUrl = `http://127.0.0.1:${(ics.address() as AddressInfo).port}/calendars/promotions.ics`;
    dir = mkdtempSync(join(tmpdir(), "orc-calendar-api-"));
    const estateFile = join(dir, "estate.yaml");
    writeFileSync(
      estateFile,
      readFileSync(DEMO_ESTATE, "utf8").replace(
        "url: https://marketing.northwind.example/calendars/promotions.ics",
        `url: ${icsUrl}`,
      ),
    );
    t = await startTestServer(backend, { estate: estateFile, now });
    const token = async (user: string, roles: string[]) =>
      (await t.call("POST", "/api/v1/tokens", t.adminToken, { user, roles })).body.token as string;
    viewer = await token("vera", ["viewer"]);
    manager = await token("alice", ["release-manager"]);
    auditor = await token("hugo", ["auditor"]);
  });
  afterAll(async () => {
    await t.stop();
    ics.closeAllConnections();
    await new Promise((resolve) => ics.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  async function auditActions(subjectType: string): Promise<{ action: string; payload: any }[]> {
    const r = await t.call("GET", `/api/v1/audit/events?subjectType=${subjectType}&limit=1000`, auditor);
    return r.body.events;
  }

  const decision = (env: string, query: string, token = viewer) =>
    t.call("GET", `/api/v1/environments/${env}/decision?${query}`, token);

  describe("decisions", () => {
    it("blocks Black Friday at local midnight in Berlin and New York, at their own UTC instants", async () => {
      const eu = await decision("northwind-eu/prod", "tier=standard&at=2026-11-27T00:00&duration=2h");
      expect(eu.status).toBe(200);
      expect(eu.body).toMatchObject({
        allowed: false,
        environment: "northwind-eu/prod",
        timezone: "Europe/Berlin",
        tier: "standard",
        duration: "PT2H",
        disruptive: false,
        start: "2026-11-26T23:00:00Z",
        localStart: "2026-11-27T00:00",
        next: "2026-12-02T23:00:00Z",
        nextLocal: "2026-12-03T00:00",
        exemptions: [],
        horizonDays: 180,
      });
      expect(eu.body.reasons.map((r: any) => [r.code, r.blocking, r.occurrence?.id])).toEqual([
        ["freeze-active", true, "retail-global/month-end-close@2026-11-26T00:00"],
        ["freeze-active", true, "retail-global/black-friday-cyber-monday@2026-11-27T00:00"],
      ]);
      expect(eu.body.reasons[1].occurrence).toMatchObject({
        start: "2026-11-26T23:00:00Z",
        end: "2026-11-30T23:00:00Z",
        localStart: "2026-11-27T00:00",
        source: "estate",
        exemptTiers: ["emergency"],
        exemptApprovals: [{ role: "cab", count: 1 }],
      });
      expect(eu.body.reasons[1].message).toContain(
        "Fri 2026-11-27 00:00 → Tue 2026-12-01 00:00 Europe/Berlin (2026-11-26T23:00:00Z → 2026-11-30T23:00:00Z)",
      );
      expect(eu.body.revision).toMatch(/^[0-9a-f]{16}\.\d+$/);

      const us = await decision("northwind-us/prod", "tier=standard&at=2026-11-27T00:00&duration=PT2H");
      expect(us.body).toMatchObject({
        allowed: false,
        start: "2026-11-27T05:00:00Z",
        next: "2026-12-03T05:00:00Z",
      });
      expect(us.body.reasons[1].occurrence).toMatchObject({
        start: "2026-11-27T05:00:00Z",
        end: "2026-12-01T05:00:00Z",
      });
    });

    it("lets an exempt tier through with its extra approvals, and checks maintenance windows when disruptive", async () => {
      const r = await decision(
        "northwind-eu/prod",
        "tier=emergency&at=2026-11-27T01:00%2B01:00&duration=90m&disruptive=true",
      );
      expect(r.body).toMatchObject({ allowed: true, disruptive: true, start: "2026-11-27T00:00:00Z" });
      expect(r.body.reasons.map((x: any) => x.code)).toEqual([
        "freeze-exempt",
        "freeze-exempt",
        "inside-maintenance-window",
      ]);
      expect(r.body.exemptions).toEqual([
        {
          calendar: "retail-global",
          window: "month-end-close",
          tier: "emergency",
          approvals: [{ role: "approver", count: 1 }],
        },
        {
          calendar: "retail-global",
          window: "black-friday-cyber-monday",
          tier: "emergency",
          approvals: [{ role: "cab", count: 1 }],
        },
      ]);
      const major = await decision("northwind-eu/prod", "tier=major&at=2026-10-14T10:00&duration=3h");
      expect(major.body).toMatchObject({
        allowed: false,
        disruptive: true,
        disruptiveReason: "tier major requires a maintenance window",
        nextLocal: "2026-10-15T22:00",
      });
      expect(major.body.reasons.map((x: any) => x.code)).toEqual(["outside-maintenance-window"]);
    });

    it("defaults the start to the server's clock", async () => {
      const r = await decision("northwind-apac/dev", "tier=standard&duration=1h");
      expect(r.body).toMatchObject({
        allowed: true,
        start: "2026-10-01T12:00:00Z",
        localStart: "2026-10-01T20:00",
      });
    });

    it("refuses bad input with every problem, 404 for an unknown environment, 401 without a token", async () => {
      const bad = await decision("northwind-eu/prod", "tier=standrd&at=2026-13-01T00:00&duration=2+hours");
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe("bad-request");
      expect(bad.body.errors.map((e: any) => [e.path, e.code])).toEqual([
        ["query.tier", "unknown-tier"],
        ["query.at", "invalid-time"],
        ["query.duration", "invalid-duration"],
      ]);
      expect(bad.body.errors[0].message).toBe('unknown tier "standrd"; did you mean `standard`?');
      const missing = await decision("northwind-eu/prod", "tier=standard");
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: any) => e.path)).toEqual(["query.duration"]);
      const unknown = await decision("northwind-eu/prd", "tier=standard&duration=2h");
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe(
        'unknown environment "northwind-eu/prd"; did you mean `northwind-eu/prod`?',
      );
      expect((await decision("northwind-eu/prod", "tier=standard&duration=2h", "")).status).toBe(401);
    });
  });

  describe("agenda", () => {
    it("lists the occurrences of a period with local and UTC times, a --to date including its day", async () => {
      const r = await t.call(
        "GET",
        "/api/v1/environments/northwind-us/prod/agenda?from=2026-11-26&to=2026-11-27",
        viewer,
      );
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        environment: "northwind-us/prod",
        timezone: "America/New_York",
        from: "2026-11-26T05:00:00Z",
        to: "2026-11-28T05:00:00Z",
        localFrom: "2026-11-26T00:00",
        localTo: "2026-11-28T00:00",
      });
      expect(r.body.occurrences.map((o: any) => [o.id, o.start, o.source])).toEqual([
        ["retail-global/month-end-close@2026-11-25T00:00", "2026-11-25T05:00:00Z", "estate"],
        ["retail-global/weekly-maintenance@2026-11-26T22:00", "2026-11-27T03:00:00Z", "estate"],
        ["retail-global/black-friday-cyber-monday@2026-11-27T00:00", "2026-11-27T05:00:00Z", "estate"],
      ]);
    });

    it("defaults to 30 days from today and refuses a backwards period", async () => {
      const r = await t.call("GET", "/api/v1/environments/northwind-eu/prod/agenda", viewer);
      expect([r.body.localFrom, r.body.localTo]).toEqual(["2026-10-01T00:00", "2026-10-31T00:00"]);
      const bad = await t.call(
        "GET",
        "/api/v1/environments/northwind-eu/prod/agenda?from=2026-12-01&to=2026-11-01",
        viewer,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0]).toMatchObject({ path: "query.to", code: "invalid-period" });
    });
  });

  describe("ICS feeds", () => {
    let euUrl: string;
    let usUrl: string;
    let euId: string;

    it("creates subscriptions for release managers only, showing the URL once", async () => {
      expect(
        (await t.call("POST", "/api/v1/calendar-feeds", viewer, { environment: "northwind-eu/prod" })).status,
      ).toBe(403);
      const eu = await t.call("POST", "/api/v1/calendar-feeds", manager, {
        environment: "northwind-eu/prod",
        description: "Store operations, Berlin",
      });
      expect(eu.status).toBe(201);
      expect(eu.headers.get("cache-control")).toBe("no-store");
      expect(eu.body.url).toMatch(
        new RegExp(
          `^${t.url}/api/v1/calendars/northwind-eu/prod\\.ics\\?token=orcfeed_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$`,
        ),
      );
      expect(eu.body.webcalUrl).toBe(eu.body.url.replace(/^http:/, "webcal:"));
      expect(eu.body.info).toMatchObject({ environment: "northwind-eu/prod", createdBy: "alice" });
      euUrl = eu.body.url;
      euId = eu.body.info.id;
      usUrl = (await t.call("POST", "/api/v1/calendar-feeds", manager, { environment: "northwind-us/prod" }))
        .body.url;
      const list = await t.call("GET", "/api/v1/calendar-feeds", manager);
      expect(list.body.feeds.map((f: any) => f.environment).sort()).toEqual([
        "northwind-eu/prod",
        "northwind-us/prod",
      ]);
      expect(JSON.stringify(list.body)).not.toContain(
        new URL(euUrl).searchParams.get("token")?.split("_").slice(2).join("_"),
      );
      const unknown = await t.call("POST", "/api/v1/calendar-feeds", manager, {
        environment: "northwind-eu/prd",
      });
      expect(unknown.status).toBe(404);
    });

    it("serves a feed that calendar clients parse, with the Black Friday freeze at Berlin's and New York's UTC instants", async () => {
      const eu = await fetch(euUrl);
      expect(eu.status).toBe(200);
      expect(eu.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
      expect(eu.headers.get("cache-control")).toBe("private, max-age=3600");
      expect(eu.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
      const euEvents = parseFeed(await eu.text());
      const bf = (events: FeedEvent[]) =>
        events.find((e) => e.occurrence === "retail-global/black-friday-cyber-monday@2026-11-27T00:00");
      expect(bf(euEvents)).toMatchObject({
        start: "2026-11-26T23:00:00.000Z",
        end: "2026-11-30T23:00:00.000Z",
        summary: "Release freeze: Black Friday to Cyber Monday, the biggest trading weekend of the year",
      });
      const usEvents = parseFeed(await (await fetch(usUrl)).text());
      expect(bf(usEvents)).toMatchObject({
        start: "2026-11-27T05:00:00.000Z",
        end: "2026-12-01T05:00:00.000Z",
      });
      expect(bf(usEvents)?.uid).not.toBe(bf(euEvents)?.uid);
      // 60 days back, 365 ahead of the start of the server's day (2026-10-01).
      // Occurrences overlapping the period are all in, including those that began before it.
      expect(euEvents.every((e) => e.end > "2026-08-02" && e.start < "2027-10-03")).toBe(true);
      expect(euEvents.some((e) => e.occurrence === "retail-global/christmas-peak@2026-12-15T00:00")).toBe(
        true,
      );
      expect(euEvents.some((e) => e.occurrence === "retail-global/weekly-maintenance@2027-09-30T22:00")).toBe(
        true,
      );
    });

    it("answers 304 to a matching ETag and the same bytes to a repeated request", async () => {
      const first = await fetch(euUrl);
      const body = await first.text();
      const etag = first.headers.get("etag") ?? "";
      const again = await fetch(euUrl);
      expect(await again.text()).toBe(body);
      const cached = await fetch(euUrl, { headers: { "if-none-match": etag } });
      expect(cached.status).toBe(304);
      expect(await cached.text()).toBe("");
    });

    it("documents the feed's own token in the OpenAPI document", async () => {
      const doc = await t.call("GET", "/api/v1/openapi.json", viewer);
      const op = doc.body.paths["/api/v1/calendars/{tenant}/{environment}.ics"].get;
      expect(op.security).toEqual([{ calendarFeedToken: [] }]);
      expect(doc.body.components.securitySchemes.calendarFeedToken).toMatchObject({
        in: "query",
        name: "token",
      });
      expect(Object.keys(op.responses["200"].content)).toEqual(["text/calendar"]);
    });

    it("refuses a missing or wrong token, an API token, and another environment's token", async () => {
      const base = euUrl.split("?")[0] as string;
      expect((await fetch(base)).status).toBe(401);
      const token = new URL(euUrl).searchParams.get("token") as string;
      const wrong = `${token.slice(0, -4)}AAAA`;
      const r = await fetch(`${base}?token=${wrong}`);
      expect(r.status).toBe(401);
      expect(((await r.json()) as any).detail).toBe("the calendar subscription token is not valid");
      expect((await fetch(`${base}?token=${t.adminToken}`)).status).toBe(401);
      const other = await fetch(`${usUrl.split("?")[0]}?token=${token}`);
      expect(other.status).toBe(403);
      expect(((await other.json()) as any).code).toBe("forbidden");
      expect((await fetch(euUrl.replace("northwind-eu/prod.ics", "northwind-eu/staging.ics"))).status).toBe(
        403,
      );
    });

    it("stops working when revoked; creation and revocation are audited", async () => {
      expect((await t.call("DELETE", `/api/v1/calendar-feeds/${euId}`, viewer)).status).toBe(403);
      expect((await t.call("DELETE", `/api/v1/calendar-feeds/${euId}`, manager)).status).toBe(204);
      const r = await fetch(euUrl);
      expect(r.status).toBe(401);
      expect(((await r.json()) as any).detail).toContain("revoked");
      expect((await t.call("DELETE", `/api/v1/calendar-feeds/${euId}`, manager)).status).toBe(404);
      const events = await auditActions("calendar-feed");
      expect(events.map((e) => e.action)).toEqual([
        "calendar-feed.created",
        "calendar-feed.created",
        "calendar-feed.revoked",
      ]);
      expect(events[0]?.payload).toEqual({
        environment: "northwind-eu/prod",
        description: "Store operations, Berlin",
      });
      expect(JSON.stringify(events)).not.toContain("orcfeed_");
    });
  });

  describe("windows added through the API", () => {
    const inventory = {
      name: "inventory-check",
      kind: "freeze",
      description: "Inventory check in European stores",
      start: "2026-10-14T00:00",
      end: "2026-10-15T00:00",
      scope: { kinds: ["prod"] },
      exemptTiers: ["emergency"],
    };

    it("adds a freeze that decisions, agendas and feeds then include, listed with source api", async () => {
      const before = await decision("northwind-eu/prod", "tier=standard&at=2026-10-14T10:00&duration=1h");
      expect(before.body.allowed).toBe(true);
      expect((await t.call("POST", "/api/v1/calendars/retail-eu/windows", viewer, inventory)).status).toBe(
        403,
      );
      const added = await t.call("POST", "/api/v1/calendars/retail-eu/windows", manager, inventory);
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({
        window: { calendar: "retail-eu", source: "api", createdBy: "alice", window: inventory },
        warnings: [],
      });
      const after = await decision("northwind-eu/prod", "tier=standard&at=2026-10-14T10:00&duration=1h");
      expect(after.body.allowed).toBe(false);
      expect(after.body.revision).not.toBe(before.body.revision);
      expect(after.body.reasons[0].occurrence).toMatchObject({
        id: "retail-eu/inventory-check@2026-10-14T00:00",
        source: "api",
        start: "2026-10-13T22:00:00Z",
      });
      // retail-eu is not a calendar of the US environments.
      const us = await decision("northwind-us/prod", "tier=standard&at=2026-10-14T10:00&duration=1h");
      expect(us.body.allowed).toBe(true);
      const list = await t.call("GET", "/api/v1/calendars/retail-eu/windows", viewer);
      expect(list.body.windows.map((w: any) => [w.window.name, w.source])).toEqual([
        ["easter-weekend", "estate"],
        ["summer-sale-2026", "estate"],
        ["inventory-check", "api"],
      ]);
      const calendars = await t.call("GET", "/api/v1/calendars", viewer);
      expect(calendars.body.calendars.find((c: any) => c.name === "retail-eu")).toEqual({
        name: "retail-eu",
        description: "European trading calendar",
        windows: { estate: 2, api: 1, import: 0 },
        environments: ["northwind-eu/prod", "northwind-eu/staging"],
      });
    });

    it("refuses a taken name, an unknown calendar, a malformed window and an import's source", async () => {
      const again = await t.call("POST", "/api/v1/calendars/retail-eu/windows", manager, inventory);
      expect(again.status).toBe(409);
      expect(again.body.detail).toBe(
        "calendar retail-eu already has a window inventory-check (added through the API)",
      );
      const estateName = await t.call("POST", "/api/v1/calendars/retail-eu/windows", manager, {
        ...inventory,
        name: "easter-weekend",
      });
      expect(estateName.status).toBe(409);
      expect(estateName.body.detail).toContain("declared in the estate file");
      const unknown = await t.call("POST", "/api/v1/calendars/retail-euu/windows", manager, inventory);
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe("no calendar retail-euu in the estate; did you mean `retail-eu`?");
      const noTiming = await t.call("POST", "/api/v1/calendars/retail-eu/windows", manager, {
        name: "x",
        kind: "freeze",
      });
      expect(noTiming.status).toBe(400);
      expect(noTiming.body.errors[0].message).toContain("a window needs one timing");
      const sourced = await t.call("POST", "/api/v1/calendars/retail-eu/windows", manager, {
        ...inventory,
        name: "y",
        source: { uid: "x" },
      });
      expect(sourced.status).toBe(400);
      expect(sourced.body.errors.map((e: any) => e.path)).toEqual(["body.source"]);
      const tier = await t.call("POST", "/api/v1/calendars/retail-eu/windows", manager, {
        ...inventory,
        name: "z",
        exemptTiers: ["emergncy"],
      });
      expect(tier.status).toBe(422);
      expect(tier.body.errors[0]).toMatchObject({ path: "body.exemptTiers[0]", code: "unknown-tier" });
    });

    it("removes only windows added through the API; both changes are audited", async () => {
      const estateWindow = await t.call(
        "DELETE",
        "/api/v1/calendars/retail-eu/windows/easter-weekend",
        manager,
      );
      expect(estateWindow.status).toBe(409);
      expect(estateWindow.body.detail).toContain("declared in the estate file");
      expect(
        (await t.call("DELETE", "/api/v1/calendars/retail-eu/windows/inventory-check", viewer)).status,
      ).toBe(403);
      expect(
        (await t.call("DELETE", "/api/v1/calendars/retail-eu/windows/inventory-check", manager)).status,
      ).toBe(204);
      expect(
        (await t.call("DELETE", "/api/v1/calendars/retail-eu/windows/inventory-check", manager)).status,
      ).toBe(404);
      const r = await decision("northwind-eu/prod", "tier=standard&at=2026-10-14T10:00&duration=1h");
      expect(r.body.allowed).toBe(true);
      const events = await auditActions("calendar-window");
      expect(events.map((e) => [e.action, e.payload.calendar, e.payload.window.name])).toEqual([
        ["calendar.window-added", "retail-eu", "inventory-check"],
        ["calendar.window-removed", "retail-eu", "inventory-check"],
      ]);
    });
  });

  describe("ICS import", () => {
    const windows = async () =>
      (await t.call("GET", "/api/v1/calendars/marketing-promotions/windows", viewer)).body.windows as any[];

    it("fetches the estate's URL and turns the selected events into freezes", async () => {
      expect((await t.call("POST", "/api/v1/calendar-imports/promotions", viewer)).status).toBe(403);
      const r = await t.call("POST", "/api/v1/calendar-imports/promotions", manager);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        import: "promotions",
        calendar: "marketing-promotions",
        source: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/…$/),
        windows: 3,
        added: 3,
        updated: 0,
        unchanged: 0,
        removed: 0,
        changed: true,
        skipped: [
          { uid: "offsite-2026@marketing.northwind.example", summary: "Marketing team offsite", line: 31 },
        ],
      });
      expect((await windows()).map((w) => [w.window.description, w.source, w.import])).toEqual([
        ["Autumn Sale (Europe)", "import", "promotions"],
        ["Loyalty Weekend (all stores)", "import", "promotions"],
        ["Payday Deals (US)", "import", "promotions"],
      ]);
      // The autumn sale is an all-day event: it floats, so Berlin freezes its own local days.
      const eu = await decision("northwind-eu/prod", "tier=standard&at=2026-10-17T10:00&duration=1h");
      expect(eu.body.allowed).toBe(false);
      expect(eu.body.reasons[0].occurrence).toMatchObject({
        source: "import",
        description: "Autumn Sale (Europe)",
        start: "2026-10-15T22:00:00Z",
        end: "2026-10-18T22:00:00Z",
      });
      const us = await decision("northwind-us/prod", "tier=standard&at=2026-10-17T10:00&duration=1h");
      expect(us.body.allowed).toBe(true);
      const runs = await t.call("GET", "/api/v1/calendar-imports", viewer);
      expect(runs.body.imports[0]).toMatchObject({
        name: "promotions",
        calendar: "marketing-promotions",
        lastRun: { windows: 3, skipped: 1, importedBy: "alice" },
      });
    });

    it("is idempotent by UID: the same calendar again changes nothing", async () => {
      const before = (await decision("northwind-eu/prod", "tier=standard&duration=1h")).body.revision;
      const r = await t.call("POST", "/api/v1/calendar-imports/promotions", manager);
      expect(r.body).toMatchObject({
        windows: 3,
        added: 0,
        updated: 0,
        unchanged: 3,
        removed: 0,
        changed: false,
      });
      expect((await decision("northwind-eu/prod", "tier=standard&duration=1h")).body.revision).toBe(before);
    });

    it("removes events that left the calendar and updates changed ones, whatever the order", async () => {
      const events = PROMOTIONS.replace("END:VCALENDAR\r\n", "").split(/(?=BEGIN:VEVENT)/);
      const head = events[0] as string;
      const [autumn, loyalty, payday, offsite] = events.slice(1) as [string, string, string, string];
      icsBody = [
        head,
        offsite,
        payday,
        loyalty.replace("20261108T220000", "20261108T235900"),
        "END:VCALENDAR\r\n",
      ].join("");
      expect(autumn).toContain("Autumn Sale");
      const r = await t.call("POST", "/api/v1/calendar-imports/promotions", manager);
      expect(r.body).toMatchObject({
        windows: 2,
        added: 0,
        updated: 1,
        unchanged: 1,
        removed: 1,
        changed: true,
      });
      expect((await windows()).map((w) => [w.window.description, w.window.end])).toEqual([
        ["Loyalty Weekend (all stores)", "2026-11-08T23:59"],
        ["Payday Deals (US)", undefined],
      ]);
      const eu = await decision("northwind-eu/prod", "tier=standard&at=2026-10-17T10:00&duration=1h");
      expect(eu.body.allowed).toBe(true);
    });

    it("refuses a malformed calendar naming its line, and imports nothing", async () => {
      const r = await t.call("POST", "/api/v1/calendar-imports/promotions", manager, { ics: MALFORMED });
      expect(r.status).toBe(422);
      expect(r.body.code).toBe("validation-failed");
      expect(r.body.errors[0]).toMatchObject({ file: "promotions.ics", line: 19, code: "ics-value" });
      expect(r.body.detail).toContain(
        'promotions.ics:19: error ics-value: DTSTART value "2026garbage" is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS[Z])',
      );
      expect((await windows()).length).toBe(2);
    });

    it("imports an uploaded calendar instead of the URL's", async () => {
      const r = await t.call("POST", "/api/v1/calendar-imports/promotions", manager, { ics: PROMOTIONS });
      expect(r.body).toMatchObject({
        source: "upload",
        windows: 3,
        added: 1,
        updated: 1,
        unchanged: 1,
        removed: 0,
      });
    });

    it("reports an unknown import and an unreachable URL", async () => {
      const unknown = await t.call("POST", "/api/v1/calendar-imports/promotion", manager);
      expect(unknown.status).toBe(404);
      expect(unknown.body.detail).toBe("no ICS import promotion in the estate; did you mean `promotions`?");
      icsStatus = 404;
      const gone = await t.call("POST", "/api/v1/calendar-imports/promotions", manager);
      icsStatus = 200;
      expect(gone.status).toBe(422);
      expect(gone.body.detail).toMatch(/answered 404 Not Found; check the import's url in the estate$/);
    });

    it("audits every run with its counts, and refused ones", async () => {
      const events = await auditActions("calendar-import");
      expect(events.map((e) => e.action)).toEqual([
        "calendar.imported",
        "calendar.imported",
        "calendar.imported",
        "calendar.import-refused",
        "calendar.imported",
      ]);
      expect(events[2]?.payload).toMatchObject({
        calendar: "marketing-promotions",
        windows: 2,
        added: 0,
        updated: 1,
        unchanged: 1,
        removed: 1,
        skipped: 1,
      });
      expect(events[3]?.payload).toMatchObject({ problems: 1, first: [{ code: "ics-value", line: 19 }] });
    });
  });
});

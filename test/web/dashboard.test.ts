import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_CSP } from "../../src/server/web/dashboard.js";
import { testBackends } from "../support/backends.js";
import { nextCommonStart } from "../../web/src/pages/schedule-start.js";
import { evidenceSample, releaseBody, tokensFor, type Person } from "../support/releases.js";
import { startTestServer, type TestServer } from "../support/server.js";
import {
  describeViolations,
  ensureDashboardBuilt,
  launchChromium,
  screenshotPath,
  seriousAxeViolations,
} from "../support/web.js";

// The dashboard in real Chromium against a real server. The browser's zone is Asia/Tokyo, neither of
// the two regions', so "my zone" and "the environment's zone" always differ.
const MY_ZONE = "Asia/Tokyo";

describe.each(testBackends())("web dashboard on %s", (backend) => {
  let t: TestServer;
  let tok: Record<Person, string>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureDashboardBuilt();
    browser = await launchChromium();
    t = await startTestServer(backend);
    tok = await tokensFor(t);
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.stop();
  });

  /** A page of a fresh browser context whose console errors (CSP violations included) are collected. */
  async function newPage(options: { dark?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({
      timezoneId: MY_ZONE,
      locale: "en-GB",
      viewport: { width: 1600, height: 1000 },
      colorScheme: options.dark ? "dark" : "light",
    });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && !/status of (401|403|404)/.test(m.text())) errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    return { page, errors };
  }

  async function signIn(page: Page, who: Person, path = "/"): Promise<void> {
    await page.goto(`${t.url}${path}`);
    await page.getByLabel("API token").fill(tok[who]);
    await page.getByRole("button", { name: "Sign in with token" }).click();
    await page.getByTestId("whoami").getByText(who).waitFor();
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: screenshotPath(`${backend}-${name}`), fullPage: true });
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  }

  async function createRelease(
    requester: Person,
    over: Parameters<typeof releaseBody>[0] = {},
    trivy = "trivy/odoo-17-image.json",
    junit = "junit/pytest-passing.xml",
  ) {
    const r = await t.call("POST", "/api/v1/releases", tok[requester], releaseBody(over));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const s = await t.call("POST", `/api/v1/releases/${r.body.id}/submit`, tok[requester]);
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    for (const [type, fileName, content] of [
      ["junit", "junit.xml", evidenceSample(junit)],
      ["trivy", "trivy.json", evidenceSample(trivy)],
    ] as const) {
      const e = await t.call("POST", `/api/v1/releases/${r.body.id}/evidence`, tok.farid, {
        type,
        fileName,
        content,
      });
      expect(e.status, JSON.stringify(e.body)).toBe(201);
    }
    return r.body as { id: number; planHash: string; imageDigest: string };
  }

  it("serves the pages under a strict CSP, assets publicly, and the API only to the signed-in", async () => {
    const page = await fetch(`${t.url}/calendar`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("script-src 'self'");
    expect(DASHBOARD_CSP).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${t.url}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("cache-control")).toContain("immutable");
    // The production build of React, within the initial-JavaScript budget (bench:web prints the figure).
    const body = Buffer.from(await js.arrayBuffer());
    expect(gzipSync(body).length).toBeLessThan(250 * 1024);
    expect(body.toString("utf8")).not.toContain("Download the React DevTools");
    expect((await fetch(`${t.url}/api/v1/releases`)).status).toBe(401);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/no-such-page`)).status).toBe(404);
  });

  it("signs in with an API token and shows the overview of every tenant", async () => {
    const { page, errors } = await newPage();
    await page.goto(t.url);
    await page.getByLabel("API token").waitFor();
    await expectAccessible(page, "sign-in");
    await page.getByLabel("API token").fill("orc_not_a_real_token");
    await page.getByRole("button", { name: "Sign in with token" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toMatch(/Authentication required/);
    await signIn(page, "chen");
    await page.locator(".overview[data-ready]").waitFor();
    for (const name of ["Northwind Retail Europe", "Northwind Retail US"]) {
      await page.getByRole("heading", { name: new RegExp(name) }).waitFor();
    }
    expect(await page.locator("tr[data-environment='northwind-eu/prod']").textContent()).toMatch(
      /Europe\/Berlin/,
    );
    expect(await page.getByRole("heading", { name: /Approvals waiting for me/ }).isVisible()).toBe(true);
    await expectAccessible(page, "overview");
    expect(await page.evaluate(() => sessionStorage.getItem("orc.token"))).toBe(tok.chen);
    expect(errors).toEqual([]);
  });

  it("shows the Black Friday freeze at local midnight in Berlin and New York, and in my zone on request", async () => {
    const { page, errors } = await newPage();
    await signIn(page, "dana", "/calendar?month=2026-11&kind=prod");
    await page.locator(".cal[data-ready]").waitFor();
    const chip = (env: string) =>
      page.locator(
        `[data-day='2026-11-27'] button[data-window='black-friday-cyber-monday'][data-environment='${env}']`,
      );
    for (const [env, zone, utc] of [
      ["northwind-eu/prod", "Europe/Berlin", "2026-11-26T23:00Z → 2026-11-30T23:00Z"],
      ["northwind-us/prod", "America/New_York", "2026-11-27T05:00Z → 2026-12-01T05:00Z"],
    ] as const) {
      expect(await chip(env).getAttribute("data-start")).toBe("00:00");
      await chip(env).click();
      const dialog = page.getByRole("dialog");
      await dialog.waitFor();
      expect(await dialog.getByTestId("local-span").textContent()).toBe(
        `Fri 2026-11-27 00:00 → Tue 2026-12-01 00:00 ${zone}`,
      );
      expect(await dialog.getByTestId("utc-span").textContent()).toBe(utc);
      expect(await dialog.getByTestId("exempt-tiers").textContent()).toBe("emergency");
      await dialog.getByTestId("window-rule").waitFor();
      expect(await dialog.getByTestId("window-rule").textContent()).toMatch(/1 day after us-thanksgiving/);
      expect(await dialog.getByTestId("window-scope").textContent()).toBe("kinds: prod, staging");
      if (env === "northwind-eu/prod") await expectAccessible(page, "calendar-window");
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
    }
    await expectAccessible(page, "calendar-month");

    // In my zone (Tokyo, UTC+9): Berlin's midnight is 08:00, New York's 14:00, both on Friday.
    await page.getByLabel("Times in").selectOption("mine");
    await page.locator(".cal[data-ready]").waitFor();
    expect(await chip("northwind-eu/prod").getAttribute("data-start")).toBe("08:00");
    expect(await chip("northwind-us/prod").getAttribute("data-start")).toBe("14:00");

    await page.getByRole("button", { name: "Week", exact: true }).click();
    await page.locator(".cal-week[data-ready]").waitFor();
    await expectAccessible(page, "calendar-week");
    expect(errors).toEqual([]);
  });

  it("lets an approver approve a release and shows the decision change", async () => {
    // A field removal: the upgrade set is the changed module and its reloaded dependent.
    const r = await createRelease("grace", { planKind: "rehearsal" });
    const { page, errors } = await newPage();
    await signIn(page, "alice");
    // The overview lists it among the approvals waiting for alice (a release manager, not the requester).
    await page
      .getByRole("region", { name: /Approvals waiting for me/ })
      .getByRole("link", { name: `#${r.id} POS order sync: keep the fiscal position on refunds` })
      .waitFor();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Releases" }).click();
    await page.locator("table[data-ready]").waitFor();
    await expectAccessible(page, "releases");
    await page
      .getByRole("link", { name: "POS order sync: keep the fiscal position on refunds" })
      .first()
      .click();
    await page.waitForURL(`${t.url}/releases/${r.id}`);
    // Wait for this release's page, not the list's.
    await page.getByTestId("decision").waitFor();
    const decision = page.getByTestId("decision");
    expect(await decision.getAttribute("data-allowed")).toBe("false");
    await decision.locator("[data-code='approval-missing']").waitFor();
    expect(await page.getByTestId("upgrade-graph").locator("[data-changed='true']").count()).toBeGreaterThan(
      0,
    );
    await expectAccessible(page, "release-before-approval");

    const approve = page.getByRole("button", { name: "Approve", exact: true });
    expect(await approve.isEnabled()).toBe(true);
    await approve.click();
    await page
      .locator(".votes")
      .getByText(/alice as release-manager/)
      .waitFor();
    await decision.locator("[data-code='approval-missing']").waitFor({ state: "detached" });
    expect(await page.locator(".page-head .badge").textContent()).toBe("approved");
    expect(await page.locator("tr[data-role='release-manager'] td").first().textContent()).toBe("1/1");
    expect(await page.getByTestId("vote-blocked").textContent()).toMatch(/already voted/);
    await expectAccessible(page, "release-after-approval");

    const stored = await t.call("GET", `/api/v1/releases/${r.id}`, tok.vera);
    expect(stored.body.release.state).toBe("approved");
    expect(errors).toEqual([]);
  });

  it("links each failing test of the evidence to its message and traceback", async () => {
    const r = await createRelease("grace", {}, "trivy/odoo-17-image.json", "junit/pytest-mixed.xml");
    const { page, errors } = await newPage();
    await signIn(page, "vera");
    await page.goto(`${t.url}/releases/${r.id}`);
    const gate = page.locator("li.gate[data-gate='tests']");
    await gate.waitFor();
    expect(await gate.getAttribute("data-status")).toBe("fail");
    const subject = "test_pos_sync.TestStockReservation.test_reserve_on_archived_location";
    await gate.getByRole("link", { name: subject }).click();
    expect(new URL(page.url()).hash).toBe(`#test-${subject.replace(/[^A-Za-z0-9_-]/g, "-")}`);
    const entry = page.locator(`[id='test-${subject.replace(/[^A-Za-z0-9_-]/g, "-")}']`);
    expect(await entry.textContent()).toContain("KeyError: 'WH/Archived'");
    await entry.getByText("traceback").click();
    expect(await entry.locator("pre").textContent()).toContain("test_pos_sync.py:38: KeyError");
    expect(await page.getByTestId("failing-test").count()).toBe(3);
    await expectAccessible(page, "release-failing-tests");
    expect(errors).toEqual([]);
  });

  it("does not let requesters approve their own release: the button says why, and the server refuses", async () => {
    const r = await createRelease("alice");
    const { page } = await newPage({ dark: true });
    await signIn(page, "alice", `/releases/${r.id}`);
    await page.getByTestId("decision").waitFor();
    const approve = page.getByRole("button", { name: "Approve", exact: true });
    expect(await approve.isDisabled()).toBe(true);
    expect(await page.getByTestId("vote-blocked").textContent()).toMatch(/Separation of duties: .*request/i);
    expect(await approve.getAttribute("aria-describedby")).toBe("vote-blocked");
    await expectAccessible(page, "release-own-dark");

    // The same vote sent by the page's own credentials, as a tampered UI would: the server refuses it.
    const refused = await page.evaluate(async ({ id, planHash, imageDigest }) => {
      const res = await fetch(`/api/v1/releases/${id}/approve`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${sessionStorage.getItem("orc.token")}`,
          "content-type": "application/json",
        },
        body: JSON.stringify({ planHash, imageDigest }),
      });
      return { status: res.status, body: (await res.json()) as { code: string; detail: string } };
    }, r);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("separation-of-duties");
    expect((await t.call("GET", `/api/v1/releases/${r.id}`, tok.vera)).body.release.state).toBe("submitted");
  });

  it("schedules an approved release at the next start its calendars allow, from the release page", async () => {
    const r = await createRelease("grace", { summary: "Scheduled from the page" }, "trivy/clean-image.json");
    const vote = await t.call("POST", `/api/v1/releases/${r.id}/approve`, tok.alice, {
      planHash: r.planHash,
      imageDigest: r.imageDigest,
    });
    expect(vote.status, JSON.stringify(vote.body)).toBe(200);
    const { page, errors } = await newPage();
    await signIn(page, "grace", `/releases/${r.id}`);
    const section = page.getByTestId("schedule");
    await section.waitFor();
    // The start offered is the one the calendars allow on both environments, as the decision says.
    const decision = (await t.call("GET", `/api/v1/releases/${r.id}/decision`, tok.vera)).body;
    const start = nextCommonStart(decision) as string;
    expect(start).toBeDefined();
    expect(await section.textContent()).toContain(start);
    await expectAccessible(page, "release-schedule");
    await section.getByRole("button", { name: "Schedule at the next allowed start" }).click();
    // The page reloads the release; wait for the new state rather than for the section to go (it also
    // goes while the page loads, before the answer arrives).
    await page.locator(".page-head .badge", { hasText: "scheduled" }).waitFor();
    expect(await page.getByTestId("schedule").count()).toBe(0);
    const stored = (await t.call("GET", `/api/v1/releases/${r.id}`, tok.vera)).body.release;
    expect(stored.state).toBe("scheduled");
    expect(Date.parse(stored.scheduledStart)).toBe(Date.parse(start));
    // A viewer is not offered the action.
    const viewer = await newPage();
    await signIn(viewer.page, "vera", `/releases/${r.id}`);
    await viewer.page.getByTestId("decision").waitFor();
    expect(await viewer.page.getByTestId("schedule").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("puts a scheduled release on the calendar in the environment's local time", async () => {
    const r = await createRelease("grace", {}, "trivy/clean-image.json");
    const vote = await t.call("POST", `/api/v1/releases/${r.id}/approve`, tok.alice, {
      planHash: r.planHash,
      imageDigest: r.imageDigest,
    });
    expect(vote.status, JSON.stringify(vote.body)).toBe(200);
    // Tuesday 12 January 2027, 22:00 in Berlin: no freeze, after the lead time.
    const s = await t.call("POST", `/api/v1/releases/${r.id}/schedule`, tok.grace, {
      start: "2027-01-12T21:00:00Z",
    });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    const { page, errors } = await newPage();
    await signIn(page, "dana", "/calendar?month=2027-01&env=northwind-eu/prod");
    const chip = page.locator(
      `[data-day='2027-01-12'] button.chip-release[data-environment='northwind-eu/prod']`,
    );
    expect(await chip.getAttribute("data-start")).toBe("22:00");
    await chip.click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.getByTestId("local-span").textContent()).toBe(
      "Tue 2027-01-12 22:00 → 23:00 Europe/Berlin",
    );
    await dialog.getByRole("link", { name: "POS order sync: keep the fiscal position on refunds" }).click();
    await page.waitForURL(`${t.url}/releases/${r.id}`);
    await page.getByTestId("decision").waitFor();
    expect(errors).toEqual([]);
  });

  it("shows API problems as readable messages and the audit trail to auditors", async () => {
    const { page } = await newPage();
    await signIn(page, "hugo", "/releases/999999");
    const alert = page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.locator(".problem-title").textContent()).toBe("Not found");
    expect(await alert.textContent()).not.toContain("{");
    await expectAccessible(page, "problem");

    await page.getByRole("link", { name: "Audit" }).click();
    await page.getByTestId("chain-status").waitFor();
    expect(await page.getByTestId("chain-status").textContent()).toBe("Chain intact");
    await page.locator("table[data-ready]").waitFor();
    await page.getByLabel("Action").fill("release.approved");
    await page.locator("table[data-ready] tbody tr").first().waitFor();
    await expectAccessible(page, "audit");
  });

  it("hides what the roles do not allow: no Audit page for a viewer, no vote buttons", async () => {
    const r = await createRelease("grace");
    const { page } = await newPage();
    await signIn(page, "vera", `/releases/${r.id}`);
    await page.getByTestId("decision").waitFor();
    expect(await page.getByRole("link", { name: "Audit" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Approve", exact: true }).count()).toBe(0);
    expect(await page.locator("#approvals").locator("..").textContent()).toMatch(/hold none of the roles/);
  });

  it("is usable from the keyboard: skip link, navigation and the window dialog", async () => {
    const { page } = await newPage();
    await signIn(page, "dana", "/calendar?month=2026-11&env=northwind-eu/prod");
    await page.locator(".cal[data-ready]").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    const chip = page.locator("[data-day='2026-11-27'] button[data-window='black-friday-cyber-monday']");
    await chip.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("dialog").waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Close");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog").waitFor({ state: "detached" });
  });
});

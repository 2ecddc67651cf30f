import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../support/backends.js";
import { freePort, startIdentityProvider, type TestIdentityProvider } from "../support/oidc-provider.js";
import { releaseBody, tokensFor, type Person } from "../support/releases.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { ensureDashboardBuilt, launchChromium, screenshotPath } from "../support/web.js";

// Sign-in through a real OpenID provider in real Chromium: the dashboard then works on the session
// cookie alone, and its state changes carry the CSRF header (docs/sso.md).
const ACCOUNTS = {
  olivia: {
    preferred_username: "olivia",
    email: "olivia@northwind.example",
    groups: ["northwind-release-managers"],
  },
};

describe.each(testBackends().slice(0, 1))("web dashboard with single sign-on, on %s", (backend) => {
  let idp: TestIdentityProvider;
  let t: TestServer;
  let tok: Record<Person, string>;
  let browser: Browser;

  beforeAll(async () => {
    ensureDashboardBuilt();
    browser = await launchChromium();
    const port = await freePort();
    const orc = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider({ redirectUris: [`${orc}/auth/callback`], accounts: ACCOUNTS });
    t = await startTestServer(backend, {
      port,
      serve: {
        oidcIssuer: idp.issuer,
        oidcClientId: idp.clientId,
        oidcClientSecret: idp.clientSecret,
        publicUrl: orc,
      },
    });
    tok = await tokensFor(t);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    await idp?.close();
  });

  it("signs in with SSO, approves with the session cookie and CSRF header, and signs out", async () => {
    const created = await t.call("POST", "/api/v1/releases", tok.grace, releaseBody());
    await t.call("POST", `/api/v1/releases/${created.body.id}/submit`, tok.grace);
    const id = created.body.id as number;

    const context = await browser.newContext({ timezoneId: "Europe/Berlin" });
    const page = await context.newPage();
    await page.goto(`${t.url}/releases/${id}`);
    await page.getByRole("link", { name: "Sign in with single sign-on" }).click();
    // The test provider's login form: the account and how it authenticated.
    await page.locator("input[name=login]").fill("olivia");
    await page.locator("input[name=amr]").fill("pwd,otp");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${t.url}/releases/${id}`);
    await page.getByTestId("whoami").getByText("olivia").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("orc.token"))).toBeNull();
    const cookies = await context.cookies(t.url);
    expect(cookies.find((c) => c.name === "orc_session")?.httpOnly).toBe(true);

    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await page
      .locator(".votes")
      .getByText(/olivia as release-manager/)
      .waitFor();
    expect(await page.locator(".page-head .badge").textContent()).toBe("approved");
    await page.screenshot({ path: screenshotPath(`${backend}-sso-approved`), fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API token").waitFor();
    const me = await page.evaluate(async () => (await fetch("/api/v1/me")).status);
    expect(me).toBe(401);
    await context.close();
  });
});

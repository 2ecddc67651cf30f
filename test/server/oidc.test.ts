import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../support/backends.js";
import { Browser } from "../support/browser.js";
import { freePort, startIdentityProvider, type TestIdentityProvider } from "../support/oidc-provider.js";
import { DEMO_ESTATE, startTestServer, type TestServer } from "../support/server.js";

let clockOffsetMs = 0;
const now = () => new Date(Date.now() + clockOffsetMs);

/**
 * People at the provider. Groups are those of the Northwind demo estate's `roles.groups`; chen, hugo and
 * ines are also estate users (`roles.users`).
 */
const ACCOUNTS = {
  olivia: {
    preferred_username: "olivia",
    email: "olivia@northwind.example",
    groups: ["northwind-release-managers", "northwind-it-audit", "everyone"],
  },
  chen: { preferred_username: "chen", groups: ["northwind-store-operations"] },
  "u-7781": { email: "Hugo.Bernard@northwind.example" },
  pat: { preferred_username: "pat", groups: ["northwind-platform-admins"] },
  mallory: { preferred_username: "mallory", groups: ["contractors"] },
};

interface SignInProgress {
  /** The provider's authorization endpoint URL that orc redirected to. */
  readonly authorizeUrl: URL;
  /** Where the provider sends the browser back, not yet visited. */
  readonly callbackUrl: URL;
}

describe.each(testBackends())("single sign-on against a real OpenID provider, on %s", (backend) => {
  let idp: TestIdentityProvider;
  let t: TestServer;
  let orc: string;
  let estateDir: string;
  let estateFile: string;

  beforeAll(async () => {
    // A copy of the demo estate, so one test can change a group mapping and reload it.
    estateDir = mkdtempSync(join(tmpdir(), "orc-sso-estate-"));
    estateFile = join(estateDir, "estate.yaml");
    copyFileSync(DEMO_ESTATE, estateFile);
    const port = await freePort();
    orc = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider({ redirectUris: [`${orc}/auth/callback`], accounts: ACCOUNTS });
    t = await startTestServer(backend, {
      now,
      port,
      estate: estateFile,
      serve: {
        oidcIssuer: idp.issuer,
        oidcClientId: idp.clientId,
        oidcClientSecret: idp.clientSecret,
        publicUrl: orc,
        oidcRequireMfa: true,
      },
    });
  });
  afterAll(async () => {
    await t?.stop();
    await idp?.close();
    rmSync(estateDir, { recursive: true, force: true });
  });

  /** Up to the provider's redirect back to orc: orc's /auth/login, the provider, its login form. */
  async function startSignIn(
    browser: Browser,
    account: string,
    amr = "pwd",
    returnTo?: string,
  ): Promise<SignInProgress> {
    const login = await browser.request(
      `${orc}/auth/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ""}`,
    );
    expect(login.status, await login.clone().text()).toBe(302);
    const authorizeUrl = new URL(login.headers.get("location") ?? "");
    const toForm = await browser.follow(authorizeUrl.href, (u) => u.pathname.startsWith("/interaction/"));
    expect(toForm.location, "the provider shows its login page").toBeDefined();
    const submitted = await browser.request(toForm.location!, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login: account, amr }).toString(),
    });
    expect(submitted.status).toBe(303);
    const back = await browser.follow(new URL(submitted.headers.get("location")!, idp.issuer).href, (u) =>
      u.href.startsWith(`${orc}/auth/callback`),
    );
    expect(back.location, "the provider redirects back to orc").toBeDefined();
    return { authorizeUrl, callbackUrl: back.location! };
  }

  async function signIn(account: string, amr = "pwd", returnTo?: string) {
    const browser = new Browser();
    const progress = await startSignIn(browser, account, amr, returnTo);
    const callback = await browser.request(progress.callbackUrl);
    return { browser, progress, callback };
  }

  async function api(browser: Browser, method: string, path: string, headers: Record<string, string> = {}) {
    const res = await browser.request(`${orc}${path}`, { method, headers });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  const csrfOf = (browser: Browser) => ({ "x-orc-csrf": browser.cookie(orc, "orc_csrf")!.value });

  async function auditEvents(action: string) {
    await t.server.ctx.audit.flush();
    return (await t.call("GET", `/api/v1/audit/events?action=${action}&limit=1000`, t.adminToken)).body
      .events as { action: string; actor: string; subjectId: string; payload: Record<string, any> }[];
  }

  it("signs in with the authorization code flow and PKCE, and lands a server-side session", async () => {
    const { browser, progress, callback } = await signIn("olivia", "pwd", "/releases?tenant=northwind-eu");
    const q = progress.authorizeUrl.searchParams;
    expect(progress.authorizeUrl.origin).toBe(idp.issuer);
    expect(Object.fromEntries(q)).toMatchObject({
      response_type: "code",
      client_id: "orc",
      redirect_uri: `${orc}/auth/callback`,
      scope: "openid profile email groups",
      code_challenge_method: "S256",
    });
    expect(q.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("state")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get("nonce")).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/releases?tenant=northwind-eu");
    const session = browser.cookie(orc, "orc_session")!;
    expect(session.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.raw).toMatch(/; HttpOnly/);
    expect(session.raw).toMatch(/; SameSite=Lax/);
    expect(session.raw).toMatch(/; Path=\//);
    expect(session.raw).toMatch(/; Max-Age=28800/);
    expect(session.raw, "no Secure over plain http").not.toMatch(/Secure/);
    expect(browser.cookie(orc, "orc_csrf")!.raw).not.toMatch(/HttpOnly/);
    expect(browser.cookie(orc, "orc_login"), "the sign-in cookie is cleared").toBeUndefined();

    const me = await api(browser, "GET", "/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      user: "olivia",
      via: "oidc",
      roles: ["auditor", "release-manager"],
      amr: ["pwd"],
      credentialId: expect.stringMatching(/^[0-9a-f]{12}$/),
    });

    const { rows } = await t.server.ctx.db.query<{ id_hash: string; row: string }>(
      "SELECT id_hash, row_to_json(s)::text AS row FROM sso_session s WHERE user_name = 'olivia'",
    );
    expect(rows.map((r) => r.id_hash)).toContain(createHash("sha256").update(session.value).digest("hex"));
    for (const r of rows)
      expect(r.row, "only a hash of the session id is stored").not.toContain(session.value);
  });

  it("maps estate users by name or e-mail, and adds the roles of their groups", async () => {
    const chen = await signIn("chen");
    expect((await api(chen.browser, "GET", "/api/v1/me")).body).toMatchObject({
      user: "chen",
      roles: ["approver", "cab", "viewer"],
    });
    const hugo = await signIn("u-7781");
    expect((await api(hugo.browser, "GET", "/api/v1/me")).body).toMatchObject({
      user: "hugo",
      roles: ["auditor"],
    });
  });

  it("refuses a callback whose state was tampered with", async () => {
    const browser = new Browser();
    const { callbackUrl } = await startSignIn(browser, "olivia");
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set("state", `${tampered.searchParams.get("state")!.slice(0, -2)}xx`);
    const res = await browser.request(tampered);
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body).toMatchObject({ code: "unauthenticated" });
    expect(body.detail).toContain("state mismatch");
    expect(browser.cookie(orc, "orc_session")).toBeUndefined();
    const refused = await auditEvents("sso.sign-in-refused");
    expect(refused.some((e) => e.payload.reason === "state-mismatch")).toBe(true);
  });

  it("refuses a replayed authorization code", async () => {
    const browser = new Browser();
    const first = await startSignIn(browser, "olivia");
    const loginCookie = browser.cookie(orc, "orc_login")!.value;
    expect((await browser.request(first.callbackUrl)).status).toBe(302);

    // The same callback again, even with the captured sign-in cookie: that sign-in is used up.
    browser.setCookie(orc, "orc_login", loginCookie, "/auth");
    const again = await browser.request(first.callbackUrl);
    expect(again.status).toBe(401);
    expect((await again.json()).detail).toContain("already completed");

    // The old code under a fresh sign-in's state: the provider refuses the code itself.
    const attacker = new Browser();
    const login = await attacker.request(`${orc}/auth/login`);
    const freshState = new URL(login.headers.get("location")!).searchParams.get("state")!;
    const replay = new URL(first.callbackUrl);
    replay.searchParams.set("state", freshState);
    const res = await attacker.request(replay);
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.detail).toContain("refused the authorization code (invalid_grant");

    const reasons = (await auditEvents("sso.sign-in-refused")).map((e) => e.payload.reason);
    expect(reasons).toEqual(expect.arrayContaining(["login-unknown", "code-rejected"]));
  });

  it("refuses a person to whom the estate maps no role, with a readable page", async () => {
    const { browser, callback } = await signIn("mallory");
    expect(callback.status).toBe(403);
    const body = await callback.json();
    expect(body).toMatchObject({ code: "forbidden", status: 403 });
    expect(body.detail).toContain("signed in as mallory, but no role is mapped to you");
    expect(browser.cookie(orc, "orc_session")).toBeUndefined();

    const html = new Browser();
    const progress = await startSignIn(html, "mallory");
    const page = await html.request(progress.callbackUrl, { headers: { accept: "text/html,*/*;q=0.8" } });
    expect(page.status).toBe(403);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("signed in as mallory, but no role is mapped to you");

    const refused = await auditEvents("sso.sign-in-refused");
    expect(refused.find((e) => e.payload.reason === "no-role")).toMatchObject({
      actor: "user:mallory",
      subjectId: "mallory",
    });
  });

  it("needs the CSRF header on state-changing requests made with the session cookie", async () => {
    const { browser } = await signIn("pat", "pwd,mfa");
    const missing = await api(browser, "POST", "/api/v1/estate/reload");
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ code: "forbidden" });
    expect(missing.body.detail).toContain("x-orc-csrf");
    const wrong = await api(browser, "POST", "/api/v1/estate/reload", { "x-orc-csrf": "A".repeat(43) });
    expect(wrong.status).toBe(403);
    const ok = await api(browser, "POST", "/api/v1/estate/reload", csrfOf(browser));
    expect(ok).toMatchObject({ status: 200, body: { changed: false } });
    expect((await api(browser, "GET", "/api/v1/tokens")).status, "reads need no CSRF header").toBe(200);
  });

  it("signs out: the session is revoked on the server and its cookies cleared", async () => {
    const { browser } = await signIn("olivia");
    const secret = browser.cookie(orc, "orc_session")!.value;
    expect((await api(browser, "POST", "/auth/logout")).status, "sign-out needs the CSRF header too").toBe(
      403,
    );
    const out = await browser.request(`${orc}/auth/logout`, { method: "POST", headers: csrfOf(browser) });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => /^orc_session=;.*Max-Age=0/.test(c))).toBe(true);
    expect(browser.cookie(orc, "orc_session")).toBeUndefined();

    browser.setCookie(orc, "orc_session", secret);
    const after = await api(browser, "GET", "/api/v1/me");
    expect(after.status).toBe(401);
    expect(after.body.detail).toBe("the session was signed out; sign in again at /auth/login");
    const signedOut = await auditEvents("sso.signed-out");
    expect(signedOut.some((e) => e.payload.user === "olivia")).toBe(true);
  });

  it("refuses a sign-in that the person cancelled at the provider, or that took too long", async () => {
    const cancelled = await signIn("nobody");
    expect(cancelled.progress.callbackUrl.searchParams.get("error")).toBe("access_denied");
    expect(cancelled.callback.status).toBe(401);
    expect((await cancelled.callback.json()).detail).toBe(
      "the identity provider did not sign you in (access_denied: unknown user or wrong password); start again at /auth/login",
    );

    const browser = new Browser();
    const slow = await startSignIn(browser, "olivia");
    clockOffsetMs = 11 * 60_000;
    try {
      const res = await browser.request(slow.callbackUrl);
      expect(res.status).toBe(401);
      expect((await res.json()).detail).toContain("took longer than 10 minutes");
    } finally {
      clockOffsetMs = 0;
    }
    const reasons = (await auditEvents("sso.sign-in-refused")).map((e) => e.payload.reason);
    expect(reasons).toEqual(expect.arrayContaining(["provider-error", "login-expired"]));
  });

  it("applies a changed estate to open sessions at once", async () => {
    const { browser } = await signIn("chen");
    expect((await api(browser, "GET", "/api/v1/me")).body.roles).toEqual(["approver", "cab", "viewer"]);
    const original = readFileSync(estateFile, "utf8");
    const edited = original.replace(/\n {4}- group: northwind-store-operations\n {6}roles: \[viewer\]/, "");
    expect(edited).not.toBe(original);
    try {
      writeFileSync(estateFile, edited);
      expect((await t.call("POST", "/api/v1/estate/reload", t.adminToken)).body.changed).toBe(true);
      expect((await api(browser, "GET", "/api/v1/me")).body.roles).toEqual(["approver", "cab"]);
    } finally {
      writeFileSync(estateFile, original);
      await t.call("POST", "/api/v1/estate/reload", t.adminToken);
    }
  });

  it("refuses an expired session", async () => {
    const { browser } = await signIn("chen");
    expect((await api(browser, "GET", "/api/v1/me")).status).toBe(200);
    clockOffsetMs = 8 * 3600_000 + 60_000;
    try {
      const r = await api(browser, "GET", "/api/v1/me");
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({
        code: "unauthenticated",
        detail: "the session has expired; sign in again at /auth/login",
      });
    } finally {
      clockOffsetMs = 0;
    }
  });

  it("requires a multi-factor sign-in (amr) for admin actions when configured", async () => {
    const single = await signIn("pat", "pwd");
    expect((await api(single.browser, "GET", "/api/v1/me")).body).toMatchObject({
      user: "pat",
      roles: ["admin"],
      amr: ["pwd"],
    });
    const refused = await api(single.browser, "GET", "/api/v1/tokens");
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: "mfa-required", title: "Multi-factor sign-in required" });
    expect(refused.body.detail).toContain("pat signed in with pwd");
    expect((await api(single.browser, "GET", "/api/v1/estate")).status, "other routes need no MFA").toBe(200);

    const strong = await signIn("pat", "pwd,hwk");
    expect((await api(strong.browser, "GET", "/api/v1/tokens")).status).toBe(200);

    const olivia = await signIn("olivia", "pwd,mfa");
    expect((await api(olivia.browser, "GET", "/api/v1/tokens")).body).toMatchObject({ code: "forbidden" });
  });

  it("keeps API tokens working unchanged, without CSRF header or MFA", async () => {
    const me = await t.call("GET", "/api/v1/me", t.adminToken);
    expect(me.body).toMatchObject({ user: "admin", via: "token", roles: ["admin"] });
    const created = await t.call("POST", "/api/v1/tokens", t.adminToken, { user: "ci", roles: ["engineer"] });
    expect(created.status).toBe(201);

    // A bearer token wins over a session cookie sent along.
    const { browser } = await signIn("olivia");
    const both = await browser.request(`${orc}/api/v1/me`, {
      headers: { authorization: `Bearer ${created.body.token}` },
    });
    expect(await both.json()).toMatchObject({ user: "ci", via: "token" });
  });

  it("refuses returnTo values that would leave orc (no open redirect)", async () => {
    for (const returnTo of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "/.//evil.example",
      "javascript:alert(1)",
      "/ok\r\nLocation: https://evil.example",
    ]) {
      const r = await t.call("GET", `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
      expect(r.status, returnTo).toBe(400);
      expect(r.body.errors[0]).toMatchObject({ path: "query.returnTo" });
    }
  });

  it("audits sign-ins without tokens or secrets, and the chain verifies", async () => {
    const { browser, progress } = await signIn("chen", "pwd,otp");
    const secret = browser.cookie(orc, "orc_session")!.value;
    const signedIn = (await auditEvents("sso.signed-in")).filter((e) => e.payload.user === "chen").at(-1)!;
    expect(signedIn.payload).toMatchObject({
      user: "chen",
      subject: "chen",
      issuer: idp.issuer,
      roles: ["approver", "cab", "viewer"],
      groups: ["northwind-store-operations"],
      amr: ["pwd", "otp"],
    });
    expect(signedIn.actor).toBe(`user:chen (oidc ${signedIn.subjectId})`);
    const all = JSON.stringify(await auditEvents("sso."));
    const code = progress.callbackUrl.searchParams.get("code")!;
    for (const secretValue of [secret, browser.cookie(orc, "orc_csrf")!.value, code, idp.clientSecret]) {
      expect(all).not.toContain(secretValue);
    }
    expect((await t.call("GET", "/api/v1/audit/verify", t.adminToken)).body).toMatchObject({ ok: true });
  });

  it("tells clients how to sign in", async () => {
    expect((await t.call("GET", "/auth/methods")).body).toEqual({
      methods: ["token", "oidc"],
      login: "/auth/login",
      csrfHeader: "X-Orc-Csrf",
      requireMfa: true,
    });
  });
});

describe("single sign-on when not configured", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(testBackends()[0] ?? "embedded");
  });
  afterAll(async () => {
    await t.stop();
  });

  it("answers 404 at /auth/login, ignores session cookies and says tokens are the way in", async () => {
    expect(await t.call("GET", "/auth/login")).toMatchObject({ status: 404, body: { code: "not-found" } });
    expect((await t.call("GET", "/auth/methods")).body).toEqual({ methods: ["token"], requireMfa: false });
    const res = await fetch(`${t.url}/api/v1/me`, { headers: { cookie: `orc_session=${"a".repeat(43)}` } });
    expect(res.status).toBe(401);
    expect((await res.json()).detail).toBe(
      "this endpoint needs a bearer token (Authorization: Bearer orc_…)",
    );
  });
});

import { describe, expect, it } from "vitest";
import { isOrcError } from "../domain/errors.js";
import { resolveOptions } from "./option.js";
import { serverOptions } from "./server-options.js";
import { ssoSettingsFrom } from "./sso-settings.js";

const fromEnv = (env: Record<string, string>) => resolveOptions(serverOptions, {}, env);

describe("single sign-on settings", () => {
  it("are off without an issuer", () => {
    expect(ssoSettingsFrom(fromEnv({}))).toBeUndefined();
  });

  it("derive the redirect URI, cookie security and defaults from the options", () => {
    const s = ssoSettingsFrom(
      fromEnv({
        ORC_OIDC_ISSUER: "https://login.example.com/realms/northwind",
        ORC_OIDC_CLIENT_ID: "orc",
        ORC_OIDC_CLIENT_SECRET: "s3cret",
        ORC_PUBLIC_URL: "https://orc.example.com/",
      }),
    );
    expect(s).toEqual({
      issuer: "https://login.example.com/realms/northwind",
      clientId: "orc",
      clientSecret: "s3cret",
      redirectUri: "https://orc.example.com/auth/callback",
      secureCookies: true,
      scopes: ["openid", "profile", "email", "groups"],
      groupsClaim: "groups",
      userClaims: ["preferred_username", "email", "sub"],
      sessionLifetimeSeconds: 8 * 3600,
      requireMfa: false,
      allowInsecureProvider: false,
    });
  });

  it("keep the issuer exactly as written (a trailing slash is part of some issuers)", () => {
    const s = ssoSettingsFrom(
      fromEnv({
        ORC_OIDC_ISSUER: "https://tenant.eu.auth0.com/",
        ORC_OIDC_CLIENT_ID: "orc",
        ORC_PUBLIC_URL: "http://localhost:8080",
        ORC_OIDC_SCOPES: "openid,email groups",
        ORC_OIDC_REQUIRE_MFA: "yes",
        ORC_SESSION_LIFETIME: "PT30M",
      }),
    );
    expect(s).toMatchObject({
      issuer: "https://tenant.eu.auth0.com/",
      secureCookies: false,
      scopes: ["openid", "email", "groups"],
      requireMfa: true,
      sessionLifetimeSeconds: 1800,
    });
    expect(s?.clientSecret).toBeUndefined();
  });

  it("report every inconsistency at once, never the secret", () => {
    let err: unknown;
    try {
      ssoSettingsFrom(
        fromEnv({
          ORC_OIDC_ISSUER: "http://idp.example.com",
          ORC_OIDC_CLIENT_SECRET: "hunter2-secret",
          ORC_OIDC_SCOPES: "profile email",
          ORC_SESSION_LIFETIME: "P90D",
        }),
      );
    } catch (e) {
      err = e;
    }
    expect(isOrcError(err, "config-invalid")).toBe(true);
    expect((err as { context: { problems: string[] } }).context.problems).toEqual([
      "ORC_OIDC_ISSUER must be https (plain http is accepted only for a provider on localhost), got http://idp.example.com",
      "ORC_OIDC_CLIENT_ID is required with ORC_OIDC_ISSUER",
      "ORC_PUBLIC_URL is required with ORC_OIDC_ISSUER (the URL people use to reach orc; the redirect URI is <url>/auth/callback)",
      "ORC_OIDC_SCOPES must include openid, got profile email",
      "ORC_SESSION_LIFETIME must be between PT1M and P30D, got P90D",
    ]);
    expect(String((err as Error).message)).not.toContain("hunter2");
  });

  it("refuse client credentials without an issuer, and malformed values at parse time", () => {
    expect(() => ssoSettingsFrom(fromEnv({ ORC_OIDC_CLIENT_ID: "orc" }))).toThrow(/ORC_OIDC_ISSUER is not/);
    expect(() => fromEnv({ ORC_OIDC_ISSUER: "login.example.com" })).toThrow(
      /ORC_OIDC_ISSUER: .* is not a URL/,
    );
    expect(() => fromEnv({ ORC_OIDC_ISSUER: "https://u:p@login.example.com" })).toThrow(
      /user name or password/,
    );
    expect(() => fromEnv({ ORC_SESSION_LIFETIME: "8h" })).toThrow(/ISO 8601 duration/);
    expect(() => fromEnv({ ORC_OIDC_REQUIRE_MFA: "maybe" })).toThrow(/yes\/no/);
  });
});

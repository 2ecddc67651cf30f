import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import type { SsoSettings } from "../../config/sso-settings.js";
import { isOrcError } from "../../domain/errors.js";
import { openIdRelyingParty } from "./openid-relying-party.js";

// Port 9 (discard) on loopback: nothing listens, connections are refused at once.
const settings: SsoSettings = {
  issuer: "http://127.0.0.1:9",
  clientId: "orc",
  redirectUri: "http://127.0.0.1:8080/auth/callback",
  secureCookies: false,
  scopes: ["openid"],
  groupsClaim: "groups",
  userClaims: ["sub"],
  sessionLifetimeSeconds: 3600,
  requireMfa: false,
  allowInsecureProvider: true,
};
const checks = { state: "s".repeat(43), nonce: "n".repeat(43), codeVerifier: "v".repeat(43) };

describe("the relying party at the boundary", () => {
  it("turns an unreachable provider into infrastructure-unavailable, and retries discovery later", async () => {
    const rp = openIdRelyingParty(settings);
    for (let i = 0; i < 2; i++) {
      const err = await rp.authorizationUrl(checks).catch((e: unknown) => e);
      expect(isOrcError(err, "infrastructure-unavailable")).toBe(true);
      expect((err as Error).message).toBe(
        "the OpenID provider http://127.0.0.1:9 did not answer; single sign-on is unavailable, API tokens still work",
      );
    }
    const redeemed = await rp.redeem(new URL(`${settings.redirectUri}?code=c&state=${checks.state}`), checks);
    expect(redeemed).toMatchObject({ ok: false, kind: "provider-unavailable" });
  });

  it("classifies an error answer and a foreign state before talking to the provider", async () => {
    const rp = openIdRelyingParty(settings);
    expect(
      await rp.redeem(
        new URL(`${settings.redirectUri}?error=access_denied&error_description=cancelled`),
        checks,
      ),
    ).toEqual({ ok: false, kind: "provider-error", detail: "access_denied: cancelled" });
    expect(await rp.redeem(new URL(`${settings.redirectUri}?code=c&state=other`), checks)).toMatchObject({
      ok: false,
      kind: "state-mismatch",
    });
  });

  it("names what is wrong when discovery answers for another issuer", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ issuer: "https://someone-else.example", authorization_endpoint: "https://x/auth" }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const err = await openIdRelyingParty({ ...settings, issuer })
        .authorizationUrl(checks)
        .catch((e: unknown) => e);
      expect(isOrcError(err, "infrastructure-unavailable")).toBe(true);
      expect((err as Error).message).toMatch(/answered discovery wrongly \(.*issuer/);
    } finally {
      server.close();
    }
  });
});

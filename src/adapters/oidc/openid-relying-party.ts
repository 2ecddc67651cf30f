import * as oidc from "openid-client";
import type { SsoSettings } from "../../config/sso-settings.js";
import { OrcError } from "../../domain/errors.js";
import { claimAt } from "../../domain/identity/index.js";

/** The values that bind an authorization request to its callback (kept by the caller, never sent twice). */
export interface AuthorizationChecks {
  readonly state: string;
  readonly nonce: string;
  /** PKCE `code_verifier`; the request carries its S256 challenge. */
  readonly codeVerifier: string;
}

/** Why the provider's answer was not accepted, classified once, here. */
export type RedeemFailureKind =
  /** The provider sent the browser back with `error=` (the person cancelled, or the provider refused). */
  | "provider-error"
  /** The callback's `state` is not the one this browser's sign-in sent. */
  | "state-mismatch"
  /** The token endpoint refused the code (used already, expired, PKCE verifier wrong). */
  | "code-rejected"
  /** The ID token (or UserInfo) failed validation: issuer, audience, nonce, expiry, signature. */
  | "token-invalid"
  /** The provider did not answer. */
  | "provider-unavailable";

export type RedeemResult =
  | { readonly ok: true; readonly claims: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly kind: RedeemFailureKind; readonly detail: string };

/** orc as an OpenID Connect relying party: authorization code flow with PKCE (S256), state and nonce. */
export interface OpenIdRelyingParty {
  /** Where to send the browser. Throws `infrastructure-unavailable` when the provider cannot be discovered. */
  authorizationUrl(checks: AuthorizationChecks): Promise<URL>;
  /**
   * Redeems the callback URL: checks state, exchanges the code with the PKCE verifier, validates the ID
   * token (issuer, audience, nonce, expiry, signature — by openid-client) and returns its claims, filled in
   * from UserInfo when the ID token lacks the user or groups claims. Outcomes are values.
   */
  redeem(callbackUrl: URL, checks: AuthorizationChecks): Promise<RedeemResult>;
}

/** A network failure talking to the provider (raised by our fetch wrapper, so no message matching). */
class ProviderUnreachable extends Error {
  override readonly name = "ProviderUnreachable";
}

const fetchOrUnreachable: oidc.CustomFetch = async (url, options) => {
  try {
    return await fetch(url, options as RequestInit);
  } catch (e) {
    throw new ProviderUnreachable(`${new URL(url).origin} did not answer`, { cause: e });
  }
};

/** True when `e` or one of its causes is our network failure (openid-client wraps it in a ClientError). */
function unreachable(e: unknown): ProviderUnreachable | undefined {
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 5; cur = cur.cause, depth++) {
    if (cur instanceof ProviderUnreachable) return cur;
  }
  return undefined;
}

/** The most specific message in a chain of causes: what actually went wrong. */
function innermost(e: unknown): string {
  let cur: unknown = e;
  for (let depth = 0; cur instanceof Error && cur.cause instanceof Error && depth < 5; depth++)
    cur = cur.cause;
  return clip(cur instanceof Error ? cur.message : String(cur));
}

const MAX_DETAIL = 300;

function clip(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}

/** Provider and library failures → a failure kind with a sentence (no tokens, codes or secrets in it). */
function classify(e: unknown): { kind: RedeemFailureKind; detail: string } {
  const down = unreachable(e);
  if (down) return { kind: "provider-unavailable", detail: down.message };
  if (e instanceof oidc.AuthorizationResponseError) {
    return {
      kind: "provider-error",
      detail: clip(`${e.error}${e.error_description ? `: ${e.error_description}` : ""}`),
    };
  }
  if (e instanceof oidc.ResponseBodyError) {
    return {
      kind: "code-rejected",
      detail: clip(`${e.error}${e.error_description ? `: ${e.error_description}` : ""} (HTTP ${e.status})`),
    };
  }
  if (e instanceof oidc.WWWAuthenticateChallengeError) {
    return { kind: "token-invalid", detail: `the provider refused the access token (HTTP ${e.status})` };
  }
  if (e instanceof oidc.ClientError) {
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : "";
    return { kind: "token-invalid", detail: clip(`${e.code ?? "invalid response"}: ${e.message}${cause}`) };
  }
  throw e;
}

/**
 * The relying party for the configured provider. Discovery happens on first use and is cached; a failed
 * discovery is retried on the next sign-in, so orc starts even while the provider is down.
 */
export function openIdRelyingParty(settings: SsoSettings): OpenIdRelyingParty {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret ? undefined : oidc.None(),
        {
          [oidc.customFetch]: fetchOrUnreachable,
          timeout: 10,
          ...(settings.allowInsecureProvider ? { execute: [oidc.allowInsecureRequests] } : {}),
        },
      )
      .catch((e: unknown) => {
        discovered = undefined;
        const why = unreachable(e) ? "did not answer" : `answered discovery wrongly (${innermost(e)})`;
        throw new OrcError(
          "infrastructure-unavailable",
          `the OpenID provider ${settings.issuer} ${why}; single sign-on is unavailable, API tokens still work`,
          { issuer: settings.issuer },
        );
      });
    return discovered;
  };

  return {
    async authorizationUrl(checks) {
      const config = await configuration();
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes.join(" "),
        response_type: "code",
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: "S256",
        state: checks.state,
        nonce: checks.nonce,
      });
    },

    async redeem(callbackUrl, checks) {
      const params = callbackUrl.searchParams;
      const error = params.get("error");
      if (error) {
        const description = params.get("error_description");
        return {
          ok: false,
          kind: "provider-error",
          detail: clip(description ? `${error}: ${description}` : error),
        };
      }
      if (params.get("state") !== checks.state) {
        return {
          ok: false,
          kind: "state-mismatch",
          detail: "the callback's state is not the one this browser's sign-in sent",
        };
      }
      let config: oidc.Configuration;
      try {
        config = await configuration();
      } catch {
        return { ok: false, kind: "provider-unavailable", detail: `${settings.issuer} did not answer` };
      }
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (!idToken) return { ok: false, kind: "token-invalid", detail: "the provider sent no ID token" };
        const claims: Record<string, unknown> = { ...idToken };
        const lacksUser = !settings.userClaims.some((c) => c !== "sub" && claimAt(claims, c) !== undefined);
        const lacksGroups = claimAt(claims, settings.groupsClaim) === undefined;
        if ((lacksUser || lacksGroups) && config.serverMetadata().userinfo_endpoint) {
          const info = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
          // The ID token wins; UserInfo only fills in. amr describes the sign-in and comes from the ID token.
          for (const [k, v] of Object.entries(info)) {
            if (k !== "amr" && claims[k] === undefined) claims[k] = v;
          }
        }
        return { ok: true, claims };
      } catch (e) {
        return { ok: false, ...classify(e) };
      }
    },
  };
}

import { OrcError } from "../domain/errors.js";
import { approximateSeconds, parseIsoDuration } from "../domain/estate/duration.js";
import type { ResolvedOptions } from "./option.js";
import type { serverOptions } from "./server-options.js";

/** Single sign-on as configured: the relying party's settings, checked together once at start. */
export interface SsoSettings {
  /** The OpenID provider's issuer identifier, exactly as configured (discovery checks it verbatim). */
  readonly issuer: string;
  readonly clientId: string;
  /** Absent for a public client (PKCE alone). Never logged. */
  readonly clientSecret?: string;
  /** `<public URL>/auth/callback`, registered at the provider. */
  readonly redirectUri: string;
  /** Cookies get `Secure` when people reach orc over https. */
  readonly secureCookies: boolean;
  readonly scopes: readonly string[];
  /** Claim holding groups; `a.b` reaches into nested objects when no claim is literally named so. */
  readonly groupsClaim: string;
  /** Claims naming the user, first present wins. */
  readonly userClaims: readonly string[];
  readonly sessionLifetimeSeconds: number;
  /** Routes marked `mfa` refuse SSO sessions signed in without a second factor. */
  readonly requireMfa: boolean;
  /**
   * Plain http to the provider, allowed only for a provider on this machine (development, tests);
   * everywhere else the issuer must be https.
   */
  readonly allowInsecureProvider: boolean;
}

type SsoOptions = Pick<
  ResolvedOptions<typeof serverOptions>,
  | "oidcIssuer"
  | "oidcClientId"
  | "oidcClientSecret"
  | "publicUrl"
  | "oidcScopes"
  | "oidcGroupsClaim"
  | "oidcUserClaims"
  | "oidcRequireMfa"
  | "sessionLifetime"
>;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The SSO settings, or undefined when no issuer is configured (SSO off). Every inconsistency is reported
 * at once, as `config-invalid`, naming the environment variables to fix; secrets never appear.
 */
export function ssoSettingsFrom(opts: SsoOptions): SsoSettings | undefined {
  const problems: string[] = [];
  if (!opts.oidcIssuer) {
    if (opts.oidcClientId || opts.oidcClientSecret) {
      throw new OrcError(
        "config-invalid",
        "ORC_OIDC_CLIENT_ID or ORC_OIDC_CLIENT_SECRET is set but ORC_OIDC_ISSUER is not; set the issuer to turn single sign-on on",
      );
    }
    return undefined;
  }
  const issuer = new URL(opts.oidcIssuer);
  const insecure = issuer.protocol === "http:";
  if (insecure && !LOOPBACK.has(issuer.hostname)) {
    problems.push(
      `ORC_OIDC_ISSUER must be https (plain http is accepted only for a provider on localhost), got ${issuer.origin}`,
    );
  }
  if (!opts.oidcClientId) problems.push("ORC_OIDC_CLIENT_ID is required with ORC_OIDC_ISSUER");
  if (!opts.publicUrl) {
    problems.push(
      "ORC_PUBLIC_URL is required with ORC_OIDC_ISSUER (the URL people use to reach orc; the redirect URI is <url>/auth/callback)",
    );
  }
  if (!opts.oidcScopes.includes("openid")) {
    problems.push(`ORC_OIDC_SCOPES must include openid, got ${opts.oidcScopes.join(" ")}`);
  }
  const lifetime = parseIsoDuration(opts.sessionLifetime);
  const lifetimeSeconds = lifetime ? approximateSeconds(lifetime) : 0;
  if (lifetimeSeconds < 60 || lifetimeSeconds > 30 * 24 * 3600) {
    problems.push(`ORC_SESSION_LIFETIME must be between PT1M and P30D, got ${opts.sessionLifetime}`);
  }
  if (problems.length > 0 || !opts.oidcClientId || !opts.publicUrl) {
    throw new OrcError("config-invalid", `single sign-on is misconfigured: ${problems.join("; ")}`, {
      problems,
    });
  }
  const base = opts.publicUrl.replace(/\/+$/, "");
  return {
    issuer: opts.oidcIssuer,
    clientId: opts.oidcClientId,
    ...(opts.oidcClientSecret ? { clientSecret: opts.oidcClientSecret } : {}),
    redirectUri: `${base}/auth/callback`,
    secureCookies: new URL(base).protocol === "https:",
    scopes: opts.oidcScopes,
    groupsClaim: opts.oidcGroupsClaim,
    userClaims: opts.oidcUserClaims,
    sessionLifetimeSeconds: lifetimeSeconds,
    requireMfa: opts.oidcRequireMfa,
    allowInsecureProvider: insecure,
  };
}

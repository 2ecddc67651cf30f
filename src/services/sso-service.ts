import { randomBytes } from "node:crypto";
import type { AuthorizationChecks, OpenIdRelyingParty, RedeemFailureKind } from "../adapters/oidc/index.js";
import type { SsoSettings } from "../config/sso-settings.js";
import type { Estate } from "../domain/estate/index.js";
import {
  deriveFromSecret,
  formatBrowserSecret,
  hashBrowserSecret,
  isBrowserSecret,
  resolveSignIn,
  type SignInRefusalReason,
} from "../domain/identity/index.js";
import { deleteExpiredSsoLogins, insertSsoLogin, takeSsoLogin, type Db } from "../store/index.js";
import type { AuditLog } from "./audit-log.js";
import type { EstateHolder } from "./estate-holder.js";
import { SsoSessions, type OpenedSession } from "./sso-sessions.js";

/** A sign-in just started: where to send the browser, and the cookie that binds the sign-in to it. */
export interface SignInStart {
  readonly redirectTo: string;
  readonly loginSecret: string;
  readonly maxAgeSeconds: number;
}

/** Every reason a sign-in is refused; stable codes, recorded in the audit trail. */
export type SignInRefusalCode =
  /** No sign-in in progress for this browser: never started here, or already completed (a replay). */
  | "login-unknown"
  /** Started more than the allowed minutes ago. */
  | "login-expired"
  | RedeemFailureKind
  | SignInRefusalReason;

export type SignInOutcome =
  | { readonly ok: true; readonly session: OpenedSession; readonly returnTo: string }
  | {
      readonly ok: false;
      readonly reason: SignInRefusalCode;
      /** A sentence for the person signing in; never a token, code or secret. */
      readonly message: string;
      readonly user?: string;
    };

/** How long a browser may take at the provider before the sign-in is void. */
const LOGIN_TTL_SECONDS = 600;

/**
 * Single sign-on for people (OpenID Connect, authorization code with PKCE): starting a sign-in, finishing
 * it at the callback (every refusal audited), and the sessions it opens.
 */
export class SsoService {
  readonly sessions: SsoSessions;

  constructor(
    readonly settings: SsoSettings,
    private readonly rp: OpenIdRelyingParty,
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly estate: EstateHolder<Estate>,
    private readonly now: () => Date,
  ) {
    this.sessions = new SsoSessions(db, audit, estate, now, settings.sessionLifetimeSeconds, settings.issuer);
  }

  /** The state, nonce and PKCE verifier of a sign-in, all derived from its login cookie. */
  private static checksFor(loginSecret: string): AuthorizationChecks {
    return {
      state: deriveFromSecret(loginSecret, "state"),
      nonce: deriveFromSecret(loginSecret, "nonce"),
      codeVerifier: deriveFromSecret(loginSecret, "pkce"),
    };
  }

  /** Starts a sign-in that will land on `returnTo` (a path on this server, checked by the caller). */
  async begin(returnTo: string): Promise<SignInStart> {
    const loginSecret = formatBrowserSecret(randomBytes(32));
    const url = await this.rp.authorizationUrl(SsoService.checksFor(loginSecret));
    const now = this.now();
    await deleteExpiredSsoLogins(this.db, now);
    await insertSsoLogin(this.db, {
      idHash: hashBrowserSecret(loginSecret),
      returnTo,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + LOGIN_TTL_SECONDS * 1000).toISOString(),
    });
    return { redirectTo: url.href, loginSecret, maxAgeSeconds: LOGIN_TTL_SECONDS };
  }

  /**
   * Finishes a sign-in at the callback: the login cookie must name a sign-in in progress (used once), the
   * provider's answer must validate, and the person must hold a role in the estate. Opens a session, or
   * returns why not; both are audited.
   */
  async complete(loginSecret: string | undefined, callbackSearch: string): Promise<SignInOutcome> {
    if (!isBrowserSecret(loginSecret)) {
      return this.refuse({
        reason: "login-unknown",
        message:
          "this browser has no sign-in in progress (it was started in another browser, or cookies are blocked); start again at /auth/login",
      });
    }
    const login = await takeSsoLogin(this.db, hashBrowserSecret(loginSecret));
    if (!login) {
      return this.refuse({
        reason: "login-unknown",
        message: "this sign-in was already completed or was never started here; start again at /auth/login",
      });
    }
    if (new Date(login.expiresAt) <= this.now()) {
      return this.refuse({
        reason: "login-expired",
        message: `the sign-in took longer than ${LOGIN_TTL_SECONDS / 60} minutes; start again at /auth/login`,
      });
    }
    const callbackUrl = new URL(this.settings.redirectUri);
    callbackUrl.search = callbackSearch;
    const redeemed = await this.rp.redeem(callbackUrl, SsoService.checksFor(loginSecret));
    if (!redeemed.ok) {
      return this.refuse({ reason: redeemed.kind, message: refusalSentence(redeemed.kind, redeemed.detail) });
    }
    const estate = this.estate.current()?.estate;
    if (!estate) {
      return this.refuse({ reason: "no-role", message: "no estate is loaded, so no role can be mapped" });
    }
    const resolution = resolveSignIn(estate, redeemed.claims, this.settings);
    if (!resolution.ok) {
      return this.refuse({
        reason: resolution.reason,
        message: resolution.message,
        ...(resolution.user ? { user: resolution.user } : {}),
        ...(resolution.subject ? { subject: resolution.subject } : {}),
      });
    }
    const session = await this.db.transaction((tx) => this.sessions.open(tx, resolution.identity));
    return { ok: true, session, returnTo: login.returnTo };
  }

  private async refuse(r: {
    reason: SignInRefusalCode;
    message: string;
    user?: string;
    subject?: string;
  }): Promise<SignInOutcome> {
    await this.audit.recordAlone({
      actor: r.user ? `user:${r.user}` : "anonymous",
      action: "sso.sign-in-refused",
      subjectType: "sso-sign-in",
      subjectId: r.user ?? r.subject ?? "unknown",
      payload: {
        reason: r.reason,
        message: r.message,
        issuer: this.settings.issuer,
        ...(r.subject ? { subject: r.subject } : {}),
      },
    });
    return { ok: false, reason: r.reason, message: r.message, ...(r.user ? { user: r.user } : {}) };
  }
}

function refusalSentence(kind: RedeemFailureKind, detail: string): string {
  switch (kind) {
    case "provider-error":
      return `the identity provider did not sign you in (${detail}); start again at /auth/login`;
    case "state-mismatch":
      return "the sign-in response does not belong to the sign-in this browser started (state mismatch); start again at /auth/login";
    case "code-rejected":
      return `the identity provider refused the authorization code (${detail}); it may have been used already; start again at /auth/login`;
    case "token-invalid":
      return `the identity provider's ID token did not validate (${detail})`;
    case "provider-unavailable":
      return `the identity provider did not answer (${detail}); try again shortly, API tokens still work`;
  }
}

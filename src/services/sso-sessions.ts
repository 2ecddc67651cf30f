import { randomBytes } from "node:crypto";
import type { Estate } from "../domain/estate/index.js";
import {
  auditActor,
  browserSecretRef,
  deriveFromSecret,
  formatBrowserSecret,
  hashBrowserSecret,
  isBrowserSecret,
  rolesOfPerson,
  type Principal,
  type SignedInIdentity,
} from "../domain/identity/index.js";
import {
  deleteSsoSessionsEndedBefore,
  findSsoSession,
  insertSsoSession,
  revokeSsoSession,
  type Db,
  type Queryable,
  type StoredSsoSession,
} from "../store/index.js";
import type { AuditLog } from "./audit-log.js";
import type { EstateHolder } from "./estate-holder.js";

/** A session just opened: the cookie secret (given to the browser once) and what derives from it. */
export interface OpenedSession {
  readonly secret: string;
  /** Short non-secret reference: audit actor, `credentialId`. */
  readonly ref: string;
  /** The value the browser must echo in `X-Orc-Csrf` on state-changing requests. */
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly principal: Principal;
}

export type SessionAuthFailure = "malformed" | "unknown" | "revoked" | "expired";

/** An authenticated session: the principal it stands for, and the stored record. */
export interface ActiveSession {
  readonly principal: Principal;
  readonly session: StoredSsoSession;
}

/** Ended sessions are kept this long (they answer "signed out" rather than "unknown"), then deleted. */
const KEEP_ENDED_MS = 7 * 24 * 3600 * 1000;

/**
 * Server-side single sign-on sessions: opened at sign-in (audited in the same transaction), looked up by
 * the hash of the cookie, revoked at sign-out. Roles are recomputed from the estate in force on every
 * request, so removing someone from `roles` takes effect at once, not when their session ends.
 */
export class SsoSessions {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly estate: EstateHolder<Estate>,
    private readonly now: () => Date,
    private readonly lifetimeSeconds: number,
    private readonly issuer: string,
  ) {}

  /** Opens a session for a signed-in identity, within `tx`, recording `sso.signed-in` there too. */
  async open(tx: Queryable, identity: SignedInIdentity): Promise<OpenedSession> {
    const secret = formatBrowserSecret(randomBytes(32));
    const idHash = hashBrowserSecret(secret);
    const ref = browserSecretRef(idHash);
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.lifetimeSeconds * 1000);
    await deleteSsoSessionsEndedBefore(tx, new Date(now.getTime() - KEEP_ENDED_MS));
    await insertSsoSession(tx, {
      idHash,
      user: identity.user,
      subject: identity.subject,
      issuer: this.issuer,
      roles: identity.roles,
      groups: identity.groups,
      amr: identity.amr,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    const principal: Principal = {
      user: identity.user,
      roles: identity.roles,
      via: "oidc",
      credentialId: ref,
      amr: identity.amr,
    };
    await this.audit.record(tx, {
      actor: auditActor(principal),
      action: "sso.signed-in",
      subjectType: "sso-session",
      subjectId: ref,
      payload: {
        user: identity.user,
        subject: identity.subject,
        issuer: this.issuer,
        roles: [...identity.roles],
        groups: [...identity.mappedGroups],
        amr: [...identity.amr],
        expiresAt: expiresAt.toISOString(),
      },
    });
    return { secret, ref, csrfToken: deriveFromSecret(secret, "csrf"), expiresAt, principal };
  }

  /** The principal behind a session cookie, or why it is refused. */
  async authenticate(secret: string): Promise<ActiveSession | SessionAuthFailure> {
    if (!isBrowserSecret(secret)) return "malformed";
    const idHash = hashBrowserSecret(secret);
    const session = await findSsoSession(this.db, idHash);
    if (!session) return "unknown";
    if (session.revokedAt) return "revoked";
    if (new Date(session.expiresAt) <= this.now()) return "expired";
    const estate = this.estate.current()?.estate;
    const roles = estate ? rolesOfPerson(estate, session.user, session.groups) : [...session.roles];
    return {
      principal: {
        user: session.user,
        roles,
        via: "oidc",
        credentialId: browserSecretRef(idHash),
        amr: session.amr,
      },
      session,
    };
  }

  /** Revokes the session and records `sso.signed-out`; false when it was already ended. */
  async revoke(secret: string, by: Principal): Promise<boolean> {
    const idHash = hashBrowserSecret(secret);
    return this.db.transaction(async (tx) => {
      if (!(await revokeSsoSession(tx, idHash, this.now()))) return false;
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "sso.signed-out",
        subjectType: "sso-session",
        subjectId: browserSecretRef(idHash),
        payload: { user: by.user },
      });
      return true;
    });
  }
}

import type { Role } from "./role.js";

/**
 * Who is calling, however they proved it: an API token, or a single sign-on session (`via: "oidc"`, roles
 * from the estate's user and group mappings). Authorization code sees only this shape.
 */
export interface Principal {
  /** The person or robot: the estate user name, or an OIDC subject/e-mail. */
  readonly user: string;
  readonly roles: readonly Role[];
  readonly via: "token" | "oidc" | "system";
  /** The credential used: a token id, an OIDC session id. */
  readonly credentialId?: string;
  /** For OIDC sessions: how the person signed in (RFC 8176 `amr` from the ID token, e.g. `pwd`, `mfa`). */
  readonly amr?: readonly string[];
}

/** The actor string written into audit events: `user:alice (token 1a2b3c4d5e6f)`. */
export function auditActor(p: Principal): string {
  if (p.via === "system") return "system";
  return p.credentialId ? `user:${p.user} (${p.via} ${p.credentialId})` : `user:${p.user}`;
}

/** True when the principal holds any of the roles; `admin` holds them all. */
export function hasAnyRole(p: Principal, allowed: readonly Role[]): boolean {
  return p.roles.includes("admin") || p.roles.some((r) => allowed.includes(r));
}

/** The system itself, for events orc records on its own behalf (start-up, scheduled checkpoints). */
export const SYSTEM: Principal = { user: "orc", roles: ["admin"], via: "system" };

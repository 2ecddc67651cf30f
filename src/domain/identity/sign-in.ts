import type { Estate } from "../estate/estate.js";
import { rolesForGroups, rolesOfUser } from "../estate/queries.js";
import type { Role } from "../estate/roles.js";
import type { Principal } from "./principal.js";

/** Which claims of an OpenID provider name the person and their groups. */
export interface ClaimMapping {
  /** Claims naming the user, first present wins (`preferred_username`, `email`, `sub`). */
  readonly userClaims: readonly string[];
  /** The claim holding groups (`groups`); `a.b` reaches into nested objects (`realm_access.roles`). */
  readonly groupsClaim: string;
}

/** A person the OpenID provider vouched for, with the roles the estate gives them. */
export interface SignedInIdentity {
  /** The estate user name when the person is in `roles.users`, else the value of the user claim. */
  readonly user: string;
  /** The provider's subject identifier (`sub`). */
  readonly subject: string;
  /** Every group the provider sent, as sent. */
  readonly groups: readonly string[];
  /** The groups that some `roles.groups` mapping names. */
  readonly mappedGroups: readonly string[];
  /** Authentication methods (RFC 8176) from the ID token, e.g. `pwd`, `mfa`. */
  readonly amr: readonly string[];
  /** Sorted, without duplicates; empty means the estate gives this person nothing. */
  readonly roles: readonly Role[];
}

/** Why a sign-in that the provider accepted is refused by orc. */
export type SignInRefusalReason = "no-user-claim" | "no-subject" | "no-role";

export type SignInResolution =
  | { readonly ok: true; readonly identity: SignedInIdentity }
  | {
      readonly ok: false;
      readonly reason: SignInRefusalReason;
      readonly message: string;
      readonly user?: string;
      readonly subject?: string;
    };

/** Caps on what a provider may send, so a hostile or misconfigured one cannot bloat sessions. */
const MAX_GROUPS = 1000;
const MAX_GROUP_LENGTH = 512;
const MAX_NAME_LENGTH = 256;

/**
 * The claim `name`: a claim literally so named (namespaced claims such as `https://example.com/groups`
 * contain dots), else the dotted path into nested objects (`realm_access.roles`).
 */
export function claimAt(claims: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let current: unknown = claims;
  for (const part of name.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function cleanName(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const v = value.trim();
  // eslint-disable-next-line no-control-regex -- names with control characters are refused
  if (v === "" || v.length > MAX_NAME_LENGTH || /[\u0000-\u001f\u007f]/.test(v)) return undefined;
  return v;
}

function stringList(value: unknown, max: number): string[] {
  const items = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === "string" && item !== "" && item.length <= MAX_GROUP_LENGTH) out.push(item);
    if (out.length >= max) break;
  }
  return [...new Set(out)];
}

/** The roles of a person: their own in `roles.users` plus those of their groups in `roles.groups`. */
export function rolesOfPerson(estate: Estate, user: string, groups: readonly string[]): Role[] {
  return [...new Set([...rolesOfUser(estate, user), ...rolesForGroups(estate, groups)])].sort();
}

/**
 * Turns the claims of a validated ID token (plus UserInfo) into an identity with roles. The user is the
 * first present user claim; it matches an estate user by name, or by e-mail (case-insensitive) so that
 * `email` or an e-mail-shaped `preferred_username` finds `alice` — the identity then carries the estate
 * name, to which approvals bind. A person with no role at all is refused with a sentence saying so.
 */
export function resolveSignIn(
  estate: Estate,
  claims: Readonly<Record<string, unknown>>,
  mapping: ClaimMapping,
): SignInResolution {
  const subject = cleanName(claims.sub);
  if (!subject) {
    return { ok: false, reason: "no-subject", message: "the provider's ID token has no usable sub claim" };
  }
  let claimed: string | undefined;
  for (const name of mapping.userClaims) {
    claimed = cleanName(claimAt(claims, name));
    if (claimed) break;
  }
  if (!claimed) {
    return {
      ok: false,
      reason: "no-user-claim",
      subject,
      message: `the provider sent none of the claims ${mapping.userClaims.join(", ")} to name you; ask an admin to release one of them to orc`,
    };
  }
  const lower = claimed.toLowerCase();
  const estateUser = estate.roles.users.find(
    (u) => u.name === claimed || (u.email !== undefined && u.email.toLowerCase() === lower),
  );
  const user = estateUser?.name ?? claimed;
  const groups = stringList(claimAt(claims, mapping.groupsClaim), MAX_GROUPS);
  const mapped = new Set(estate.roles.groups.map((g) => g.group));
  const mappedGroups = groups.filter((g) => mapped.has(g)).sort();
  const roles = rolesOfPerson(estate, user, groups);
  if (roles.length === 0) {
    return {
      ok: false,
      reason: "no-role",
      user,
      subject,
      message:
        `signed in as ${user}, but no role is mapped to you: you are not in the estate's roles.users and ` +
        `none of your ${groups.length} groups (claim ${mapping.groupsClaim}) is in roles.groups; ask an admin to map you`,
    };
  }
  const amr = stringList(claims.amr, 20);
  return { ok: true, identity: { user, subject, groups, mappedGroups, amr, roles } };
}

/**
 * Authentication methods (RFC 8176 `amr` values) that show a factor beyond a password: `mfa` itself
 * (Entra ID, Okta, Auth0 send it), one-time codes, hardware or software keys, smart cards, SMS or phone,
 * biometrics, multiple channels.
 */
export const MULTI_FACTOR_METHODS: readonly string[] = [
  "mfa",
  "mca",
  "otp",
  "hwk",
  "swk",
  "sc",
  "sms",
  "tel",
  "fpt",
  "face",
  "iris",
  "retina",
  "vbm",
];

/** True when the sign-in used a second factor. */
export function isMultiFactor(amr: readonly string[] | undefined): boolean {
  return (amr ?? []).some((m) => MULTI_FACTOR_METHODS.includes(m));
}

/**
 * True when the principal may perform an action that needs MFA. Only SSO sessions carry `amr`; API
 * tokens (CI) and the system itself are exempt: they have no sign-in to inspect, and automation must keep
 * working — limit what a token may do through its roles instead.
 */
export function mfaSatisfied(p: Principal): boolean {
  return p.via !== "oidc" || isMultiFactor(p.amr);
}

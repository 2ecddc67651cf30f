export { ROLES, Role, isRole } from "./role.js";
export { SYSTEM, auditActor, hasAnyRole, type Principal } from "./principal.js";
export {
  formatApiToken,
  hashTokenSecret,
  parseApiToken,
  tokenSecretMatches,
  type TokenParts,
} from "./api-token.js";
export { formatFeedToken, parseFeedToken } from "./feed-token.js";
export {
  browserSecretRef,
  deriveFromSecret,
  formatBrowserSecret,
  hashBrowserSecret,
  isBrowserSecret,
  matchesDerived,
  type SecretPurpose,
} from "./session-secret.js";
export { DEFAULT_RETURN_TO, safeReturnTo } from "./return-to.js";
export {
  MULTI_FACTOR_METHODS,
  claimAt,
  isMultiFactor,
  mfaSatisfied,
  resolveSignIn,
  rolesOfPerson,
  type ClaimMapping,
  type SignedInIdentity,
  type SignInRefusalReason,
  type SignInResolution,
} from "./sign-in.js";

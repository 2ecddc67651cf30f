export { ROLES, Role, isRole } from "./role.js";
export { SYSTEM, auditActor, hasAnyRole, type Principal } from "./principal.js";
export {
  formatApiToken,
  hashTokenSecret,
  parseApiToken,
  tokenSecretMatches,
  type TokenParts,
} from "./api-token.js";

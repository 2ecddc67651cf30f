export {
  openIdRelyingParty,
  type AuthorizationChecks,
  type OpenIdRelyingParty,
  type RedeemFailureKind,
  type RedeemResult,
} from "./openid-relying-party.js";

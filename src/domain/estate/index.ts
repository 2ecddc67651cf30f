// The estate: what orc manages, declared in estate.yaml. Schemas (zod, named like their types),
// validation that reports every problem at once, the JSON Schema, and queries.

export { ROLES, Role, isRole } from "./roles.js";
export { Name, UserName, EnvironmentReference, parseEnvironmentReference } from "./names.js";
export {
  IsoDuration,
  parseIsoDuration,
  formatDuration,
  approximateSeconds,
  suggestIsoDuration,
  type IsoDurationParts,
} from "./duration.js";
export { IanaTimeZone, knownTimeZones, suggestTimeZone } from "./time-zone.js";
export {
  OdooSeries,
  OdooImage,
  GitUrl,
  parseImageReference,
  isImageReference,
  type ImageReference,
} from "./odoo.js";
export { User, GroupMapping, RoleMapping } from "./role-mapping.js";
export {
  Tier,
  Approval,
  SeparationOfDuties,
  PostImplementationReview,
  RollbackCriteria,
  Notification,
  EvidenceGate,
  EVIDENCE_GATES,
  NotificationEvent,
  NOTIFICATION_EVENTS,
  DEFAULT_TIERS,
} from "./tier.js";
export {
  Environment,
  EnvironmentKind,
  ENVIRONMENT_KINDS,
  Hosting,
  HOSTINGS,
  OdooRuntime,
  DatabaseSpec,
  AddonSource,
  KubernetesTarget,
  Slo,
  SLO_INDICATORS,
} from "./environment.js";
export { Tenant } from "./tenant.js";
export {
  Notifications,
  Webhook,
  WebhookEventPattern,
  SecretEnvName,
  WEBHOOK_EVENT_TYPES,
  MAX_WEBHOOK_TIMEOUT_SECONDS,
  eventPatternMatches,
  type WebhookEventType,
} from "./notifications.js";
export { RegionSpec, CalendarSpec, IcsImport } from "./calendars.js";
export { Estate, Organization, ESTATE_API_VERSION } from "./estate.js";
export type { EstateDiagnosticCode } from "./estate-problem.js";
export { didYouMean, closestMatches } from "./did-you-mean.js";
export { formatFieldPath, type FieldPath } from "./field-path.js";
export {
  validateEstateText,
  fileDiagnostic,
  fileTooLargeDiagnostic,
  utf8ByteLength,
  DEFAULT_MAX_ESTATE_BYTES,
  formatBytes,
  type EstateValidationOptions,
  type EstateValidationResult,
} from "./validate-estate.js";
export { estateJsonSchema, ESTATE_SCHEMA_ID } from "./json-schema.js";
export {
  listEnvironments,
  findEnvironment,
  promotionPath,
  promotionTargets,
  findTenant,
  findTier,
  rolesOfUser,
  rolesForGroups,
  environmentId,
  calendarContext,
  type EnvironmentView,
} from "./queries.js";

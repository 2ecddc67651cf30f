export type { Backend, Db, Queryable, QueryResult } from "./db.js";
export { openDb, type StoreLocation } from "./open-db.js";
export { migrate, type Migration, type MigrationReport } from "./migration.js";
export { migrations } from "./migrations/index.js";
export { lockDataDir, type DataDirLock } from "./data-dir-lock.js";
export { DatabaseError, isUniqueViolation } from "./backends/pg-errors.js";
export {
  pendingAuditCount,
  recordAuditEvent,
  sealAuditEvents,
  auditHead,
  listAuditEvents,
  latestCheckpointFrontier,
  listCheckpoints,
  saveCheckpoint,
  streamAuditEvents,
  type AuditFilter,
} from "./audit-repository.js";
export {
  countTokens,
  findToken,
  insertToken,
  listTokens,
  revokeToken,
  touchToken,
  type StoredToken,
} from "./token-repository.js";
export { firstLoadOfEstate, insertEstateRevision } from "./estate-revision-repository.js";
export { DEMO_SEEDED_ACTION, lockDemoSeedState, type DemoSeedState } from "./demo-seed-repository.js";
export {
  deleteSsoSessionsEndedBefore,
  findSsoSession,
  insertSsoSession,
  revokeSsoSession,
  type StoredSsoSession,
} from "./sso-session-repository.js";
export {
  deleteExpiredSsoLogins,
  insertSsoLogin,
  takeSsoLogin,
  type StoredSsoLogin,
} from "./sso-login-repository.js";
export {
  bumpOverlay,
  deleteApiWindow,
  deleteImportWindows,
  findCalendarWindow,
  insertApiWindow,
  listCalendarWindows,
  listImportRuns,
  listImportWindows,
  lockOverlay,
  overlayRevision,
  saveImportRun,
  upsertImportWindows,
  type OverlayRevision,
  type StoredCalendarWindow,
  type StoredImportRun,
} from "./calendar-overlay-repository.js";
export {
  findCalendarFeed,
  insertCalendarFeed,
  listCalendarFeeds,
  revokeCalendarFeed,
  touchCalendarFeed,
  type StoredCalendarFeed,
} from "./calendar-feed-repository.js";
export {
  findRelease,
  insertApproval,
  insertEvidence,
  insertRelease,
  insertTransition,
  insertWaiver,
  listApprovals,
  listEvidence,
  findEvidence,
  listOpenReviews,
  listReleases,
  listSchedule,
  listTransitions,
  listWaivers,
  loadDecisionData,
  lockRelease,
  scheduleRevision,
  updateRelease,
  voidApprovals,
  type DecisionData,
  type EvidenceInfo,
  type NewRelease,
  type ReleaseFilter,
  type ReleaseSummary,
  type ScheduleEntry,
  type ScheduleFilter,
  type ScheduledRow,
  type StoredEvidence,
  type StoredWaiver,
  type TransitionRecord,
} from "./release-repository.js";
export {
  claimDeliveries,
  findDelivery,
  insertDelivery,
  listAttempts,
  listDeliveries,
  recordAttempt,
  requeueDelivery,
  DELIVERY_STATES,
  type AttemptOutcome,
  type AttemptResult,
  type ClaimRequest,
  type DeliveryAttempt,
  type DeliveryFilter,
  type DeliveryState,
  type NewDelivery,
  type StoredDelivery,
} from "./notification-repository.js";

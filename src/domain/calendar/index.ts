// The calendar engine: freezes, maintenance windows, time zones, decisions, agendas and ICS.
// Pure: time is always an argument.
export {
  AnchorSpec,
  BusinessDaysSpec,
  CalendarName,
  CalendarSection,
  CalendarSpec,
  ExemptApproval,
  Holiday,
  IcsImportMapping,
  IcsImportRule,
  IsoDuration,
  LocalDate,
  LocalDateTime,
  MatchPattern,
  OpeningHours,
  RecurrenceSpec,
  RegionSpec,
  ScopeSpec,
  TimeOfDay,
  TimeZoneName,
  TradingHours,
  Weekday,
  WindowSource,
  WindowSpec,
  windowTiming,
  type WindowKind,
  type WindowTiming,
} from "./spec.js";
export type { EnvironmentContext } from "./environment.js";
export {
  expandWindows,
  prepareCalendars,
  scopeMatches,
  type Occurrence,
  type OccurrenceJson,
} from "./expand.js";
export {
  decide,
  DEFAULT_HORIZON_DAYS,
  type Decision,
  type DecisionReason,
  type DecisionReasonCode,
  type DecisionRequest,
  type Exemption,
} from "./decide.js";
export {
  conflicts,
  releaseEndMs,
  type Conflict,
  type ConflictCode,
  type ScheduledRelease,
} from "./conflicts.js";
export { agenda, formatAgenda, type Agenda } from "./agenda.js";
export { anchorDate, type AnchorEvent } from "./anchors.js";
export { checkTimeZone, resolveInstant, type TimeZoneCheck } from "./time-zone.js";
export { parseDuration, type DurationParse, type WindowDuration } from "./duration.js";
export {
  toIcs,
  stringifyIcs,
  occurrenceUid,
  releaseEventUid,
  type IcsExportOptions,
  type ReleaseEvent,
} from "./ics-export.js";
export { importIcs, type IcsImportOptions, type IcsImportResult, type SkippedEvent } from "./ics-import.js";
export { checkCalendarReferences } from "./references.js";

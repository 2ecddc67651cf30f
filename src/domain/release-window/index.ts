// Release-window questions against an estate: what people type (environment, tier, time, duration,
// period) checked once, the estate's calendars with the windows added through the API or imported,
// and the JSON views of decisions and agendas that the API returns and the CLI prints.
export {
  describeInputProblem,
  type InputField,
  type InputParse,
  type InputProblem,
  type InputProblemCode,
} from "./input-problem.js";
export { parseReleaseDuration, MAX_RELEASE_DAYS, type ReleaseDurationParse } from "./release-duration.js";
export { parseTimeInput, startOfLocalDay, timeInputMessage } from "./time-input.js";
export {
  windowQuestion,
  lookupEnvironment,
  MAX_HORIZON_DAYS,
  type WindowQuestion,
  type WindowQuestionInput,
} from "./window-question.js";
export {
  agendaPeriod,
  DEFAULT_AGENDA_DAYS,
  MAX_AGENDA_DAYS,
  type AgendaPeriod,
  type AgendaPeriodInput,
} from "./agenda-period.js";
export {
  effectiveCalendars,
  type EffectiveCalendars,
  type IgnoredOverlayWindow,
  type ListedWindow,
  type OverlayWindow,
  type WindowOrigin,
} from "./effective-calendars.js";
export {
  agendaView,
  occurrenceView,
  windowCheck,
  type AgendaView,
  type DecisionReasonView,
  type OccurrenceView,
  type OriginOf,
  type WindowCheck,
} from "./window-check.js";
export {
  compareSlots,
  releaseEvent,
  releaseSlotView,
  scheduleConflicts,
  slotEndMs,
  slotsInPeriod,
  type ConflictView,
  type ReleaseSlot,
  type ReleaseSlotView,
  type SlotState,
} from "./release-schedule.js";

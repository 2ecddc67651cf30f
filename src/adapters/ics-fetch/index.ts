// Fetches promotions calendars (ICS) over HTTP(S) for imports: size-limited, with a timeout,
// failures classified once into "retry later" or "fix the estate's URL".
export {
  fetchIcs,
  redactedUrl,
  DEFAULT_ICS_MAX_BYTES,
  DEFAULT_ICS_TIMEOUT_MS,
  type IcsFetchOptions,
} from "./fetch-ics.js";

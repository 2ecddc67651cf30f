import { closestMatches } from "./did-you-mean.js";
import { formattedString, quote, type FormatProblem } from "./string-format.js";

let knownZones: readonly string[] | undefined;

/** The canonical IANA zone names this runtime knows (from its ICU data), plus `UTC`. */
export function knownTimeZones(): readonly string[] {
  knownZones ??= [...Intl.supportedValuesOf("timeZone"), "UTC"].sort();
  return knownZones;
}

/** The runtime's name for `zone`, or undefined when it does not know it. */
function resolveZone(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Checks an IANA time zone name such as `Europe/Berlin`. Links (`US/Eastern`, `Asia/Calcutta`) are
 * accepted because the runtime knows them; numeric offsets (`+01:00`) are not zones, and case matters
 * (`europe/berlin` is refused with the right spelling as hint) so the estate reads the same everywhere.
 */
export function timeZoneProblem(zone: string): FormatProblem | undefined {
  if (/^[+-]\d/.test(zone) || /^(?:UTC|GMT)[+-]/i.test(zone)) {
    return {
      message: `${quote(zone)} is a UTC offset, not an IANA time zone`,
      hint: "name the place, e.g. `Europe/Berlin`, so daylight saving time is applied",
    };
  }
  const resolved = resolveZone(zone);
  if (resolved !== undefined) {
    if (resolved === zone || resolved.toLowerCase() !== zone.toLowerCase()) return undefined;
    return {
      message: `${quote(zone)} is not spelled like the IANA time zone`,
      hint: `did you mean \`${resolved}\`?`,
    };
  }
  return { message: `${quote(zone)} is not an IANA time zone`, hint: suggestTimeZone(zone) };
}

/** "did you mean `Europe/Berlin`?" for `Europe/Berln` or `Berlin`; undefined when nothing is close. */
export function suggestTimeZone(zone: string): string | undefined {
  const zones = knownTimeZones();
  const city = zone.trim().replace(/\s+/g, "_").toLowerCase();
  const byCity = zones.filter((z) => z.toLowerCase().endsWith(`/${city}`));
  const matches = byCity.length > 0 ? byCity : closestMatches(zone, zones);
  if (matches.length === 0) return "use a name from the IANA time zone database, e.g. `Europe/Berlin`";
  return `did you mean ${matches.map((m) => `\`${m}\``).join(" or ")}?`;
}

/** An IANA time zone name such as `Europe/Berlin` or `America/New_York`. */
export const IanaTimeZone = formattedString({
  code: "invalid-timezone",
  description: "An IANA time zone name, such as Europe/Berlin, America/New_York or Asia/Singapore.",
  examples: ["Europe/Berlin", "America/New_York", "Asia/Singapore"],
  check: timeZoneProblem,
});

/** Where the browser goes after signing in when no `returnTo` was given. */
export const DEFAULT_RETURN_TO = "/";

const MAX_LENGTH = 2048;
const PROBE_ORIGIN = "http://orc.invalid";

/**
 * `returnTo` as a path on this server, normalized, or undefined when it would lead elsewhere. Only
 * relative paths are accepted: `/releases/42?tab=plan`. Absolute URLs, protocol-relative `//host`,
 * backslashes (`/\host` is `//host` to browsers), control characters and whitespace are refused, so the
 * sign-in can never be turned into an open redirect.
 */
export function safeReturnTo(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === "") return DEFAULT_RETURN_TO;
  if (raw.length > MAX_LENGTH) return undefined;
  if (!raw.startsWith("/") || raw.startsWith("//")) return undefined;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\\\s\u0000-\u001f\u007f]/.test(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== PROBE_ORIGIN) return undefined;
  const normalized = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse into a protocol-relative path: `/.//evil.example` normalizes to `//evil.example`.
  return normalized.startsWith("//") ? undefined : normalized;
}

import { OrcError } from "../../domain/errors.js";

/** Limits of a fetch. */
export interface IcsFetchOptions {
  /** Larger calendars are refused. @default 5 MiB */
  readonly maxBytes?: number;
  /** The whole exchange, headers and body. @default 15000 */
  readonly timeoutMs?: number;
}

export const DEFAULT_ICS_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_ICS_TIMEOUT_MS = 15_000;

/**
 * A URL as it may appear in logs, errors and the audit trail: its origin only. Calendar providers
 * put the secret of a private calendar in the path (Google's "secret address in iCal format"), and
 * the audit trail cannot forget what it was told.
 */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname === "/" && u.search === "" ? u.origin : `${u.origin}/…`;
  } catch {
    return "(not a URL)";
  }
}

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(0)} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * Fetches a calendar (ICS) over HTTP(S) for an import, within a size limit and a timeout. Failures
 * are classified here, once: an unreachable, slow or failing server (network error, timeout, 5xx)
 * is `infrastructure-unavailable` (retry later); an answer that can never work (4xx, too large,
 * not UTF-8) is `validation-failed`, a sentence about the estate's URL.
 */
export async function fetchIcs(url: string, options: IcsFetchOptions = {}): Promise<string> {
  const maxBytes = options.maxBytes ?? DEFAULT_ICS_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_ICS_TIMEOUT_MS;
  const shown = redactedUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OrcError("validation-failed", `the calendar URL is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new OrcError("validation-failed", `the calendar URL ${shown} is not http or https`);
  }
  const signal = AbortSignal.timeout(timeoutMs);
  const unavailable = (why: string) =>
    new OrcError(
      "infrastructure-unavailable",
      `could not fetch the calendar at ${shown}: ${why}; try again later`,
      {
        url: shown,
      },
    );
  let res: Response;
  try {
    res = await fetch(parsed, {
      headers: { accept: "text/calendar, text/plain;q=0.5, */*;q=0.1", "user-agent": "orc-calendar-import" },
      redirect: "follow",
      signal,
    });
  } catch (e) {
    throw unavailable(signal.aborted ? `no answer within ${timeoutMs / 1000} s` : errorCause(e));
  }
  if (res.status >= 500) {
    await res.body?.cancel();
    throw unavailable(`the server answered ${res.status} ${res.statusText}`.trim());
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new OrcError(
      "validation-failed",
      `the calendar at ${shown} answered ${res.status} ${res.statusText}`.trim() +
        "; check the import's url in the estate",
      { url: shown, status: res.status },
    );
  }
  const tooLarge = () =>
    new OrcError("validation-failed", `the calendar at ${shown} is larger than ${sizeLabel(maxBytes)}`, {
      url: shown,
    });
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  try {
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // The declared length may be absent or wrong: count what actually arrives.
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof OrcError) throw e;
    throw unavailable(signal.aborted ? `no answer within ${timeoutMs / 1000} s` : errorCause(e));
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new OrcError("validation-failed", `the calendar at ${shown} is not UTF-8 text`, { url: shown });
  }
}

function errorCause(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
  const code =
    typeof cause === "object" && cause !== null && "code" in cause ? String(cause.code) : undefined;
  const detail = code ?? (cause instanceof Error ? cause.message : undefined);
  return detail ? `connection failed (${detail})` : "connection failed";
}

/** One signed POST to a webhook receiver. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/**
 * What came back: a status (any status, the caller classifies it) or a transport failure described in
 * a sentence (connection refused, timeout, TLS), never an exception.
 */
export type WebhookResponse =
  | {
      readonly kind: "response";
      readonly status: number;
      readonly retryAfter?: string;
      readonly durationMs: number;
    }
  | { readonly kind: "transport-error"; readonly error: string; readonly durationMs: number };

/** Reads at most this much of a response body (then stops): receivers' bodies are not kept. */
const MAX_BODY_BYTES = 64 * 1024;

/** A sentence for a failed fetch: undici hides the useful part in `cause`. */
function describeFailure(e: unknown, timeoutMs: number): string {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"))
    return `no response within ${timeoutMs} ms (timed out)`;
  const cause = e instanceof Error ? (e.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `${cause.code}${cause.message ? `: ${cause.message}` : ""}`;
  if (cause?.message) return cause.message;
  return e instanceof Error ? e.message : String(e);
}

/**
 * POSTs a webhook. Redirects are not followed (a receiver that moved must be updated in the estate);
 * the whole exchange, body included, must finish within `timeoutMs`. Network failures and timeouts
 * are returned as `transport-error`, classified once here.
 */
export async function postWebhook(req: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(req.timeoutMs);
  try {
    const res = await fetch(req.url, {
      method: "POST",
      headers: req.headers,
      body: req.body,
      redirect: "manual",
      signal,
    });
    // Drain a little of the body so the connection can be reused; the content is not kept.
    const reader = res.body?.getReader();
    let read = 0;
    while (reader && read < MAX_BODY_BYTES) {
      const chunk = await reader.read();
      if (chunk.done) break;
      read += chunk.value.byteLength;
    }
    if (reader && read >= MAX_BODY_BYTES) await reader.cancel().catch(() => undefined);
    const retryAfter = res.headers.get("retry-after");
    return {
      kind: "response",
      status: res.status,
      ...(retryAfter ? { retryAfter } : {}),
      durationMs: elapsed(),
    };
  } catch (e) {
    return { kind: "transport-error", error: describeFailure(e, req.timeoutMs), durationMs: elapsed() };
  }
}

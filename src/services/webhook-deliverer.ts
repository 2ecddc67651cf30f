import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { postWebhook, type WebhookRequest, type WebhookResponse } from "../adapters/webhook-http/index.js";
import { approximateSeconds, parseIsoDuration, type Estate } from "../domain/estate/index.js";
import {
  attemptVerdict,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  redactSecrets,
  retryDelayMs,
  signWebhook,
  truncateText,
  webhookBody,
  type RetryPolicy,
} from "../domain/notification/index.js";
import {
  claimDeliveries,
  recordAttempt,
  type AttemptOutcome,
  type Db,
  type StoredDelivery,
} from "../store/index.js";
import { webhookEnabled, type SecretSource } from "./notification-service.js";

/** Options of the deliverer loop; all but the store, the estate and the log have defaults. */
export interface WebhookDelivererOptions {
  readonly db: Db;
  readonly estate: () => Estate | undefined;
  readonly log: Logger;
  /** @default process.env */
  readonly env?: SecretSource;
  /** @default the system clock */
  readonly now?: () => Date;
  /** Randomness for the jitter, in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Sends one request. @default {@link postWebhook} */
  readonly post?: (req: WebhookRequest) => Promise<WebhookResponse>;
  /** This deliverer's id in leases and in the log. @default host:pid:random */
  readonly owner?: string;
  /** How often due deliveries are looked for. @default 1000 ms */
  readonly pollMs?: number;
  /** Deliveries claimed (and sent concurrently) at once. @default 10 */
  readonly batch?: number;
  /** How long a claim holds; must exceed the longest timeout (PT1M). @default 120,000 ms */
  readonly leaseMs?: number;
  /** @default {@link DEFAULT_RETRY_POLICY} */
  readonly retry?: RetryPolicy;
  /** `User-Agent` sent. @default orc */
  readonly userAgent?: string;
  /** Told about each recorded attempt (metrics). @default nothing */
  readonly onAttempt?: (webhook: string, outcome: AttemptOutcome) => void;
}

/** Longest error text kept in the log. */
const MAX_ERROR_CHARS = 500;

/**
 * Delivers the outbox: claims due deliveries with a lease, POSTs each signed payload, records every
 * attempt in the delivery log and schedules retries (exponential backoff with jitter, honouring
 * `Retry-After`) until delivered or `maxAttempts` is reached. Several deliverers (replicas) share the
 * outbox; one that dies leaves leases that expire, and the rows are claimed again (at-least-once).
 */
export class WebhookDeliverer {
  private readonly now: () => Date;
  private readonly env: SecretSource;
  private readonly owner: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;
  private checkedEstate: Estate | undefined;

  constructor(private readonly options: WebhookDelivererOptions) {
    this.now = options.now ?? (() => new Date());
    this.env = options.env ?? process.env;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  }

  /** Starts polling (and checks the webhooks' secrets, warning once about each disabled webhook). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.checkSecrets();
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 1000);
    this.timer.unref();
  }

  /** Stops polling and waits for the attempts in flight to be recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running.catch(() => undefined);
  }

  /** Runs a round now unless one is running. */
  kick(): void {
    this.running = this.running
      .then(() => (this.stopped ? 0 : this.runOnce()))
      .catch((err: unknown) => {
        this.options.log.warn({ err: String(err) }, "webhook delivery round failed; will retry");
      });
  }

  /** Logs one warning per disabled webhook whenever the estate in force changes. */
  checkSecrets(): void {
    const estate = this.options.estate();
    if (!estate || estate === this.checkedEstate) return;
    this.checkedEstate = estate;
    for (const hook of estate.notifications?.webhooks ?? []) {
      if (webhookEnabled(hook, this.env)) continue;
      this.options.log.warn(
        { webhook: hook.name, secretEnv: hook.secretEnv },
        "webhook disabled: its secret environment variable is not set; nothing is sent to it",
      );
    }
  }

  /** Claims due deliveries and attempts each once; returns how many were attempted. */
  async runOnce(): Promise<number> {
    this.checkSecrets();
    const claimed = await claimDeliveries(this.options.db, {
      owner: this.owner,
      now: this.now(),
      leaseMs: this.options.leaseMs ?? 120_000,
      limit: this.options.batch ?? 10,
    });
    await Promise.all(claimed.map((d) => this.attempt(d)));
    return claimed.length;
  }

  /** Attempts a claimed delivery and records the outcome. */
  async attempt(d: StoredDelivery): Promise<AttemptOutcome> {
    const started = this.now();
    const hook = this.options.estate()?.notifications?.webhooks.find((h) => h.name === d.webhook);
    const secret = hook ? this.env[hook.secretEnv] : undefined;
    let status: number | undefined;
    let error: string | undefined;
    let retryAfterMs: number | undefined;
    let durationMs = 0;
    let verdict: "delivered" | "retry" | "give-up";
    if (!hook) {
      verdict = "give-up";
      error = `webhook ${d.webhook} is no longer in the estate`;
    } else if (!secret) {
      verdict = "retry";
      error = `the signing secret of webhook ${d.webhook} is not set (environment variable ${hook.secretEnv})`;
    } else {
      const body = webhookBody(d.payload);
      const timestamp = Math.floor(started.getTime() / 1000);
      const res = await (this.options.post ?? postWebhook)({
        url: hook.url,
        body,
        timeoutMs: approximateSeconds(parseIsoDuration(hook.timeout) ?? { ...ZERO, seconds: 10 }) * 1000,
        headers: {
          "content-type": "application/json",
          "user-agent": this.options.userAgent ?? "orc",
          "webhook-id": d.messageId,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signWebhook(secret, { id: d.messageId, timestamp, body }),
        },
      });
      durationMs = res.durationMs;
      if (res.kind === "response") {
        status = res.status;
        verdict = attemptVerdict(status);
        if (verdict !== "delivered") error = `HTTP ${status}`;
        retryAfterMs = parseRetryAfter(res.retryAfter, this.now());
      } else {
        verdict = "retry";
        error = res.error;
      }
    }
    const at = this.now();
    const outcome =
      verdict === "delivered"
        ? "delivered"
        : verdict === "retry" && d.attempts < d.maxAttempts
          ? "retry"
          : "dead";
    const nextAttemptAt =
      outcome === "retry"
        ? new Date(
            at.getTime() +
              retryDelayMs(
                d.attempts,
                (this.options.random ?? Math.random)(),
                this.options.retry ?? DEFAULT_RETRY_POLICY,
                retryAfterMs,
              ),
          ).toISOString()
        : undefined;
    const cleanError =
      error === undefined
        ? undefined
        : truncateText(redactSecrets(error, secret ? [secret] : []), MAX_ERROR_CHARS);
    const recorded = await recordAttempt(this.options.db, {
      deliveryId: d.id,
      owner: this.owner,
      attempt: d.attempts,
      startedAt: started.toISOString(),
      durationMs,
      ...(status !== undefined ? { statusCode: status } : {}),
      ...(cleanError !== undefined ? { error: cleanError } : {}),
      outcome,
      ...(nextAttemptAt ? { nextAttemptAt } : {}),
      at: at.toISOString(),
    });
    this.options.onAttempt?.(d.webhook, recorded);
    const fields = {
      delivery: d.id,
      webhook: d.webhook,
      event: d.eventType,
      attempt: d.attempts,
      ...(status !== undefined ? { status } : {}),
      ...(cleanError !== undefined ? { error: cleanError } : {}),
      outcome: recorded,
      ...(nextAttemptAt ? { nextAttemptAt } : {}),
    };
    if (recorded === "delivered") this.options.log.info(fields, "webhook delivered");
    else if (recorded === "dead") this.options.log.warn(fields, "webhook delivery given up");
    else this.options.log.info(fields, "webhook delivery failed; will retry");
    return recorded;
  }
}

const ZERO = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

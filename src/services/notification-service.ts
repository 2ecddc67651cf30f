import { randomBytes } from "node:crypto";
import { OrcError } from "../domain/errors.js";
import { didYouMean, type Estate, type Webhook } from "../domain/estate/index.js";
import { auditActor, type Principal } from "../domain/identity/index.js";
import { webhookEventType, webhooksFor, type WebhookPayload } from "../domain/notification/index.js";
import type { LifecycleEvent } from "../domain/release/index.js";
import {
  findDelivery,
  findRelease,
  insertDelivery,
  listAttempts,
  listDeliveries,
  requeueDelivery,
  type Db,
  type DeliveryAttempt,
  type DeliveryFilter,
  type Queryable,
  type StoredDelivery,
} from "../store/index.js";
import type { AuditLog } from "./audit-log.js";
import type { LifecycleListener } from "./release-hooks.js";

/** Environment variables, where webhook secrets are read from (the process's by default). */
export type SecretSource = Readonly<Record<string, string | undefined>>;

/** What recording a notification needs besides the transaction. */
export interface NotificationSource {
  /** The estate in force (undefined while none is loaded: nobody is told). */
  readonly estate: () => Estate | undefined;
  /** @default process.env */
  readonly env?: SecretSource;
  /** Makes the ids of events (`evt_…`) and deliveries (`msg_…`). @default 16 random bytes, base64url */
  readonly newId?: (prefix: "evt" | "msg") => string;
}

/** A random id such as `msg_3q2B…` (Standard Webhooks ids are opaque strings). */
export function randomMessageId(prefix: "evt" | "msg"): string {
  return `${prefix}_${randomBytes(16).toString("base64url")}`;
}

/** True when the webhook's secret is set: a webhook without one is disabled (nothing is recorded for it). */
export function webhookEnabled(hook: Webhook, env: SecretSource = process.env): boolean {
  const secret = env[hook.secretEnv];
  return typeof secret === "string" && secret.length > 0;
}

/**
 * Writes one outbox row per enabled webhook that hears about `event`, with the transaction of the
 * release change: a change that rolls back tells nobody. Returns the number of deliveries written.
 */
export async function recordNotification(
  tx: Queryable,
  event: LifecycleEvent,
  source: NotificationSource,
): Promise<number> {
  const estate = source.estate();
  if (!estate?.notifications?.webhooks.length) return 0;
  const env = source.env ?? process.env;
  const newId = source.newId ?? randomMessageId;
  const release = await findRelease(tx, event.releaseId);
  const type = webhookEventType(event);
  const hooks = webhooksFor(estate, {
    type,
    tenant: release?.tenant ?? "",
    environments: event.environments,
    tier: event.tier,
  }).filter((h) => webhookEnabled(h, env));
  if (hooks.length === 0) return 0;
  const payload: WebhookPayload = {
    id: newId("evt"),
    type,
    occurredAt: event.at,
    ...(release ? { tenant: release.tenant } : {}),
    environments: event.environments,
    actor: event.actor,
    ...(release
      ? {
          release: {
            id: release.id,
            version: release.version,
            state: release.state,
            tier: release.tier,
            summary: release.summary,
            requester: release.requester,
            imageDigest: release.imageDigest,
            ...(release.scheduledStart ? { scheduledStart: release.scheduledStart } : {}),
          },
        }
      : {}),
  };
  for (const hook of hooks) {
    await insertDelivery(tx, {
      messageId: newId("msg"),
      eventId: payload.id,
      webhook: hook.name,
      eventType: type,
      releaseId: event.releaseId,
      payload: { ...payload },
      maxAttempts: hook.maxAttempts,
      at: event.at,
    });
  }
  return hooks.length;
}

/** The lifecycle listener of `orc serve`: records the webhook deliveries of each release change. */
export function notificationListener(source: NotificationSource): LifecycleListener {
  return { onEvent: async (tx, event) => void (await recordNotification(tx, event, source)) };
}

/** A webhook as the API shows it: never its secret, only the variable's name and whether it is set. */
export interface WebhookInfo {
  readonly name: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly tenants?: readonly string[];
  readonly environments?: readonly string[];
  readonly tiers?: readonly string[];
  readonly secretEnv: string;
  readonly enabled: boolean;
  readonly timeout: string;
  readonly maxAttempts: number;
}

/** A delivery with its attempts. */
export interface DeliveryDetail {
  readonly delivery: StoredDelivery;
  readonly attempts: readonly DeliveryAttempt[];
}

/** Notification use cases of the API: the webhooks, the delivery log, retries and test pings. */
export class NotificationService {
  private readonly env: SecretSource;
  private readonly newId: (prefix: "evt" | "msg") => string;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly source: NotificationSource,
    private readonly now: () => Date,
  ) {
    this.env = source.env ?? process.env;
    this.newId = source.newId ?? randomMessageId;
  }

  /** The listener to give the release service. */
  listener(): LifecycleListener {
    return notificationListener(this.source);
  }

  webhooks(): WebhookInfo[] {
    return (this.source.estate()?.notifications?.webhooks ?? []).map((h) => ({
      name: h.name,
      url: h.url,
      events: h.events,
      ...(h.tenants ? { tenants: h.tenants } : {}),
      ...(h.environments ? { environments: h.environments } : {}),
      ...(h.tiers ? { tiers: h.tiers } : {}),
      secretEnv: h.secretEnv,
      enabled: webhookEnabled(h, this.env),
      timeout: h.timeout,
      maxAttempts: h.maxAttempts,
    }));
  }

  private webhook(name: string): Webhook {
    const hooks = this.source.estate()?.notifications?.webhooks ?? [];
    const hook = hooks.find((h) => h.name === name);
    if (hook) return hook;
    const hint = didYouMean(
      name,
      hooks.map((h) => h.name),
    );
    throw new OrcError(
      "not-found",
      `no webhook ${name} in the estate${hint ? `; ${hint}` : hooks.length ? `; webhooks are ${hooks.map((h) => h.name).join(", ")}` : ""}`,
    );
  }

  deliveries(filter: DeliveryFilter): Promise<StoredDelivery[]> {
    return listDeliveries(this.db, filter);
  }

  async delivery(id: number): Promise<DeliveryDetail> {
    const delivery = await findDelivery(this.db, id);
    if (!delivery) throw new OrcError("not-found", `no delivery ${id}`);
    return { delivery, attempts: await listAttempts(this.db, id) };
  }

  /**
   * Queues a delivered or dead delivery again, now, with the webhook's `maxAttempts` more attempts
   * (the same `webhook-id`: receivers that already got it can dedupe). Audited.
   */
  async retry(id: number, by: Principal): Promise<StoredDelivery> {
    return this.db.transaction(async (tx) => {
      const before = await findDelivery(tx, id);
      if (!before) throw new OrcError("not-found", `no delivery ${id}`);
      if (before.state === "pending")
        throw new OrcError("conflict", `delivery ${id} is still pending (attempt ${before.attempts})`);
      const hook = this.source.estate()?.notifications?.webhooks.find((h) => h.name === before.webhook);
      const after = await requeueDelivery(tx, id, this.now().toISOString(), hook?.maxAttempts ?? 1);
      if (!after) throw new OrcError("conflict", `delivery ${id} changed meanwhile; try again`);
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "notification.retried",
        subjectType: "notification-delivery",
        subjectId: String(id),
        payload: {
          webhook: after.webhook,
          messageId: after.messageId,
          eventType: after.eventType,
          previousState: before.state,
          attempts: after.attempts,
          maxAttempts: after.maxAttempts,
        },
      });
      return after;
    });
  }

  /** Queues a `ping` to the webhook (through the outbox, like any delivery). Audited. */
  async test(name: string, by: Principal): Promise<StoredDelivery> {
    const hook = this.webhook(name);
    if (!webhookEnabled(hook, this.env)) {
      throw new OrcError(
        "conflict",
        `webhook ${name} is disabled: set the environment variable ${hook.secretEnv} (its signing secret) on the server and restart it`,
      );
    }
    const at = this.now().toISOString();
    const payload: WebhookPayload = {
      id: this.newId("evt"),
      type: "ping",
      occurredAt: at,
      actor: auditActor(by),
      webhook: name,
    };
    return this.db.transaction(async (tx) => {
      const id = await insertDelivery(tx, {
        messageId: this.newId("msg"),
        eventId: payload.id,
        webhook: name,
        eventType: "ping",
        payload: { ...payload },
        maxAttempts: hook.maxAttempts,
        at,
      });
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "notification.test-requested",
        subjectType: "notification-delivery",
        subjectId: String(id),
        payload: { webhook: name },
      });
      return (await findDelivery(tx, id)) as StoredDelivery;
    });
  }
}

import { eventPatternMatches, type Estate, type Webhook } from "../estate/index.js";
import type { LifecycleEvent } from "../release/lifecycle-event.js";

/** The release as a webhook tells it: a summary, never the plan or anything secret. */
export interface WebhookRelease {
  readonly id: number;
  readonly version: number;
  readonly state: string;
  readonly tier: string;
  readonly summary: string;
  readonly requester: string;
  readonly imageDigest: string;
  readonly scheduledStart?: string;
}

/**
 * The JSON body of a delivery (documented in docs/webhooks.md; fields are only ever added). `id` is the
 * event's id, shared by the deliveries of one event to several webhooks; the `webhook-id` header
 * identifies one delivery and stays the same across its retries.
 */
export interface WebhookPayload {
  readonly id: string;
  /** `release.approved`, …, or `ping` for a test delivery. */
  readonly type: string;
  /** ISO 8601 instant of the change. */
  readonly occurredAt: string;
  readonly tenant?: string;
  readonly environments?: readonly string[];
  /** Who made the change: `user:alice (token 12)`, or `system`. */
  readonly actor: string;
  readonly release?: WebhookRelease;
  /** Set on `ping`: the webhook tested. */
  readonly webhook?: string;
}

/** `release.approved` for the lifecycle event `approved`. */
export function webhookEventType(event: LifecycleEvent): string {
  return `release.${event.event}`;
}

/** What a webhook's filters are matched against. */
export interface WebhookSubject {
  readonly type: string;
  readonly tenant: string;
  readonly environments: readonly string[];
  readonly tier: string;
}

/** True when the webhook subscribes to the event type and its filters (all given ones) accept the release. */
export function webhookSelects(hook: Webhook, subject: WebhookSubject): boolean {
  if (!hook.events.some((p) => eventPatternMatches(p, subject.type))) return false;
  if (hook.tenants && !hook.tenants.includes(subject.tenant)) return false;
  if (hook.tiers && !hook.tiers.includes(subject.tier)) return false;
  if (hook.environments) {
    const names = subject.environments.flatMap((id) => [id, id.slice(id.indexOf("/") + 1)]);
    if (!hook.environments.some((e) => names.includes(e))) return false;
  }
  return true;
}

/**
 * The estate's webhooks that hear about `subject`, in declaration order: those whose own events and
 * filters select it, and those the release's tier names for this event (`tiers[].notify[].webhooks`,
 * an explicit subscription that the webhook's own filters do not narrow).
 */
export function webhooksFor(estate: Estate, subject: WebhookSubject): Webhook[] {
  const event = subject.type.startsWith("release.") ? subject.type.slice("release.".length) : undefined;
  const named = new Set(
    estate.tiers
      .find((t) => t.name === subject.tier)
      ?.notify.filter((n) => event !== undefined && (n.on as readonly string[]).includes(event))
      .flatMap((n) => n.webhooks ?? []) ?? [],
  );
  return (estate.notifications?.webhooks ?? []).filter(
    (h) => named.has(h.name) || webhookSelects(h, subject),
  );
}

const PAYLOAD_ORDER = ["id", "type", "occurredAt", "tenant", "environments", "actor", "release", "webhook"];
const RELEASE_ORDER = [
  "id",
  "version",
  "state",
  "tier",
  "summary",
  "requester",
  "imageDigest",
  "scheduledStart",
];

function ordered(
  value: Readonly<Record<string, unknown>>,
  order: readonly string[],
): Record<string, unknown> {
  const keys = [
    ...order.filter((k) => Object.hasOwn(value, k)),
    ...Object.keys(value)
      .filter((k) => !order.includes(k))
      .sort(),
  ];
  return Object.fromEntries(keys.map((k) => [k, value[k]]));
}

/**
 * The body sent for a payload: JSON with the documented fields in the documented order (the store
 * may return them in another), so a delivery's body is the same text on every attempt.
 */
export function webhookBody(payload: Readonly<Record<string, unknown>>): string {
  const release = payload.release;
  const withRelease =
    release && typeof release === "object" && !Array.isArray(release)
      ? { ...payload, release: ordered(release as Record<string, unknown>, RELEASE_ORDER) }
      : payload;
  return JSON.stringify(ordered(withRelease, PAYLOAD_ORDER));
}

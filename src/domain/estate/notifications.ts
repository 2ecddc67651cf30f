import { z } from "zod";
import { didYouMean } from "./did-you-mean.js";
import { approximateSeconds, IsoDuration, parseIsoDuration } from "./duration.js";
import type { EstateProblem } from "./estate-problem.js";
import type { FieldPath } from "./field-path.js";
import { Name } from "./names.js";
import { isRecord } from "./raw-value.js";
import { DEFAULT_TIERS, NOTIFICATION_EVENTS } from "./tier.js";

/** The event types a webhook can subscribe to: `release.<lifecycle event>`. */
export const WEBHOOK_EVENT_TYPES = NOTIFICATION_EVENTS.map((e) => `release.${e}` as const);
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** True when `pattern` (an event type, `release.*` or `*`) selects the event type `type`. */
export function eventPatternMatches(pattern: string, type: string): boolean {
  if (pattern === "*" || pattern === type) return true;
  return pattern.endsWith(".*") && type.startsWith(pattern.slice(0, -1));
}

/** Longest timeout of one delivery attempt (the deliverer's lease covers it). */
export const MAX_WEBHOOK_TIMEOUT_SECONDS = 60;

const ENV_VAR_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An event type or a glob (`release.*`, `*`); an unknown type is refused with a suggestion. */
export const WebhookEventPattern = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    if (value === "*" || value === "release.*" || (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value))
      return;
    const bare = value.startsWith("release.") ? value : `release.${value}`;
    const hint =
      ((WEBHOOK_EVENT_TYPES as readonly string[]).includes(bare) ? `did you mean \`${bare}\`?` : undefined) ??
      didYouMean(value, WEBHOOK_EVENT_TYPES) ??
      `event types: ${WEBHOOK_EVENT_TYPES.join(", ")}, or release.* for all`;
    ctx.addIssue({
      code: "custom",
      message: `unknown event type \`${value}\``,
      params: { code: "invalid-value", hint },
      input: value,
    });
  })
  .meta({ description: "A lifecycle event type such as release.approved, or release.* for all of them." });

/** The name of an environment variable holding a secret (never the secret itself). */
export const SecretEnvName = z
  .string()
  .superRefine((value, ctx) => {
    if (ENV_VAR_RE.test(value)) return;
    ctx.addIssue({
      code: "custom",
      // Never echo the value: someone may have pasted the secret itself here.
      message:
        "secretEnv is not the name of an environment variable (the value is not shown: it may be a secret)",
      params: {
        code: "invalid-format",
        hint: "write the NAME of the environment variable holding the secret (letters, digits, _), never the secret",
      },
      input: value,
    });
  })
  .meta({
    description: "Name of the environment variable holding the HMAC secret, e.g. ORC_WEBHOOK_SECRET.",
  });

/** An outgoing webhook: where lifecycle events are POSTed, signed with HMAC-SHA256. */
export const Webhook = z
  .strictObject({
    name: Name,
    description: z.string().optional(),
    /** The receiving endpoint (https in production; http is accepted for internal receivers). */
    url: z.url({ protocol: /^https?$/ }),
    /** Event types or globs (`release.*`). */
    events: z.array(WebhookEventPattern).min(1),
    /** Only releases of these tenants. @default every tenant */
    tenants: z.array(Name).min(1).optional(),
    /** Only releases touching these environments (`tenant/env`, or an environment name). @default every environment */
    environments: z.array(z.string().min(1)).min(1).optional(),
    /** Only releases of these tiers. @default every tier */
    tiers: z.array(Name).min(1).optional(),
    /** Environment variable holding the signing secret; a webhook whose variable is unset is disabled. */
    secretEnv: SecretEnvName,
    /** How long one attempt may take (at most PT1M). @default PT10S */
    timeout: IsoDuration.default("PT10S"),
    /** Attempts before a delivery is given up (dead). @default 8 */
    maxAttempts: z.int().min(1).max(50).default(8),
  })
  .meta({ description: "An outgoing webhook: signed JSON POSTs on release lifecycle events." });
export type Webhook = z.infer<typeof Webhook>;

/** Who is told what, outside orc: outgoing webhooks. */
export const Notifications = z
  .strictObject({
    /** @default [] */
    webhooks: z.array(Webhook).default([]),
  })
  .meta({ description: "Notifications: outgoing webhooks signed with HMAC-SHA256 (Standard Webhooks)." });
export type Notifications = z.infer<typeof Notifications>;

function list(record: Record<string, unknown>, key: string): { value: string; index: number }[] {
  const v = record[key];
  if (!Array.isArray(v)) return [];
  return v.flatMap((x: unknown, index) => (typeof x === "string" ? [{ value: x, index }] : []));
}

/**
 * Problems in the meaning of the `notifications` section: duplicate webhook names, filters naming
 * unknown tenants, environments or tiers, a timeout above one minute. Reads the parsed YAML
 * defensively (like the estate's other cross-references) so it also runs when the schema found problems.
 */
export function checkNotificationReferences(data: unknown): EstateProblem[] {
  if (!isRecord(data)) return [];
  const problems: EstateProblem[] = [];
  const section = isRecord(data.notifications) ? data.notifications : {};
  const hooks = Array.isArray(section.webhooks) ? (section.webhooks as unknown[]) : [];
  const tenants = new Set<string>();
  const envIds = new Set<string>();
  const envNames = new Set<string>();
  for (const t of Array.isArray(data.tenants) ? data.tenants : []) {
    if (!isRecord(t) || typeof t.name !== "string") continue;
    tenants.add(t.name);
    for (const e of Array.isArray(t.environments) ? t.environments : []) {
      if (!isRecord(e) || typeof e.name !== "string") continue;
      envIds.add(`${t.name}/${e.name}`);
      envNames.add(e.name);
    }
  }
  const tiers = new Set<string>(
    Array.isArray(data.tiers)
      ? data.tiers.flatMap((t: unknown) => (isRecord(t) && typeof t.name === "string" ? [t.name] : []))
      : DEFAULT_TIERS.map((t) => t.name),
  );
  const seen = new Map<string, number>();
  checkTierWebhooks(data, hooks, problems);
  hooks.forEach((hook: unknown, i) => {
    if (!isRecord(hook)) return;
    const base: FieldPath = ["notifications", "webhooks", i];
    const name = typeof hook.name === "string" ? hook.name : undefined;
    if (name !== undefined) {
      const first = seen.get(name);
      if (first !== undefined) {
        problems.push({
          code: "duplicate-name",
          severity: "error",
          message: `duplicate webhook name \`${name}\` (first declared at notifications.webhooks[${first}])`,
          path: [...base, "name"],
          hint: "each webhook name must be unique: deliveries are logged under it",
        });
      } else seen.set(name, i);
    }
    const dangling = (key: string, what: string, known: Set<string>, extra?: Set<string>) => {
      for (const { value, index } of list(hook, key)) {
        if (known.has(value) || extra?.has(value)) continue;
        problems.push({
          code: "dangling-reference",
          severity: "error",
          message: `webhook \`${name ?? "?"}\` filters on unknown ${what} \`${value}\``,
          path: [...base, key, index],
          hint: didYouMean(value, [...known, ...(extra ?? [])]) ?? `declare the ${what} or remove the filter`,
        });
      }
    };
    const timeout = typeof hook.timeout === "string" ? parseIsoDuration(hook.timeout) : undefined;
    if (timeout) {
      const seconds = approximateSeconds(timeout);
      if (seconds < 1 || seconds > MAX_WEBHOOK_TIMEOUT_SECONDS) {
        problems.push({
          code: "out-of-range",
          severity: "error",
          message: `webhook \`${name ?? "?"}\` has a timeout of ${hook.timeout as string}; it must be between PT1S and PT1M`,
          path: [...base, "timeout"],
          hint: "a receiver should answer quickly and do slow work after replying",
        });
      }
    }
    dangling("tenants", "tenant", tenants);
    dangling("environments", "environment", envIds, envNames);
    dangling("tiers", "tier", tiers);
  });
  return problems;
}

/** Tiers' `notify[].webhooks` must name declared webhooks. */
function checkTierWebhooks(data: Record<string, unknown>, hooks: unknown[], problems: EstateProblem[]): void {
  const names = hooks.flatMap((h) => (isRecord(h) && typeof h.name === "string" ? [h.name] : []));
  if (!Array.isArray(data.tiers)) return;
  data.tiers.forEach((tier: unknown, t) => {
    if (!isRecord(tier) || !Array.isArray(tier.notify)) return;
    tier.notify.forEach((n: unknown, i) => {
      if (!isRecord(n)) return;
      for (const { value, index } of list(n, "webhooks")) {
        if (names.includes(value)) continue;
        problems.push({
          code: "dangling-reference",
          severity: "error",
          message: `tier \`${typeof tier.name === "string" ? tier.name : "?"}\` notifies unknown webhook \`${value}\``,
          path: ["tiers", t, "notify", i, "webhooks", index],
          hint: didYouMean(value, names) ?? "declare the webhook under notifications.webhooks",
        });
      }
    });
  });
}

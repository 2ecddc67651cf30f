import { z } from "zod";
import { list, positiveId } from "./schemas.js";
import { Name } from "../../domain/estate/index.js";
import { DELIVERY_STATES } from "../../store/index.js";
import { defineRoute, reply } from "../route.js";

// Notifications: the estate's outgoing webhooks, the delivery log, retries and test pings. Secrets are
// never shown: a webhook lists the name of its secret's environment variable and whether it is set.

const Id = z.object({ id: positiveId("a delivery id") });

const DeliveryState = z.enum(DELIVERY_STATES as ["pending", "delivered", "dead"]);

const WebhookBody = z.object({
  name: z.string(),
  url: z.string(),
  events: list(z.string()),
  tenants: list(z.string()).optional(),
  environments: list(z.string()).optional(),
  tiers: list(z.string()).optional(),
  secretEnv: z.string(),
  enabled: z.boolean(),
  timeout: z.string(),
  maxAttempts: z.number(),
});

const DeliveryBody = z.object({
  id: z.number(),
  messageId: z.string(),
  eventId: z.string(),
  webhook: z.string(),
  eventType: z.string(),
  releaseId: z.number().optional(),
  payload: z.record(z.string(), z.unknown()),
  state: DeliveryState,
  attempts: z.number(),
  maxAttempts: z.number(),
  nextAttemptAt: z.string(),
  leaseOwner: z.string().optional(),
  leaseUntil: z.string().optional(),
  lastStatus: z.number().optional(),
  lastError: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deliveredAt: z.string().optional(),
});

const AttemptBody = z.object({
  id: z.number(),
  deliveryId: z.number(),
  attempt: z.number(),
  startedAt: z.string(),
  durationMs: z.number(),
  statusCode: z.number().optional(),
  outcome: z.enum(["delivered", "retry", "dead", "superseded"]),
  error: z.string().optional(),
  deliverer: z.string(),
});

const readers = ["engineer", "release-manager", "auditor"] as const;

/** The notifications API. */
export const notificationRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/notifications/webhooks",
    operationId: "listWebhooks",
    summary:
      "The estate's outgoing webhooks, each with the name of its secret's environment variable and whether it is set (never the secret).",
    tag: "notifications",
    roles: [...readers],
    response: z.object({ webhooks: list(WebhookBody) }),
    handler: async ({ ctx }) => ({ webhooks: ctx.notifications.webhooks() }),
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/notifications/deliveries",
    operationId: "listDeliveries",
    summary:
      "The delivery log, newest first: one entry per event and webhook, with its state, attempts and last result; filter by webhook, state and release.",
    tag: "notifications",
    roles: [...readers],
    query: z.strictObject({
      webhook: z.string().max(100).optional(),
      state: DeliveryState.optional(),
      release: positiveId("a release id").optional(),
      before: z
        .string()
        .regex(/^\d{1,15}$/)
        .transform(Number)
        .optional(),
      limit: z
        .string()
        .regex(/^\d{1,3}$/, "a limit is a number from 1 to 500")
        .transform(Number)
        .optional(),
    }),
    response: z.object({ deliveries: list(DeliveryBody), next: z.number().optional() }),
    handler: async ({ ctx, query }) => {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
      const deliveries = await ctx.notifications.deliveries({
        ...(query.webhook !== undefined ? { webhook: query.webhook } : {}),
        ...(query.state !== undefined ? { state: query.state } : {}),
        ...(query.release !== undefined ? { releaseId: query.release } : {}),
        ...(query.before !== undefined ? { before: query.before } : {}),
        limit,
      });
      const last = deliveries.at(-1);
      return { deliveries, ...(deliveries.length === limit && last ? { next: last.id } : {}) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/notifications/deliveries/{id}",
    operationId: "getDelivery",
    summary: "One delivery with every attempt: status code, duration and error of each.",
    tag: "notifications",
    roles: [...readers],
    params: Id,
    response: z.object({ delivery: DeliveryBody, attempts: list(AttemptBody) }),
    handler: async ({ ctx, params }) => ctx.notifications.delivery(params.id),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/notifications/deliveries/{id}/retry",
    operationId: "retryDelivery",
    summary:
      "Send a delivered or dead delivery again, now, with the webhook's maxAttempts more attempts and the same webhook-id (409 while it is pending). Audited.",
    tag: "notifications",
    roles: ["release-manager"],
    params: Id,
    response: DeliveryBody,
    handler: async ({ ctx, params, principal }) => ctx.notifications.retry(params.id, principal),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/notifications/webhooks/{name}/test",
    operationId: "testWebhook",
    summary:
      "Queue a `ping` delivery to the webhook, signed like any other (409 when its secret is not set). Audited.",
    tag: "notifications",
    roles: ["release-manager"],
    params: z.object({ name: Name }),
    status: 202,
    response: DeliveryBody,
    handler: async ({ ctx, params, principal }) =>
      reply(await ctx.notifications.test(params.name, principal), 202),
  }),
];

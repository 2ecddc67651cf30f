import { z } from "zod";
import { CalendarFeedService } from "../../services/calendar-feed-service.js";
import { defineRoute, reply } from "../route.js";

const FeedInfo = z.object({
  id: z.string(),
  environment: z.string(),
  description: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().optional(),
  lastUsedAt: z.string().optional(),
});

const MANAGERS = ["release-manager"] as const;

/** ICS feeds of freezes and maintenance windows, and the subscriptions that open them. */
export const calendarFeedRoutes = [
  defineRoute({
    method: "POST",
    path: "/api/v1/calendar-feeds",
    operationId: "createCalendarFeed",
    summary:
      "Create a subscription to one environment's ICS feed. The subscription URL carries its secret and is in the response, once. Audited.",
    tag: "calendar",
    roles: MANAGERS,
    body: z.strictObject({
      environment: z.string().min(1).max(200).meta({ description: "tenant/environment" }),
      description: z.string().max(500).optional(),
    }),
    status: 201,
    response: z.object({ url: z.string(), webcalUrl: z.string(), info: FeedInfo }),
    handler: async ({ ctx, body, principal, request }) => {
      const created = await ctx.calendarFeeds.create(
        body.environment,
        body.description ?? "",
        principal,
        `${request.protocol}://${request.host}`,
      );
      return reply(created, 201, { "Cache-Control": "no-store" });
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/calendar-feeds",
    operationId: "listCalendarFeeds",
    summary: "Feed subscriptions (never their secrets).",
    tag: "calendar",
    roles: MANAGERS,
    response: z.object({ feeds: z.array(FeedInfo) }),
    handler: async ({ ctx }) => ({ feeds: await ctx.calendarFeeds.list() }),
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/v1/calendar-feeds/{id}",
    operationId: "revokeCalendarFeed",
    summary: "Revoke a feed subscription: its URL stops working. Audited.",
    tag: "calendar",
    roles: MANAGERS,
    params: z.object({ id: z.string().regex(/^[0-9a-f]{12}$/, "a feed id is 12 hex characters") }),
    status: 204,
    handler: async ({ ctx, params, principal }) => {
      await ctx.calendarFeeds.revoke(params.id, principal);
      return reply(undefined, 204);
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/calendars/{tenant}/{environment}.ics",
    operationId: "getCalendarFeed",
    summary:
      "The ICS feed of an environment's freezes and maintenance windows (60 days back, 365 ahead), for Outlook, Google Calendar and Apple Calendar. Authenticated by the subscription token in the query string (calendar clients cannot send headers), valid for this environment only.",
    tag: "calendar",
    roles: "public",
    securityScheme: "calendarFeedToken",
    params: z.object({ tenant: z.string().max(100), environment: z.string().max(100) }),
    query: z.object({ token: z.string().max(200).optional() }),
    produces: "text/calendar; charset=utf-8",
    handler: async ({ ctx, params, query, request }) => {
      const header = request.headers["if-none-match"];
      const feed = await ctx.calendarFeeds.feed(
        params.tenant,
        params.environment,
        query.token,
        typeof header === "string" ? header : undefined,
      );
      return reply(feed.body ?? "", feed.status, {
        ETag: feed.etag,
        "Cache-Control": CalendarFeedService.cacheControl,
        "Content-Disposition": `inline; filename="${feed.filename}"`,
        // The URL is a secret: never send it on as a referrer.
        "Referrer-Policy": "no-referrer",
      });
    },
  }),
];

import { z } from "zod";
import { ROLES } from "../../domain/identity/index.js";
import { openApiDocument } from "../openapi.js";
import { defineRoute, type AnyRoute } from "../route.js";
import { auditRoutes } from "./audit.js";
import { calendarRoutes } from "./calendar.js";
import { calendarFeedRoutes } from "./calendar-feeds.js";
import { estateRoutes } from "./estate.js";
import { healthRoutes } from "./health.js";
import { notificationRoutes } from "./notifications.js";
import { releaseRoutes } from "./releases.js";
import { ssoRoutes } from "./sso.js";
import { tokenRoutes } from "./tokens.js";

const featureRoutes: readonly AnyRoute[] = [
  ...healthRoutes,
  ...estateRoutes,
  ...calendarRoutes,
  ...calendarFeedRoutes,
  ...tokenRoutes,
  ...auditRoutes,
  ...ssoRoutes,
  ...releaseRoutes,
  ...notificationRoutes,
];

const openApiRoute = defineRoute({
  method: "GET",
  path: "/api/v1/openapi.json",
  operationId: "openApi",
  summary: "This API's OpenAPI 3.1 document.",
  tag: "meta",
  roles: ROLES,
  response: z.record(z.string(), z.unknown()),
  handler: async ({ ctx }) => openApiDocument(allRoutes, ctx.version),
});

/** Every API route, registered in this one list. */
export const allRoutes: readonly AnyRoute[] = [...featureRoutes, openApiRoute];

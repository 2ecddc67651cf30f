import { z } from "zod";
import type { AnyRoute } from "./route.js";

const ProblemSchema = {
  type: "object",
  required: ["type", "title", "status", "detail", "code"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string", description: "stable error code" },
    instance: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: {
          path: { type: "string" },
          message: { type: "string" },
          code: { type: "string" },
          file: { type: "string" },
          line: { type: "integer" },
          column: { type: "integer" },
        },
      },
    },
  },
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: "path" | "query"): unknown[] {
  if (!schema) return [];
  const s = jsonSchema(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, prop]) => ({
    name,
    in: location,
    required: location === "path" || (s.required ?? []).includes(name),
    schema: prop,
  }));
}

/** The OpenAPI 3.1 document, derived from the same route declarations the server runs. */
export function openApiDocument(routes: readonly AnyRoute[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const status = String(r.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: {
        description: status === "204" ? "No content" : "Success",
        ...(status === "204"
          ? {}
          : {
              content: r.produces
                ? { [r.produces.split(";")[0] as string]: { schema: { type: "string" } } }
                : { "application/json": { schema: r.response ? jsonSchema(r.response, "output") : {} } },
            }),
      },
      default: {
        description: "Problem",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      },
    };
    if (r.roles !== "public") {
      responses["401"] = {
        description: "No or invalid token",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
      responses["403"] = {
        description: `Needs one of: ${r.roles.join(", ")} (or admin)`,
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      };
    }
    (paths[r.path] ??= {})[r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      ...(r.roles === "public"
        ? { security: r.securityScheme ? [{ [r.securityScheme]: [] }] : [] }
        : { "x-orc-roles": r.roles }),
      ...(r.mfa ? { "x-orc-mfa": true } : {}),
      parameters: [...parameters(r.params, "path"), ...parameters(r.query, "query")],
      ...(r.body
        ? {
            requestBody: {
              required: !r.body.safeParse(undefined).success,
              content: { "application/json": { schema: jsonSchema(r.body, "input") } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Odoo Release Control API",
      version,
      description: "Errors are RFC 9457 problem details with stable codes.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "orc API token (orc_<id>_<secret>)" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "orc_session",
          description:
            "single sign-on session (GET /auth/login); POST, PUT, PATCH and DELETE also need the X-Orc-Csrf header",
        },
        calendarFeedToken: {
          type: "apiKey",
          in: "query",
          name: "token",
          description:
            "calendar feed subscription token (orcfeed_<id>_<secret>; POST /api/v1/calendar-feeds)",
        },
      },
      schemas: { Problem: ProblemSchema },
    },
    paths,
  };
}

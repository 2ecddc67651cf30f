import { z } from "zod";
import { describeChainBreak } from "../../domain/audit/index.js";
import { listAuditEvents } from "../../store/index.js";
import { defineRoute } from "../route.js";

const AuditEvent = z.object({
  seq: z.number().int(),
  ts: z.string(),
  actor: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  payload: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});

const EventQuery = z.strictObject({
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  subjectType: z.string().max(200).optional(),
  subjectId: z.string().max(500).optional(),
  after: z.coerce.number().int().min(0).optional(),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const Verification = z.object({
  ok: z.boolean(),
  eventsChecked: z.number(),
  headSeq: z.number(),
  headHash: z.string(),
  checkpointsVerified: z.number(),
  checkpointsInDatabase: z.number(),
  checkpointsInDirectory: z.number(),
  firstBadSeq: z.number().optional(),
  problem: z.string().optional(),
  durationMs: z.number(),
});

/** The audit trail: search, verification and checkpoints. */
export const auditRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/v1/audit/events",
    operationId: "listAuditEvents",
    summary: "Search audit events (filters combine with AND; `after` is a keyset cursor).",
    tag: "audit",
    roles: ["auditor"],
    query: EventQuery,
    response: z.object({ events: z.array(AuditEvent), next: z.number().optional() }),
    handler: async ({ query, ctx }) => {
      const limit = query.limit ?? 100;
      await ctx.audit.flush();
      const events = await listAuditEvents(ctx.db, {
        ...query,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
        limit,
      });
      const last = events[events.length - 1];
      return { events, ...(events.length === limit && last ? { next: last.seq } : {}) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/audit/verify",
    operationId: "verifyAudit",
    summary:
      "Recompute the hash chain and check the signed checkpoints; names the first bad sequence number.",
    tag: "audit",
    roles: ["auditor"],
    response: Verification,
    handler: async ({ ctx }) => {
      const { firstBreak, lastCheckpoint: _last, ...v } = await ctx.audit.verify();
      return {
        ...v,
        ...(firstBreak ? { firstBadSeq: firstBreak.seq, problem: describeChainBreak(firstBreak) } : {}),
      };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/v1/audit/checkpoints",
    operationId: "listAuditCheckpoints",
    summary: "Signed checkpoints of the audit chain (C2SP signed notes).",
    tag: "audit",
    roles: ["auditor"],
    response: z.object({
      checkpoints: z.array(
        z.object({ size: z.number(), root: z.string(), note: z.string(), createdAt: z.string() }),
      ),
    }),
    handler: async ({ ctx }) => ({ checkpoints: await ctx.audit.checkpoints() }),
  }),
  defineRoute({
    method: "POST",
    path: "/api/v1/audit/checkpoints",
    operationId: "createAuditCheckpoint",
    summary: "Sign a checkpoint at the current head now (normally done periodically).",
    tag: "audit",
    roles: ["admin"],
    mfa: true,
    response: z.object({ created: z.boolean(), size: z.number().optional() }),
    handler: async ({ ctx }) => {
      const cp = await ctx.audit.checkpoint();
      return { created: cp !== undefined, ...(cp ? { size: cp.size } : {}) };
    },
  }),
];

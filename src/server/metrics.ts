import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The server's Prometheus metrics, in their own registry (no global state between test servers). */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: "orc_http_requests_total",
    help: "HTTP requests by method, route template and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: "orc_http_request_duration_seconds",
    help: "HTTP request latency by method and route template.",
    labelNames: ["method", "route"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly auditAppended = new Counter({
    name: "orc_audit_events_appended_total",
    help: "Audit events appended by this process, by action.",
    labelNames: ["action"] as const,
    registers: [this.registry],
  });
  readonly auditHead = new Gauge({
    name: "orc_audit_head_sequence",
    help: "Sequence number of the last audit event appended by this process.",
    registers: [this.registry],
  });
  readonly estateReloads = new Counter({
    name: "orc_estate_reloads_total",
    help: "Estate reload attempts by outcome.",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly webhookAttempts = new Counter({
    name: "orc_webhook_attempts_total",
    help: "Webhook delivery attempts by webhook and outcome (delivered, retry, dead, superseded).",
    labelNames: ["webhook", "outcome"] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: "orc_process_" });
  }
}

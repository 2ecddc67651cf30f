import { InvalidArgumentError } from "commander";
import type { DeliveryAttempt, StoredDelivery } from "../../store/index.js";
import { DELIVERY_STATES } from "../../store/index.js";
import { addApiOptions, apiTarget, callApi, type ApiFlags } from "../api-client.js";
import type { CliCommand } from "../command.js";
import { printJson } from "../io.js";
import { formatTable } from "../text-table.js";

function positiveId(what: string) {
  return (value: string) => {
    if (!/^[1-9]\d{0,14}$/.test(value)) throw new InvalidArgumentError(`a ${what} id is a positive integer`);
    return value;
  };
}

function state(value: string): string {
  if (!(DELIVERY_STATES as readonly string[]).includes(value))
    throw new InvalidArgumentError(`unknown state "${value}"; use ${DELIVERY_STATES.join(", ")}`);
  return value;
}

function limit(value: string): string {
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 500)
    throw new InvalidArgumentError("a limit is a number from 1 to 500");
  return value;
}

/** One line per delivery: id, webhook, event, release, state, attempts, last result. */
export function formatDeliveries(list: readonly StoredDelivery[]): string {
  if (list.length === 0) return "no deliveries\n";
  const rows = list.map((d) => [
    String(d.id),
    d.webhook,
    d.eventType,
    d.releaseId === undefined ? "-" : String(d.releaseId),
    d.state,
    `${d.attempts}/${d.maxAttempts}`,
    d.state === "pending" ? `next ${d.nextAttemptAt}` : (d.deliveredAt ?? d.updatedAt),
    d.lastError ?? (d.lastStatus !== undefined ? `HTTP ${d.lastStatus}` : ""),
  ]);
  return `${formatTable([["ID", "WEBHOOK", "EVENT", "RELEASE", "STATE", "ATTEMPTS", "WHEN", "LAST"], ...rows])}\n`;
}

function formatAttempts(attempts: readonly DeliveryAttempt[]): string {
  if (attempts.length === 0) return "no attempts yet\n";
  const rows = attempts.map((a) => [
    String(a.attempt),
    a.startedAt,
    `${a.durationMs} ms`,
    a.statusCode === undefined ? "-" : String(a.statusCode),
    a.outcome,
    a.error ?? "",
  ]);
  return `${formatTable([["ATTEMPT", "STARTED", "TOOK", "STATUS", "OUTCOME", "ERROR"], ...rows])}\n`;
}

/** `orc notifications webhooks|deliveries|show|retry|test` (through the API). */
export const notificationsCommand: CliCommand = {
  name: "notifications",
  register(program, io) {
    const cmd = program
      .command("notifications")
      .description("outgoing webhooks: the delivery log, retries and test pings (talks to the server)");
    const sub = (name: string, description: string) =>
      addApiOptions(cmd.command(name).description(description));

    sub("webhooks", "list the estate's webhooks and whether their secrets are set")
      .option("--json", "print JSON")
      .action(async (flags: ApiFlags & { json?: boolean }) => {
        const { webhooks } = await callApi<{
          webhooks: { name: string; url: string; events: string[]; enabled: boolean; secretEnv: string }[];
        }>(apiTarget(flags, io), "GET", "/api/v1/notifications/webhooks");
        if (flags.json) return printJson(io, webhooks);
        if (webhooks.length === 0) return io.out("no webhooks in the estate\n");
        const rows = webhooks.map((h) => [
          h.name,
          h.enabled ? "enabled" : `disabled (${h.secretEnv} not set)`,
          h.events.join(","),
          h.url,
        ]);
        io.out(`${formatTable([["WEBHOOK", "STATE", "EVENTS", "URL"], ...rows])}\n`);
      });

    sub("deliveries", "the delivery log, newest first")
      .option("--webhook <name>", "only this webhook's deliveries")
      .option("--state <state>", `only deliveries in this state: ${DELIVERY_STATES.join(", ")}`, state)
      .option("--release <id>", "only deliveries about this release", positiveId("release"))
      .option("--limit <n>", "at most n deliveries (default 50)", limit)
      .option("--json", "print JSON")
      .action(
        async (
          flags: ApiFlags & {
            webhook?: string;
            state?: string;
            release?: string;
            limit?: string;
            json?: boolean;
          },
        ) => {
          const q = new URLSearchParams();
          if (flags.webhook) q.set("webhook", flags.webhook);
          if (flags.state) q.set("state", flags.state);
          if (flags.release) q.set("release", flags.release);
          if (flags.limit) q.set("limit", flags.limit);
          const { deliveries } = await callApi<{ deliveries: StoredDelivery[] }>(
            apiTarget(flags, io),
            "GET",
            `/api/v1/notifications/deliveries${q.size ? `?${q}` : ""}`,
          );
          if (flags.json) return printJson(io, deliveries);
          io.out(formatDeliveries(deliveries));
        },
      );

    sub("show", "one delivery with every attempt")
      .argument("<id>", "delivery id", positiveId("delivery"))
      .option("--json", "print JSON")
      .action(async (id: string, flags: ApiFlags & { json?: boolean }) => {
        const detail = await callApi<{ delivery: StoredDelivery; attempts: DeliveryAttempt[] }>(
          apiTarget(flags, io),
          "GET",
          `/api/v1/notifications/deliveries/${id}`,
        );
        if (flags.json) return printJson(io, detail);
        io.out(formatDeliveries([detail.delivery]));
        io.out(`webhook-id ${detail.delivery.messageId}\n\n`);
        io.out(formatAttempts(detail.attempts));
      });

    sub("retry", "send a delivered or dead delivery again (release managers)")
      .argument("<id>", "delivery id", positiveId("delivery"))
      .option("--json", "print JSON")
      .action(async (id: string, flags: ApiFlags & { json?: boolean }) => {
        const d = await callApi<StoredDelivery>(
          apiTarget(flags, io),
          "POST",
          `/api/v1/notifications/deliveries/${id}/retry`,
        );
        if (flags.json) return printJson(io, d);
        io.out(
          `delivery ${d.id} to ${d.webhook} queued again (attempt ${d.attempts + 1} of at most ${d.maxAttempts})\n`,
        );
      });

    sub("test", "send a signed ping to a webhook (release managers)")
      .argument("<webhook>", "webhook name")
      .option("--json", "print JSON")
      .action(async (name: string, flags: ApiFlags & { json?: boolean }) => {
        const d = await callApi<StoredDelivery>(
          apiTarget(flags, io),
          "POST",
          `/api/v1/notifications/webhooks/${encodeURIComponent(name)}/test`,
        );
        if (flags.json) return printJson(io, d);
        io.out(`ping queued as delivery ${d.id}; see it with: orc notifications show ${d.id}\n`);
      });
  },
};

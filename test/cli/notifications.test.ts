import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { runOrc } from "../support/cli.js";
import { releaseBody, tokensFor, type Person } from "../support/releases.js";
import { DEMO_ESTATE, startTestServer, type TestServer } from "../support/server.js";
import { respond, startReceiver, type TestReceiver } from "../support/webhook-receivers.js";

describe("orc notifications against a running server", () => {
  let t: TestServer;
  let tok: Record<Person, string>;
  let dir: string;
  let receiver: TestReceiver;
  const orc = (who: Person, ...argv: string[]) =>
    runOrc(argv, { ORC_SERVER: t.url, ORC_TOKEN: tok[who] }, dir);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "orc-cli-notifications-"));
    receiver = await startReceiver((_r, _n, res) => respond(res, 410));
    const doc = parseDocument(readFileSync(DEMO_ESTATE, "utf8"));
    doc.addIn(["notifications", "webhooks"], {
      name: "ops",
      url: receiver.url,
      events: ["release.submitted"],
      secretEnv: "CLI_TEST_SECRET",
    });
    writeFileSync(join(dir, "estate.yaml"), doc.toString());
    t = await startTestServer("embedded", {
      estate: join(dir, "estate.yaml"),
      deps: { env: { CLI_TEST_SECRET: "cli-test-secret-value" }, webhookDelivery: { pollMs: 25 } },
    });
    tok = await tokensFor(t);
    const r = await t.call("POST", "/api/v1/releases", tok.alice, releaseBody());
    await t.call("POST", `/api/v1/releases/${r.body.id}/submit`, tok.alice);
    for (let i = 0; i < 200 && receiver.received.length === 0; i++)
      await new Promise((ok) => setTimeout(ok, 25));
  }, 60_000);
  afterAll(async () => {
    await t.stop();
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists webhooks and the delivery log, shows attempts, and retries", async () => {
    const hooks = await orc("alice", "notifications", "webhooks");
    expect(hooks.out).toMatch(
      /^WEBHOOK\s+STATE\s+EVENTS\s+URL\nops-chat\s+disabled \(NORTHWIND_OPS_WEBHOOK_SECRET not set\)\s+release\.approved,/,
    );
    expect(hooks.out).toMatch(/\nops\s+enabled\s+release\.submitted\s+http:/);
    let list = await orc("hugo", "notifications", "deliveries", "--webhook", "ops", "--state", "dead");
    for (let i = 0; i < 100 && !list.out.includes("dead"); i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      list = await orc("hugo", "notifications", "deliveries", "--webhook", "ops", "--state", "dead");
    }
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(
      /^ID\s+WEBHOOK\s+EVENT\s+RELEASE\s+STATE\s+ATTEMPTS\s+WHEN\s+LAST\n1\s+ops\s+release\.submitted\s+1\s+dead\s+1\/8\s+\S+\s+HTTP 410\n$/,
    );
    const show = await orc("hugo", "notifications", "show", "1");
    expect(show.out).toMatch(
      /webhook-id msg_\S+\n\nATTEMPT\s+STARTED\s+TOOK\s+STATUS\s+OUTCOME\s+ERROR\n1\s+\S+\s+\d+ ms\s+410\s+dead\s+HTTP 410\n/,
    );
    const retried = await orc("bruno", "notifications", "retry", "1");
    expect(retried.code, retried.err).toBe(0);
    expect(retried.out).toBe("delivery 1 to ops queued again (attempt 2 of at most 9)\n");
  });

  it("explains bad input with exit codes and no stack trace", async () => {
    const bad = await orc("bruno", "notifications", "retry", "abc");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("a delivery id is a positive integer");
    const missing = await orc("bruno", "notifications", "retry", "999");
    expect(missing.code).toBe(3);
    expect(missing.err).toContain("no delivery 999");
    const state = await orc("hugo", "notifications", "deliveries", "--state", "lost");
    expect(state.code).toBe(2);
    expect(state.err).toContain('unknown state "lost"; use pending, delivered, dead');
    const typo = await orc("bruno", "notifications", "test", "opss");
    expect(typo.code).toBe(3);
    expect(typo.err).toContain("did you mean `ops`?");
    const denied = await orc("farid", "notifications", "retry", "1");
    expect(denied.code).toBe(4);
    for (const r of [bad, missing, state, typo, denied]) expect(r.err).not.toMatch(/\n\s+at /);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackends } from "../support/backends.js";
import { releaseBody, tokensFor, type Person } from "../support/releases.js";
import { DEMO_ESTATE, startTestServer, type TestServer } from "../support/server.js";

// Tuesday 10 November 2026, 11:00 in Berlin: no freeze, a weekday.
const clock = new Date("2026-11-10T10:00:00Z");

/** The demo estate plus one rule, written to a file the server reloads. */
const TICKET_RULE = `
  - name: summary-names-a-ticket
    rule: release.summary.matches("[A-Z]+-[0-9]+")
    message: "release {{ release.id }} does not name a ticket in its summary: \\"{{ release.summary }}\\""
    unblock: put the ticket id (e.g. NW-123) in the summary
  - name: broken-on-purpose
    scope: { kinds: [staging] }
    rule: release.moduleImpacts["point_of_sale"] == "code"
    message: never shown
`;

describe.each(testBackends())("policy decisions through the API on %s", (backend) => {
  let t: TestServer;
  let tok: Record<Person, string>;
  let dir: string;
  let estateFile: string;
  const call = (method: string, path: string, who: Person, body?: unknown) =>
    t.call(method, path, tok[who], body);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "orc-policies-"));
    estateFile = join(dir, "estate.yaml");
    writeFileSync(estateFile, `${readFileSync(DEMO_ESTATE, "utf8")}${TICKET_RULE}`);
    t = await startTestServer(backend, { estate: estateFile, now: () => clock });
    tok = await tokensFor(t);
  });
  afterAll(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("blocks a decision with the failing rules' messages, and follows estate reloads", async () => {
    const created = await call("POST", "/api/v1/releases", "farid", releaseBody({ planKind: "rehearsal" }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as number;
    const decision = async () =>
      (await call("GET", `/api/v1/releases/${id}/decision?at=2026-11-17T10:00:00Z`, "vera")).body as {
        allowed: boolean;
        reasons: {
          code: string;
          blocking: boolean;
          message: string;
          environment?: string;
          unblock?: string;
        }[];
      };
    const policyReasons = (d: Awaited<ReturnType<typeof decision>>) =>
      d.reasons.filter((r) => r.code.startsWith("policy-"));

    const d = await decision();
    expect(d.allowed).toBe(false);
    expect(policyReasons(d)).toEqual([
      {
        code: "policy-failed",
        blocking: true,
        environment: "northwind-eu/prod",
        message:
          "rule risky-change-not-standard-in-prod: a schema change (pos_order_mgmt) cannot reach northwind-eu/prod as a standard release",
        unblock: "file it as a major release (rehearsal, CAB quorum) or split the schema change out",
        details: { policy: "risky-change-not-standard-in-prod" },
      },
      {
        code: "policy-failed",
        blocking: true,
        environment: "northwind-eu/staging",
        message: `rule summary-names-a-ticket: release ${id} does not name a ticket in its summary: "POS order sync: keep the fiscal position on refunds"`,
        unblock: "put the ticket id (e.g. NW-123) in the summary",
        details: { policy: "summary-names-a-ticket" },
      },
      {
        code: "policy-failed",
        blocking: true,
        environment: "northwind-eu/prod",
        message: `rule summary-names-a-ticket: release ${id} does not name a ticket in its summary: "POS order sync: keep the fiscal position on refunds"`,
        unblock: "put the ticket id (e.g. NW-123) in the summary",
        details: { policy: "summary-names-a-ticket" },
      },
      {
        code: "policy-failed",
        blocking: true,
        environment: "northwind-eu/staging",
        message:
          "rule broken-on-purpose: policy broken-on-purpose could not be evaluated: No such key: point_of_sale",
        unblock: "fix policy broken-on-purpose in the estate, e.g. guard the key with has() or `in`",
        details: { policy: "broken-on-purpose", error: "No such key: point_of_sale" },
      },
    ]);

    // The same estate without the two extra rules: a reload brings the new rules into decisions.
    writeFileSync(estateFile, readFileSync(DEMO_ESTATE, "utf8"));
    const reload = await call("POST", "/api/v1/estate/reload", "ines");
    expect(reload.status, JSON.stringify(reload.body)).toBe(200);
    expect(policyReasons(await decision()).map((r) => r.message.split(":")[0])).toEqual([
      "rule risky-change-not-standard-in-prod",
    ]);

    // A standard release without a schema change, on a Friday: the POS rule, in Berlin's time.
    const rolling = await call("POST", "/api/v1/releases", "farid", releaseBody({ planKind: "rolling" }));
    const friday = await call(
      "GET",
      `/api/v1/releases/${rolling.body.id}/decision?at=2026-11-13T22:30:00Z&env=prod`,
      "vera",
    );
    expect(policyReasons(friday.body).map((r: { message: string }) => r.message)).toEqual([
      "rule no-pos-upgrades-on-peak-days: no point-of-sale upgrades on northwind-eu/prod on a friday (2026-11-13 23:30 Europe/Berlin)",
    ]);
    const saturdayInUtcSundayInBerlin = await call(
      "GET",
      `/api/v1/releases/${rolling.body.id}/decision?at=2026-11-14T23:30:00Z&env=prod`,
      "vera",
    );
    expect(policyReasons(saturdayInUtcSundayInBerlin.body)).toEqual([]);
  });
});

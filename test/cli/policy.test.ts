import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOrc } from "../support/cli.js";
import { prepareEmbeddedDataDir, testBackends } from "../support/backends.js";
import { releaseBody, tokensFor, type Person } from "../support/releases.js";
import { DEMO_ESTATE, startTestServer, type TestServer } from "../support/server.js";

const clock = new Date("2026-11-02T09:00:00Z");

// A rule proposed in a branch of the estate repository, not deployed: summaries must name a ticket.
const PROPOSED = `${readFileSync(DEMO_ESTATE, "utf8")}
  - name: summary-names-a-ticket
    rule: release.summary.matches("NW-[0-9]+")
    message: "the summary names no NW- ticket"
`;

describe.each(testBackends())(
  "orc policy test against releases stored through the server (%s)",
  (backend) => {
    let t: TestServer;
    let tok: Record<Person, string>;
    let dir: string;
    const orc = (...argv: string[]) => runOrc(argv, { ORC_SERVER: t.url, ORC_TOKEN: tok.vera }, dir);

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "orc-cli-policy-"));
      const dataDir = join(dir, "data");
      if (backend === "embedded") await prepareEmbeddedDataDir(dataDir);
      t = await startTestServer(backend, { now: () => clock, dataDir });
      tok = await tokensFor(t);
      writeFileSync(join(dir, "proposed.yaml"), PROPOSED);
      writeFileSync(
        join(dir, "broken.yaml"),
        `${readFileSync(DEMO_ESTATE, "utf8")}\n  - name: typo\n    rule: release.tierr == "major"\n    message: m\n`,
      );
      const create = async (body: Record<string, unknown>) => {
        const r = await t.call("POST", "/api/v1/releases", tok.farid, releaseBody(body));
        if (r.status !== 201) throw new Error(JSON.stringify(r.body));
        await t.call("POST", `/api/v1/releases/${r.body.id}/submit`, tok.farid);
      };
      // 1: a schema change filed as standard, for a Tuesday.
      await create({ planKind: "rehearsal", requestedStart: "2026-11-10T10:00:00Z" });
      // 2: a POS fix for a Friday afternoon in Berlin.
      await create({ requestedStart: "2026-11-13T14:00:00Z", summary: "NW-812 POS receipts" });
      // 3: a POS fix for a Wednesday, naming its ticket.
      await create({ requestedStart: "2026-11-11T10:00:00Z", summary: "NW-815 loyalty rounding" });
    });
    afterAll(async () => {
      await t?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("says which stored releases each rule of a new estate would have blocked", async () => {
      const r = await orc("policy", "test", "--estate", "proposed.yaml");
      expect(r.err).toBe("");
      expect(r.code).toBe(1);
      expect(r.out).toBe(`policy test: 7 rules of proposed.yaml on 3 stored releases

✗ rule risky-change-not-standard-in-prod would have blocked release 1
    release 1 on northwind-eu/prod at 2026-11-10T10:00:00.000Z: a schema change (pos_order_mgmt) cannot reach northwind-eu/prod as a standard release
✗ rule no-pos-upgrades-on-peak-days would have blocked release 2
    release 2 on northwind-eu/prod at 2026-11-13T14:00:00.000Z: no point-of-sale upgrades on northwind-eu/prod on a friday (2026-11-13 15:00 Europe/Berlin)
✓ rule migrations-need-a-rehearsal holds on every release
✓ rule no-license-conflicts holds on every release
✓ rule emergency-only-for-production holds on every release
✓ rule heads-up-before-a-freeze holds on every release
✗ rule summary-names-a-ticket would have blocked release 1
    release 1 on northwind-eu/staging at 2026-11-10T10:00:00.000Z: the summary names no NW- ticket
    release 1 on northwind-eu/prod at 2026-11-10T10:00:00.000Z: the summary names no NW- ticket

3 rules would have blocked 2 releases (1 and 2)
`);
      const json = await orc("policy", "test", "--estate", "proposed.yaml", "--json");
      const report = JSON.parse(json.out);
      expect(report.blocked).toEqual([1, 2]);
      expect(
        report.rules.map((x: { policy: string; blocked: number[] }) => [x.policy, x.blocked]),
      ).toContainEqual(["summary-names-a-ticket", [1]]);
    });

    it("gates on chosen rules and states, and refuses unknown rules and invalid estates", async () => {
      const ok = await orc("policy", "test", "--estate", "proposed.yaml", "--policy", "no-license-conflicts");
      expect(ok.code).toBe(0);
      expect(ok.out).toContain("ok: no rule would have blocked any of the 3 releases");
      const none = await orc("policy", "test", "--estate", "proposed.yaml", "--state", "approved");
      expect(none).toMatchObject({ code: 0 });
      expect(none.out).toContain("on 0 stored releases");
      const limited = await orc("policy", "test", "--estate", "proposed.yaml", "--limit", "1", "--json");
      expect(JSON.parse(limited.out).releases).toEqual([3]);

      const unknown = await orc(
        "policy",
        "test",
        "--estate",
        "proposed.yaml",
        "--policy",
        "summary-names-a-tiket",
      );
      expect(unknown.code).toBe(2);
      expect(unknown.err).toContain("has no such rule; did you mean `summary-names-a-ticket`?");
      const broken = await orc("policy", "test", "--estate", "broken.yaml");
      expect(broken.code).toBe(1);
      const lines = readFileSync(join(dir, "broken.yaml"), "utf8").split("\n").length;
      expect(broken.err).toContain(
        `broken.yaml:${lines - 2}:19: error policy-unknown-name: unknown field \`tierr\` in the policy input at policies[6].rule — did you mean \`tier\`?`,
      );
      expect(broken.err).not.toMatch(/\n\s+at /); // no stack trace
    });

    it("evaluates the rules on one release document (orc policy eval)", async () => {
      const shown = await runOrc(
        ["release", "show", "1", "--json"],
        { ORC_SERVER: t.url, ORC_TOKEN: tok.vera },
        dir,
      );
      writeFileSync(join(dir, "release-1.json"), shown.out);
      const r = await orc(
        "policy",
        "eval",
        "--input",
        "release-1.json",
        "--estate",
        "proposed.yaml",
        "--env",
        "prod",
      );
      expect(r.code).toBe(1);
      expect(r.out.split("\n").slice(0, 3)).toEqual([
        "release 1 at 2026-11-10T10:00:00.000Z: 7 rules of proposed.yaml on northwind-eu/prod",
        "✗ risky-change-not-standard-in-prod [northwind-eu/prod]: a schema change (pos_order_mgmt) cannot reach northwind-eu/prod as a standard release",
        "✓ no-pos-upgrades-on-peak-days [northwind-eu/prod]",
      ]);
      const one = await orc(
        "policy",
        "eval",
        "--input",
        "release-1.json",
        "--policy",
        "no-license-conflicts",
        "--json",
      );
      expect(one.code).toBe(0);
      expect(JSON.parse(one.out).verdicts.map((v: { passed: boolean }) => v.passed)).toEqual([true, true]);

      writeFileSync(join(dir, "bad.json"), JSON.stringify({ release: { tenant: 3, environments: [] } }));
      const bad = await orc("policy", "eval", "--input", "bad.json");
      expect(bad.code).toBe(1);
      expect(bad.err).toContain("bad.json: release.tenant: ");
      expect(bad.err).toContain("bad.json: release.plan: ");
      expect(bad.err).toMatch(/bad\.json is not a release document/);
      expect(bad.err).not.toMatch(/\n\s+at /);
    });

    it("reads the database itself with --database-url or --direct", async () => {
      let direct: Awaited<ReturnType<typeof orc>>;
      if (backend === "postgres") {
        direct = await orc(
          "policy",
          "test",
          "--estate",
          "proposed.yaml",
          "--database-url",
          t.databaseUrl as string,
          "--json",
        );
      } else {
        await t.server.close(); // the embedded database has one owner
        direct = await orc(
          "policy",
          "test",
          "--estate",
          "proposed.yaml",
          "--direct",
          "--data-dir",
          "data",
          "--json",
        );
      }
      expect(direct.err).toBe("");
      expect(direct.code).toBe(1);
      expect(JSON.parse(direct.out)).toMatchObject({ releases: [1, 2, 3], blocked: [1, 2], ok: false });
    });
  },
);

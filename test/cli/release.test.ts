import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stableJson } from "../../src/domain/odoo/index.js";
import { planOf } from "../../src/domain/release/test-support/fixtures.js";
import { runOrc } from "../support/cli.js";
import { evidenceSample, tokensFor, type Person } from "../support/releases.js";
import { startTestServer, type TestServer } from "../support/server.js";

// Monday 2 November 2026, 10:00 in Berlin.
const clock = new Date("2026-11-02T09:00:00Z");

/** Token ids differ per run; goldens name them `…`. */
const stable = (text: string) => text.replace(/token [0-9a-f]{12}/g, "token …");

describe("orc release and orc evidence against a running server", () => {
  let t: TestServer;
  let tok: Record<Person, string>;
  let dir: string;
  const orc = (who: Person, ...argv: string[]) =>
    runOrc(argv, { ORC_SERVER: t.url, ORC_TOKEN: tok[who] }, dir);

  beforeAll(async () => {
    t = await startTestServer("embedded", { now: () => clock });
    tok = await tokensFor(t);
    dir = mkdtempSync(join(tmpdir(), "orc-cli-release-"));
    writeFileSync(join(dir, "plan.json"), stableJson(planOf("rolling")));
    writeFileSync(join(dir, "junit.xml"), evidenceSample("junit/pytest-passing.xml"));
    writeFileSync(join(dir, "broken.xml"), evidenceSample("junit/malformed/mismatched-tag.xml"));
    writeFileSync(join(dir, "trivy.json"), evidenceSample("trivy/clean-image.json"));
  });
  afterAll(async () => {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("creates, approves, uploads evidence, schedules and answers status with every reason", async () => {
    const created = await orc(
      "farid",
      "release",
      "create",
      "--tenant",
      "northwind-eu",
      "--env",
      "staging",
      "--env",
      "prod",
      "--image-digest",
      `sha256:${"ab".repeat(32)}`,
      "--plan",
      "plan.json",
      "--summary",
      "POS order sync: keep the fiscal position on refunds",
      "--rollback",
      "restore-backup",
      "--rollback-notes",
      "restore nw_eu_prod from the pre-release backup",
      "--addons",
      "northwind-retail=3f2a9c1d",
      "--author",
      "grace",
      "--submit",
    );
    expect(created).toMatchObject({
      code: 0,
      out: "1\n",
      err: "release 1 created and submitted (submitted, tier standard, version 2)\n",
    });

    const own = await orc("farid", "release", "approve", "1");
    expect(own.code).toBe(4);
    const approved = await orc("alice", "release", "approve", "1", "--comment", "routine fix");
    expect(approved).toMatchObject({ code: 0 });
    expect(approved.out).toMatch(
      /^release 1 approved by alice as release-manager \(plan [0-9a-f]{12}…, image sha256:abababababab…\); now approved\n$/,
    );

    expect(await orc("farid", "evidence", "add", "1", "--type", "junit", "junit.xml")).toMatchObject({
      code: 0,
    });
    const broken = await orc("farid", "evidence", "add", "1", "--type", "junit", "broken.xml");
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(
      /^orc: broken\.xml is not a valid junit report \(line \d+, column \d+: .*\); nothing was stored\n {2}broken\.xml:\d+:\d+: xml-syntax: /,
    );
    expect(await orc("farid", "evidence", "add", "1", "--type", "trivy", "trivy.json")).toMatchObject({
      code: 0,
    });
    const listed = await orc("vera", "evidence", "list", "1");
    expect(listed.out.split("\n")[0]).toMatch(/^ID\s+TYPE\s+GATE\s+FILE\s+SHA-256\s+BY\s+AT$/);
    expect(listed.out).toMatch(/trivy\s+image-scan\s+trivy\.json/);

    const friday = await orc("vera", "release", "status", "1", "--at", "2026-11-27T10:00:00Z");
    expect(friday.code).toBe(1);
    await expect(stable(friday.out)).toMatchFileSnapshot("golden/release-status-black-friday.txt");

    const refused = await orc("farid", "release", "schedule", "1", "--at", "2026-11-27T10:00:00Z");
    expect(refused.code).toBe(1);
    expect(refused.err.split("\n")[0]).toBe(
      "orc: release 1 cannot be scheduled at 2026-11-27T10:00:00.000Z:",
    );
    expect(refused.err).toContain("[northwind-eu/prod] freeze-active: freeze retail-global/month-end-close");

    const scheduled = await orc("farid", "release", "schedule", "1", "--at", "2026-11-10T21:00:00Z");
    expect(scheduled).toMatchObject({
      code: 0,
      out: "release 1 scheduled at 2026-11-10T21:00:00.000Z (scheduled, tier standard, version 4)\n",
    });
    const ok = await orc("vera", "release", "status", "1", "--at", "2026-11-10T21:00:00Z");
    expect(ok.code).toBe(0);
    await expect(stable(ok.out)).toMatchFileSnapshot("golden/release-status-allowed.txt");
    const json = await orc("vera", "release", "status", "1", "--at", "2026-11-10T21:00:00Z", "--json");
    expect(JSON.parse(json.out)).toMatchObject({ release: 1, allowed: true });

    const shown = await orc("vera", "release", "show", "1");
    await expect(stable(shown.out)).toMatchFileSnapshot("golden/release-show.txt");
  });

  it("lists, rejects with a comment, cancels, and reports bad usage", async () => {
    const second = await orc(
      "grace",
      "release",
      "create",
      "--tenant",
      "northwind-eu",
      "--env",
      "prod",
      "--image-digest",
      `sha256:${"cd".repeat(32)}`,
      "--plan",
      "plan.json",
      "--summary",
      "Receipt printer timeout",
      "--rollback",
      "redeploy-previous",
      "--submit",
    );
    expect(second.out).toBe("2\n");
    expect((await orc("bruno", "release", "reject", "2")).code).toBe(2);
    const rejected = await orc("bruno", "release", "reject", "2", "--comment", "no test evidence");
    expect(rejected.out).toMatch(/^release 2 rejected by bruno as release-manager .*; now rejected\n$/);
    const third = await orc(
      "grace",
      "release",
      "create",
      "--tenant",
      "northwind-eu",
      "--env",
      "prod",
      "--image-digest",
      `sha256:${"ef".repeat(32)}`,
      "--plan",
      "plan.json",
      "--summary",
      "Loyalty points rounding",
      "--rollback",
      "forward-fix",
    );
    expect(third.out).toBe("3\n");
    expect((await orc("grace", "release", "cancel", "3")).out).toBe(
      "release 3 cancelled (cancelled, tier standard, version 2)\n",
    );
    const list = await orc("vera", "release", "list");
    await expect(list.out).toMatchFileSnapshot("golden/release-list.txt");
    expect((await orc("vera", "release", "list", "--state", "rejected")).out).toMatch(/^ID.*\n2\s+rejected/);
    const badState = await orc("vera", "release", "list", "--state", "done");
    expect(badState).toMatchObject({ code: 2 });
    expect(badState.err).toContain('unknown state "done"');
    expect((await orc("vera", "release", "show", "99")).code).toBe(3);
    expect((await orc("vera", "release", "status", "abc")).code).toBe(2);
    const noPlan = await orc(
      "farid",
      "release",
      "create",
      "--tenant",
      "northwind-eu",
      "--env",
      "prod",
      "--image-digest",
      "x",
      "--plan",
      "missing.json",
      "--summary",
      "x",
      "--rollback",
      "forward-fix",
    );
    expect(noPlan).toMatchObject({ code: 3, err: "orc: cannot read the plan missing.json\n" });
  });
});

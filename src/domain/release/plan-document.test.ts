import { describe, expect, it } from "vitest";
import { PlanDocument, isDisruptivePlan, planHash } from "./plan-document.js";
import { planOf } from "./test-support/fixtures.js";

describe("plan documents", () => {
  it("accepts the planner's own documents, with the strategy each change calls for", () => {
    expect(planOf("rolling").strategy.kind).toBe("rolling");
    expect(planOf("maintenance-window").strategy.kind).toBe("maintenance-window");
    expect(planOf("rehearsal").strategy.kind).toBe("rehearsal");
    expect(planOf("errors").summary.errors).toBeGreaterThan(0);
    expect(isDisruptivePlan(planOf("rolling"))).toBe(false);
    expect(isDisruptivePlan(planOf("rehearsal"))).toBe(true);
  });

  it("refuses another format id and a broken shape, naming the field", () => {
    const plan = planOf("rolling");
    const other = PlanDocument.safeParse({ ...plan, schema: "orc.odoo.upgrade-plan/2" });
    expect(other.success).toBe(false);
    expect(other.error?.issues[0]?.message).toContain("not an orc plan document");
    const broken = PlanDocument.safeParse({ ...plan, strategy: { ...plan.strategy, kind: "yolo" } });
    expect(broken.error?.issues.map((i) => i.path.join("."))).toEqual(["strategy.kind"]);
  });

  it("hashes the canonical JSON: key order does not matter, any value does", () => {
    const plan = planOf("maintenance-window");
    const reordered = PlanDocument.parse(Object.fromEntries(Object.entries(plan).reverse()));
    expect(planHash(reordered)).toBe(planHash(plan));
    expect(planHash(plan)).toMatch(/^[0-9a-f]{64}$/);
    expect(planHash({ ...plan, upgrade: { ...plan.upgrade, command: "x" } })).not.toBe(planHash(plan));
    // Fields the planner may add within the same format version are kept, and hashed.
    const extended = PlanDocument.parse({ ...plan, note: "added later" });
    expect((extended as Record<string, unknown>).note).toBe("added later");
    expect(planHash(extended)).not.toBe(planHash(plan));
  });
});

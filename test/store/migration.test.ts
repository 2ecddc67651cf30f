import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isOrcError } from "../../src/domain/errors.js";
import { migrate, migrations, type Migration } from "../../src/store/index.js";
import { openTestStore, testBackends, type TestStore } from "../support/backends.js";

describe.each(testBackends())("migrations on %s", (backend) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(backend);
  });
  afterAll(async () => {
    await store.dispose();
  });

  it("are applied once and recorded with their version", async () => {
    const again = await migrate(store.db, migrations, new Date());
    expect(again.applied).toEqual([]);
    expect(again.current).toBe(Math.max(...migrations.map((m) => m.version)));
    const { rows } = await store.db.query<{ version: number }>(
      "SELECT version FROM schema_migration ORDER BY version",
    );
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
  });

  it("roll back entirely when one statement fails", async () => {
    const broken: Migration = {
      version: 99,
      name: "broken",
      statements: ["CREATE TABLE half_done (x int)", "SELEC nonsense"],
    };
    await expect(migrate(store.db, [...migrations, broken], new Date())).rejects.toThrow();
    const { rows } = await store.db.query("SELECT to_regclass('half_done') IS NULL AS absent");
    expect(rows[0]).toEqual({ absent: true });
  });

  it("refuse a database whose applied migration text changed", async () => {
    const edited = migrations.map((m, i) =>
      i === 0 ? { ...m, statements: [...m.statements, "SELECT 1"] } : m,
    );
    const err = await migrate(store.db, edited, new Date()).catch((e: unknown) => e);
    expect(isOrcError(err, "config-invalid")).toBe(true);
    expect((err as Error).message).toMatch(/migration 1 \(foundation\) differs/);
  });

  it("refuse a database migrated by a newer orc", async () => {
    const newer: Migration = { version: 50, name: "future", statements: ["SELECT 1"] };
    await migrate(store.db, [...migrations, newer], new Date());
    const err = await migrate(store.db, migrations, new Date()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/schema version 50 \(future\), newer than this orc knows/);
  });
});

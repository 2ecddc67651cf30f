import type { Diagnostic } from "../domain/diagnostic.js";
import { auditActor, type Principal } from "../domain/identity/index.js";
import { insertEstateRevision, type Db } from "../store/index.js";
import type { AuditLog } from "./audit-log.js";

/** The estate in force, with where and when it came from. */
export interface EstateSnapshot<E> {
  readonly estate: E;
  /** SHA-256 of the file's bytes. */
  readonly hash: string;
  readonly source: string;
  readonly loadedAt: string;
}

export type EstateLoad<E> =
  | {
      readonly ok: true;
      readonly estate: E;
      readonly hash: string;
      readonly summary: Readonly<Record<string, unknown>>;
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export type EstateReload<E> =
  | { readonly ok: true; readonly snapshot: EstateSnapshot<E>; readonly changed: boolean }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly current?: EstateSnapshot<E> };

/**
 * Holds the estate the server serves. A reload validates the file first: an invalid file is refused,
 * the previous estate stays in force, and both outcomes are audited.
 */
export class EstateHolder<E> {
  private snapshot: EstateSnapshot<E> | undefined;

  constructor(
    private readonly source: string,
    private readonly load: (source: string) => Promise<EstateLoad<E>>,
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  current(): EstateSnapshot<E> | undefined {
    return this.snapshot;
  }

  async reload(by: Principal): Promise<EstateReload<E>> {
    const result = await this.load(this.source);
    if (!result.ok) {
      await this.audit.recordAlone({
        actor: auditActor(by),
        action: "estate.reload-refused",
        subjectType: "estate",
        subjectId: this.source,
        payload: {
          problems: result.diagnostics.length,
          first: result.diagnostics
            .slice(0, 5)
            .map((d) => ({ code: d.code, path: d.path ?? null, line: d.line ?? null })),
          keptHash: this.snapshot?.hash ?? null,
        },
      });
      return {
        ok: false,
        diagnostics: result.diagnostics,
        ...(this.snapshot ? { current: this.snapshot } : {}),
      };
    }
    if (this.snapshot && this.snapshot.hash === result.hash)
      return { ok: true, snapshot: this.snapshot, changed: false };
    const snapshot: EstateSnapshot<E> = {
      estate: result.estate,
      hash: result.hash,
      source: this.source,
      loadedAt: this.now().toISOString(),
    };
    await this.db.transaction(async (tx) => {
      await insertEstateRevision(tx, { ...snapshot, loadedBy: by.user, summary: result.summary });
      await this.audit.record(tx, {
        actor: auditActor(by),
        action: "estate.loaded",
        subjectType: "estate",
        subjectId: this.source,
        payload: { hash: snapshot.hash, previousHash: this.snapshot?.hash ?? null, ...result.summary },
      });
    });
    this.snapshot = snapshot;
    return { ok: true, snapshot, changed: true };
  }
}

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  AuditChainVerifier,
  MerkleFrontier,
  signCheckpoint,
  type AuditEvent,
  type AuditEventInput,
  type ChainVerification,
  type Checkpoint,
  type CheckpointSigner,
  type CheckpointVerifier,
} from "../domain/audit/index.js";
import {
  appendAuditEvent,
  auditHead,
  latestCheckpointFrontier,
  listCheckpoints,
  saveCheckpoint,
  streamAuditEvents,
  type Db,
  type Queryable,
} from "../store/index.js";

/** Options of the audit log. */
export interface AuditLogOptions {
  readonly db: Db;
  readonly now: () => Date;
  /** Signs checkpoints; without it, `checkpoint()` does nothing. */
  readonly signer?: CheckpointSigner;
  /** Checks checkpoint signatures during verification. */
  readonly verifier?: CheckpointVerifier;
  /** First line of every checkpoint note. @default "orc/audit" */
  readonly origin?: string;
  /** A directory outside the database where each checkpoint note is also written (`<size>.note`). */
  readonly checkpointDir?: string;
  /** Called after each appended event (metrics). */
  readonly onAppend?: (event: AuditEvent) => void;
}

/** The verification result plus where the checkpoints came from. */
export interface AuditVerification extends ChainVerification {
  readonly checkpointsInDatabase: number;
  readonly checkpointsInDirectory: number;
  readonly lastCheckpoint?: { readonly size: number; readonly createdAt?: string };
  readonly durationMs: number;
}

/**
 * The tamper-evident audit trail: appends events in the caller's transaction, signs periodic
 * checkpoints (kept in the database and, out of its reach, in a directory), and verifies the chain.
 */
export class AuditLog {
  private readonly origin: string;
  constructor(private readonly options: AuditLogOptions) {
    this.origin = options.origin ?? "orc/audit";
  }

  /** Appends `input` within `tx`, the transaction of the change it records. */
  async record(tx: Queryable, input: AuditEventInput): Promise<AuditEvent> {
    const event = await appendAuditEvent(tx, input, this.options.now);
    this.options.onAppend?.(event);
    return event;
  }

  /** Appends an event in its own transaction (for events that are the whole change). */
  recordAlone(input: AuditEventInput): Promise<AuditEvent> {
    return this.options.db.transaction((tx) => this.record(tx, input));
  }

  /**
   * Signs a checkpoint at the current head when there are events since the last one. Continues the
   * Merkle tree from the last checkpoint's frontier, so the cost is proportional to the new events.
   */
  async checkpoint(): Promise<Checkpoint | undefined> {
    const { signer } = this.options;
    if (!signer) return undefined;
    const db = this.options.db;
    const head = await auditHead(db);
    const saved = await latestCheckpointFrontier(db);
    if (head.seq === 0 || (saved && saved.size >= head.seq)) return undefined;
    const frontier = saved ? MerkleFrontier.fromState(saved) : new MerkleFrontier();
    for await (const e of streamAuditEvents(db, 5000, frontier.size)) {
      if (e.seq > head.seq) break;
      frontier.push(Buffer.from(e.hash, "hex"));
    }
    const cp = signCheckpoint(this.origin, frontier.size, frontier.root(), signer);
    await db.transaction((tx) => saveCheckpoint(tx, cp, frontier.state(), this.options.now()));
    if (this.options.checkpointDir) {
      mkdirSync(this.options.checkpointDir, { recursive: true });
      writeFileSync(join(this.options.checkpointDir, `${cp.size}.note`), cp.note);
    }
    return cp;
  }

  /** Stored checkpoints, smallest first. */
  checkpoints() {
    return listCheckpoints(this.options.db);
  }

  /** Recomputes the whole chain and checks every checkpoint from the database and the directory. */
  async verify(): Promise<AuditVerification> {
    const started = performance.now();
    const fromDb = await listCheckpoints(this.options.db);
    const fromDir = readCheckpointDir(this.options.checkpointDir);
    const seen = new Set(fromDb.map((c) => c.note));
    const all = [...fromDb, ...fromDir.filter((c) => !seen.has(c.note))];
    const verifier = new AuditChainVerifier(all, this.options.verifier);
    for await (const e of streamAuditEvents(this.options.db)) if (!verifier.push(e)) break;
    const result = verifier.finish();
    const last = fromDb[fromDb.length - 1];
    return {
      ...result,
      checkpointsInDatabase: fromDb.length,
      checkpointsInDirectory: fromDir.length,
      ...(last ? { lastCheckpoint: { size: last.size, createdAt: last.createdAt } } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  }
}

function readCheckpointDir(dir: string | undefined): { size: number; note: string }[] {
  if (!dir) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d+\.note$/.test(n))
    .map((n) => ({ size: Number(n.slice(0, -5)), note: readFileSync(join(dir, n), "utf8") }));
}

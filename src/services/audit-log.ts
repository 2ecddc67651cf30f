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
  auditHead,
  latestCheckpointFrontier,
  listCheckpoints,
  recordAuditEvent,
  saveCheckpoint,
  sealAuditEvents,
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
  /** Called with each batch of events sealed into the chain (metrics, checkpoint scheduling). */
  readonly onSealed?: (events: readonly AuditEvent[]) => void;
  /** Called when a background seal fails (it is retried on the next tick). */
  readonly onSealError?: (error: unknown) => void;
  /** How often the background sealer looks for recorded events. @default 100 */
  readonly sealIntervalMs?: number;
}

/** The verification result plus where the checkpoints came from. */
export interface AuditVerification extends ChainVerification {
  readonly checkpointsInDatabase: number;
  readonly checkpointsInDirectory: number;
  readonly lastCheckpoint?: { readonly size: number; readonly createdAt?: string };
  readonly durationMs: number;
}

/**
 * The tamper-evident audit trail. State changes record their event in their own transaction
 * (`record(tx, …)`); a sealer chains recorded events into the hash chain in batches, in the background
 * and on demand (`flush()`); checkpoints are signed periodically (kept in the database and, out of its
 * reach, in a directory); `verify()` recomputes everything.
 */
export class AuditLog {
  private readonly origin: string;
  private sealing: Promise<number> | undefined;
  private kickTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AuditLogOptions) {
    this.origin = options.origin ?? "orc/audit";
  }

  /** Records `input` within `tx`, the transaction of the change it records; sealed shortly after commit. */
  async record(tx: Queryable, input: AuditEventInput): Promise<void> {
    await recordAuditEvent(tx, input, this.options.now);
    this.kick();
  }

  /** Records an event in its own transaction (for events that are the whole change). */
  recordAlone(input: AuditEventInput): Promise<void> {
    return this.options.db.transaction((tx) => this.record(tx, input));
  }

  /** Seals every committed recorded event into the chain now; resolves with how many were sealed. */
  async flush(): Promise<number> {
    // One seal at a time per process; a caller arriving mid-seal waits, then seals what is left.
    while (this.sealing) await this.sealing.catch(() => 0);
    this.sealing = (async () => {
      let total = 0;
      for (;;) {
        const sealed = await sealAuditEvents(this.options.db);
        total += sealed.length;
        if (sealed.length > 0) this.options.onSealed?.(sealed);
        if (sealed.length < 5000) return total;
      }
    })();
    try {
      return await this.sealing;
    } finally {
      this.sealing = undefined;
    }
  }

  /** Starts the background sealer. */
  start(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => this.sealInBackground(), this.options.sealIntervalMs ?? 100);
    this.pollTimer.unref();
  }

  /** Stops the background sealer and seals what is left. */
  async stop(): Promise<void> {
    clearInterval(this.pollTimer);
    clearTimeout(this.kickTimer);
    this.pollTimer = undefined;
    await this.flush();
  }

  // After a record, seal soon: the recording transaction has usually committed a few ms later.
  private kick(): void {
    if (!this.pollTimer || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = undefined;
      this.sealInBackground();
    }, 5);
    this.kickTimer.unref();
  }

  private sealInBackground(): void {
    if (this.sealing) return;
    this.flush().catch((e: unknown) => this.options.onSealError?.(e));
  }

  /**
   * Signs a checkpoint at the current head when there are events since the last one. Continues the
   * Merkle tree from the last checkpoint's frontier, so the cost is proportional to the new events.
   */
  async checkpoint(): Promise<Checkpoint | undefined> {
    const { signer } = this.options;
    if (!signer) return undefined;
    const db = this.options.db;
    await this.flush();
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
    await this.flush();
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

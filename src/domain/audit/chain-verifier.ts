import { GENESIS_HASH, hashAuditEvent, type AuditEvent } from "./audit-event.js";
import { verifyCheckpointNote, type CheckpointVerifier } from "./checkpoint.js";
import { MerkleFrontier } from "./merkle.js";

/** Why verification stopped. */
export type ChainBreak =
  | { readonly kind: "gap"; readonly seq: number; readonly expectedSeq: number }
  | { readonly kind: "broken-link"; readonly seq: number }
  | { readonly kind: "hash-mismatch"; readonly seq: number }
  | {
      readonly kind: "checkpoint-mismatch";
      /** The first sequence number that may have been rewritten (just after the last good checkpoint). */
      readonly seq: number;
      readonly checkpointSize: number;
    }
  | {
      readonly kind: "checkpoint-signature";
      readonly seq: number;
      readonly checkpointSize: number;
      readonly reason: string;
    }
  | { readonly kind: "truncated"; readonly seq: number; readonly checkpointSize: number };

export interface ChainVerification {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly headSeq: number;
  readonly headHash: string;
  readonly checkpointsVerified: number;
  readonly firstBreak?: ChainBreak;
}

/**
 * Recomputes the chain event by event, in sequence order, and checks every signed checkpoint it passes.
 * Feed events with `push` (it returns false once the chain is broken), then call `finish`.
 */
export class AuditChainVerifier {
  private readonly frontier = new MerkleFrontier();
  private readonly checkpoints: { size: number; note: string }[];
  private nextCheckpoint = 0;
  private lastGoodCheckpointSize = 0;
  private headSeq = 0;
  private headHash = GENESIS_HASH;
  private verified = 0;
  private broken: ChainBreak | undefined;

  constructor(
    checkpoints: readonly { readonly size: number; readonly note: string }[] = [],
    private readonly verifier?: CheckpointVerifier,
  ) {
    this.checkpoints = [...checkpoints].filter((c) => c.size > 0).sort((a, b) => a.size - b.size);
  }

  push(event: AuditEvent): boolean {
    if (this.broken) return false;
    const expectedSeq = this.headSeq + 1;
    if (event.seq !== expectedSeq) return this.fail({ kind: "gap", seq: event.seq, expectedSeq });
    if (event.prevHash !== this.headHash) return this.fail({ kind: "broken-link", seq: event.seq });
    const { hash, ...unsealed } = event;
    if (hashAuditEvent(unsealed) !== hash) return this.fail({ kind: "hash-mismatch", seq: event.seq });
    this.frontier.push(Buffer.from(hash, "hex"));
    this.headSeq = event.seq;
    this.headHash = hash;
    return this.checkReachedCheckpoints();
  }

  finish(): ChainVerification {
    const pending = this.checkpoints[this.nextCheckpoint];
    if (!this.broken && pending) {
      // A signed checkpoint covers more events than the table holds: rows were deleted from the end.
      this.fail({ kind: "truncated", seq: this.headSeq + 1, checkpointSize: pending.size });
    }
    return {
      ok: this.broken === undefined,
      eventsChecked: this.headSeq,
      headSeq: this.headSeq,
      headHash: this.headHash,
      checkpointsVerified: this.verified,
      ...(this.broken ? { firstBreak: this.broken } : {}),
    };
  }

  private checkReachedCheckpoints(): boolean {
    for (;;) {
      const cp = this.checkpoints[this.nextCheckpoint];
      if (!cp || cp.size !== this.frontier.size) return true;
      this.nextCheckpoint++;
      const firstSuspect = this.lastGoodCheckpointSize + 1;
      if (this.verifier) {
        const check = verifyCheckpointNote(cp.note, this.verifier);
        if (!check.ok) {
          return this.fail({
            kind: "checkpoint-signature",
            seq: firstSuspect,
            checkpointSize: cp.size,
            reason: check.reason,
          });
        }
        if (check.checkpoint.size !== cp.size || check.checkpoint.root !== this.frontier.root()) {
          return this.fail({ kind: "checkpoint-mismatch", seq: firstSuspect, checkpointSize: cp.size });
        }
      } else if (!noteMatchesRoot(cp.note, this.frontier.root())) {
        return this.fail({ kind: "checkpoint-mismatch", seq: firstSuspect, checkpointSize: cp.size });
      }
      this.verified++;
      this.lastGoodCheckpointSize = cp.size;
    }
  }

  private fail(b: ChainBreak): false {
    this.broken = b;
    return false;
  }
}

function noteMatchesRoot(note: string, rootHex: string): boolean {
  const rootB64 = note.split("\n")[2];
  return rootB64 !== undefined && Buffer.from(rootB64, "base64").toString("hex") === rootHex;
}

/** A sentence for a user, naming the first bad sequence number. */
export function describeChainBreak(b: ChainBreak): string {
  switch (b.kind) {
    case "gap":
      return `event ${b.expectedSeq} is missing (next stored event is ${b.seq})`;
    case "broken-link":
      return `event ${b.seq} does not link to the hash of event ${b.seq - 1}`;
    case "hash-mismatch":
      return `event ${b.seq} was altered: its stored hash does not match its content`;
    case "checkpoint-mismatch":
      return `the chain was rewritten at or after event ${b.seq}: it no longer matches the signed checkpoint at size ${b.checkpointSize}`;
    case "checkpoint-signature":
      return `the checkpoint at size ${b.checkpointSize} is not validly signed (${b.reason}); events from ${b.seq} are unproven`;
    case "truncated":
      return `events from ${b.seq} were deleted: a signed checkpoint covers ${b.checkpointSize} events`;
  }
}

import { createHash, hash as oneShotHash } from "node:crypto";

/**
 * RFC 6962 / RFC 9162 §2.1 Merkle tree hash over the chain's event hashes (leaves are the 32-byte event
 * hashes). `MerkleFrontier` absorbs leaves one at a time and gives the tree head at the current size
 * without keeping the leaves: memory is O(log n), so verifying a million events needs no big arrays.
 */
export class MerkleFrontier {
  /** Roots of perfect subtrees, largest first; `sizes[i]` leaves under `roots[i]`. */
  private readonly roots: Buffer[] = [];
  private readonly sizes: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The frontier as plain data (subtree roots in hex, largest first), to resume later without re-reading leaves. */
  state(): MerkleFrontierState {
    return { size: this.count, roots: this.roots.map((r) => r.toString("hex")) };
  }

  /** Resumes from {@link state}; the subtree sizes follow from the binary digits of `size`. */
  static fromState(state: MerkleFrontierState): MerkleFrontier {
    const f = new MerkleFrontier();
    const sizes: number[] = [];
    for (let bit = 2 ** 52; bit >= 1; bit /= 2) if (Math.floor(state.size / bit) % 2 === 1) sizes.push(bit);
    if (sizes.length !== state.roots.length)
      throw new TypeError("Merkle frontier state does not match its size");
    f.roots.push(...state.roots.map((r) => Buffer.from(r, "hex")));
    f.sizes.push(...sizes);
    f.count = state.size;
    return f;
  }

  /** Adds one leaf (the raw bytes, usually a 32-byte hash). */
  push(leaf: Uint8Array): void {
    let node = leafHash(leaf);
    let size = 1;
    while (this.sizes.length > 0 && this.sizes[this.sizes.length - 1] === size) {
      const left = this.roots.pop() as Buffer;
      this.sizes.pop();
      node = nodeHash(left, node);
      size *= 2;
    }
    this.roots.push(node);
    this.sizes.push(size);
    this.count++;
  }

  /** MTH of all leaves pushed so far, hex. */
  root(): string {
    if (this.roots.length === 0) return createHash("sha256").digest("hex");
    let acc = this.roots[this.roots.length - 1] as Buffer;
    for (let i = this.roots.length - 2; i >= 0; i--) acc = nodeHash(this.roots[i] as Buffer, acc);
    return acc.toString("hex");
  }
}

/** Serializable form of a {@link MerkleFrontier}. */
export interface MerkleFrontierState {
  readonly size: number;
  readonly roots: readonly string[];
}

/** MTH over a whole list of leaves, straight from the RFC's recursive definition (for tests and small trees). */
export function merkleTreeHash(leaves: readonly Uint8Array[]): string {
  return mth(leaves).toString("hex");
}

function mth(leaves: readonly Uint8Array[]): Buffer {
  const n = leaves.length;
  if (n === 0) return createHash("sha256").digest();
  if (n === 1) return leafHash(leaves[0] as Uint8Array);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

// One-shot hashing of a concatenation is several times faster than a Hash object per node; for the usual
// 32-byte leaves and nodes the concatenation is written into reused scratch buffers (no allocation per
// hash: verifying a million events hashes two million times).
const LEAF_SCRATCH = Buffer.alloc(33, 0);
const NODE_SCRATCH = Buffer.alloc(65, 1);

function leafHash(leaf: Uint8Array): Buffer {
  if (leaf.length !== 32) return oneShotHash("sha256", Buffer.concat([LEAF_PREFIX, leaf]), "buffer");
  LEAF_SCRATCH.set(leaf, 1);
  return oneShotHash("sha256", LEAF_SCRATCH, "buffer");
}

function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== 32 || right.length !== 32)
    return oneShotHash("sha256", Buffer.concat([NODE_PREFIX, left, right]), "buffer");
  NODE_SCRATCH.set(left, 1);
  NODE_SCRATCH.set(right, 33);
  return oneShotHash("sha256", NODE_SCRATCH, "buffer");
}

import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MerkleFrontier, merkleTreeHash } from "./merkle.js";

const leaf = (i: number) => createHash("sha256").update(String(i)).digest();

describe("Merkle tree hash (RFC 6962)", () => {
  it("hashes the empty tree to SHA-256 of nothing", () => {
    expect(new MerkleFrontier().root()).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });

  it("hashes one leaf with the 0x00 prefix and two with the 0x01 prefix", () => {
    const l0 = leaf(0);
    const l1 = leaf(1);
    const h0 = createHash("sha256")
      .update(Buffer.from([0]))
      .update(l0)
      .digest();
    const h1 = createHash("sha256")
      .update(Buffer.from([0]))
      .update(l1)
      .digest();
    expect(merkleTreeHash([l0])).toBe(h0.toString("hex"));
    expect(merkleTreeHash([l0, l1])).toBe(
      createHash("sha256")
        .update(Buffer.from([1]))
        .update(h0)
        .update(h1)
        .digest("hex"),
    );
  });

  it("the streaming frontier equals the recursive definition at every size", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), (n) => {
        const leaves = Array.from({ length: n }, (_, i) => leaf(i));
        const f = new MerkleFrontier();
        for (const l of leaves) f.push(l);
        expect(f.root()).toBe(merkleTreeHash(leaves));
        const resumed = MerkleFrontier.fromState(f.state());
        const more = [leaf(1000), leaf(1001), leaf(1002)];
        for (const l of more) {
          resumed.push(l);
          f.push(l);
        }
        expect(resumed.root()).toBe(merkleTreeHash([...leaves, ...more]));
      }),
    );
  });
});

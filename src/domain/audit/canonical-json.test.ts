import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";

describe("canonicalJson (RFC 8785)", () => {
  it("sorts keys by UTF-16 code units and drops whitespace", () => {
    // Key order example from RFC 8785 §3.2.3: "\u20ac" (€) sorts after "\r" and "1" but before "\ud83d\ude00".
    const value = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ud83d\ude00": "Emoji",
      "1": "One",
      "\u0080": "Control",
    };
    expect(canonicalJson(value)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji"}',
    );
  });

  it("serializes numbers as ECMAScript does", () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 333333333.3333333, 100])).toBe(
      "[1e+21,1e-7,0,0.1,333333333.3333333,100]",
    );
  });

  it("refuses values that JSON cannot carry", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
  });

  it("is independent of key insertion order and survives a JSON round trip", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const reparsed = JSON.parse(JSON.stringify(v)) as unknown;
        expect(canonicalJson(reparsed)).toBe(canonicalJson(v));
        expect(JSON.parse(canonicalJson(v))).toEqual(reparsed);
      }),
    );
  });
});

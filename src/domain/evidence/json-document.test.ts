import { describe, expect, it } from "vitest";
import { parseJsonDocument } from "./json-document.js";

function syntax(text: string) {
  const result = parseJsonDocument(text, "r.json", 64);
  if (result.ok) throw new Error("expected a syntax error");
  return result.diagnostic;
}

describe("parseJsonDocument", () => {
  it("places syntax errors by line and column with a human sentence", () => {
    expect(syntax('{\n  "a": 1,\n  "b": }')).toMatchObject({
      line: 3,
      column: 8,
      message: "unexpected `}` where a value was expected",
    });
    expect(syntax('{"a": [1, 2,]}')).toMatchObject({
      column: 13,
      hint: "remove the trailing comma before it",
    });
    expect(syntax("{'a': 1}")).toMatchObject({
      column: 2,
      message: expect.stringContaining("double quotes"),
    });
    expect(syntax('{"a": "x\n"}')).toMatchObject({
      line: 1,
      column: 9,
      message: expect.stringContaining("control character"),
    });
    expect(syntax('{"a": 1} x')).toMatchObject({
      column: 10,
      message: "unexpected `x` after the end of the JSON document",
    });
    expect(syntax('{"a": 01}')).toMatchObject({ code: "json-syntax" });
  });

  it("locates values, and missing fields at their object", () => {
    const text = '{\n  "runs": [\n    {"tool": {"driver": {"name": "x"}}},\n    {"results": []}\n  ]\n}';
    const result = parseJsonDocument(text, "r.json", 64);
    if (!result.ok) throw new Error("expected JSON");
    expect(
      result.document.locate([
        ["runs", 1, "results"],
        ["runs", 0, "tool", "driver", "name"],
        ["runs", 1, "tool"],
        [],
      ]),
    ).toEqual([
      { line: 4, column: 17 },
      { line: 3, column: 34 },
      { line: 4, column: 5 },
      { line: 1, column: 1 },
    ]);
  });
});

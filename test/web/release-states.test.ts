import { describe, expect, it } from "vitest";
import { RELEASE_STATES as SERVER_STATES } from "../../src/domain/release/index.js";
import { RELEASE_STATES } from "../../web/src/api/types.js";

describe("the dashboard's copy of the server's shapes", () => {
  it("lists the release states the server has, in lifecycle order", () => {
    expect(RELEASE_STATES).toEqual(SERVER_STATES);
  });
});

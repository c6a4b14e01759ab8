import { describe, expect, it } from "vitest";
import { editDistance, nearest } from "../src/text/nearest.js";

describe("nearest names", () => {
  it.each([
    ["tolerence", "tolerance", 1],
    ["kitten", "sitting", 3],
    ["", "abc", 3],
    ["abc", "abc", 0],
    ["maxPercent", "maxpercent", 1],
  ])("editDistance(%j, %j) = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it("K20 suggests only a close candidate, ignoring case, and none of several as close", () => {
    expect(nearest("tolerence", ["tolerancePercent", "tolerance"])).toBe("tolerance");
    expect(nearest("MAXDAYS", ["maxDays"])).toBe("maxDays");
    expect(nearest("tolerance", ["maxPercent"])).toBeNull();
    // ac and ad are each one edit from ab: which was meant is not known.
    expect(nearest("ab", ["ac", "ad"])).toBeNull();
    expect(nearest("S9", ["S1", "S2", "S3"])).toBeNull();
    expect(nearest("S9", ["S1", "T7"])).toBe("S1");
    // One closer than the others is named; the same candidate twice is one.
    expect(nearest("MI0l", ["MI01", "MI02x", "MI01"])).toBe("MI01");
    expect(nearest("x", [])).toBeNull();
    expect(nearest("c", ["a", "b"])).toBeNull();
  });
});

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

  it("suggests only a close candidate, ignoring case, the first of equals", () => {
    expect(nearest("tolerence", ["tolerancePercent", "tolerance"])).toBe("tolerance");
    expect(nearest("MAXDAYS", ["maxDays"])).toBe("maxDays");
    expect(nearest("tolerance", ["maxPercent"])).toBeNull();
    expect(nearest("ab", ["ac", "ad"])).toBe("ac");
    expect(nearest("x", [])).toBeNull();
    expect(nearest("c", ["a", "b"])).toBeNull();
  });
});

/** A typed number's text as a cell: plain notation, the point moved in the text, in the feed's decimal mark. */
import { describe, expect, it } from "vitest";
import { numberText } from "../src/io/number-text.js";

describe("numberText", () => {
  it("moves the point by the exponent in the text, never through a double", () => {
    const cases: [string, string][] = [
      ["1.5E-3", "0.0015"],
      ["2e+3", "2000"],
      ["-1.25e1", "-12.5"],
      ["1.2345e2", "123.45"],
      // The digits written are kept: 1.50e1 is 15.0.
      ["1.50e1", "15.0"],
      ["5E0", "5"],
      ["-0.0012e-2", "-0.000012"],
      // 0.1 + 0.2 as a double prints 0.30000000000000004; written as text it stays what it says.
      ["3.0000000000000004e-1", "0.30000000000000004"],
      ["12345678901234567890123e-3", "12345678901234567890.123"],
    ];
    for (const [text, plain] of cases) expect([text, numberText(text)]).toStrictEqual([text, plain]);
  });

  it("writes the feed's decimal mark, and leaves text that is no decimal number, or an exponent beyond any amount, as it is", () => {
    expect(numberText("2.125", ",")).toBe("2,125");
    expect(numberText("1.5E-3", ",")).toBe("0,0015");
    expect(numberText("42", ",")).toBe("42");
    for (const text of ["abc", "1e401", "1.2.3e1", "e5", "NaN"]) expect(numberText(text)).toBe(text);
  });
});

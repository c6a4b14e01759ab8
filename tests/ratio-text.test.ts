/**
 * How a ratio (a percentage, a markup, a duration in days) is written in a finding: to 6 decimals,
 * but never rounded onto a rounder number than it is, as a move just past a limit would be shown
 * as the limit itself. Checked against decimal.js.
 */
import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ratio } from "../src/money/ratio.js";

const exact = (r: Ratio) => new Decimal(r.num.toString()).div(new Decimal(r.den.toString()));

describe("Ratio.toText", () => {
  Decimal.set({ precision: 80 });

  it.each([
    [1n, 1n, "1"],
    [50n, 1n, "50"],
    // Not held by 6 decimals: 7, so never a 6-decimal limit it is not (M41).
    [100n, 3n, "33.3333333"],
    [200n, 3n, "66.6666667"],
    [-100n, 3n, "-33.3333333"],
    // 459.10 off 499.00 is 92.00400801…%: 7 decimals would end in a 0, and read as 92.004008.
    [459_100n, 4_990n, "92.00400802"],
    // 200.000001 / 400 × 100: 50.00000025 % is written on to its first digit that is not 0.
    [20_000_000_100n, 400_000_000n, "50.0000003"],
    [-20_000_000_100n, 400_000_000n, "-50.0000003"],
    // 12.3400001: 6 decimals would show 12.34.
    [123_400_001n, 10_000_000n, "12.3400001"],
    [1n, 8n, "0.125"],
    [1n, 10_000_000n, "0.0000001"],
  ])("%s / %s is %s", (num, den, text) => {
    expect(new Ratio(num, den).toText()).toBe(text);
  });

  it("is within half a unit of its last decimal, exact where 6 decimals hold it, and never ends in a 0 it rounded to", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (num, den) => {
        const ratio = new Ratio(num, den);
        const text = ratio.toText();
        const value = exact(ratio);
        const decimals = text.includes(".") ? text.length - text.indexOf(".") - 1 : 0;
        const shown = new Decimal(text);
        const places = Math.max(decimals, 6);
        expect(shown.minus(value).abs().lte(new Decimal(10).pow(-places).div(2))).toBe(true);
        if (value.decimalPlaces() <= 6) expect(shown.eq(value)).toBe(true);
        else if (decimals < 18) {
          // Rounded: at least 7 decimals, the last not 0, so the text is never a rounder number than the value.
          expect(decimals).toBeGreaterThanOrEqual(7);
          expect(text.endsWith("0")).toBe(false);
        }
        expect(text).toMatch(/^-?\d+(\.\d*[1-9])?$/);
      }),
      { numRuns: 2000 },
    );
  });

  it("M41 is never shown as a limit of 6 decimals that it passes, and is shown on the side of it that it is", () => {
    // A limit (a literal, an option) has at most 6 decimals: the value's 6-decimal rounding, and the
    // limits a millionth either side, are those it is nearest to, and the ones it was shown as.
    const micro = new Decimal(10).pow(-6);
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (num, den) => {
        const ratio = new Ratio(num, den);
        const value = exact(ratio);
        const shown = new Decimal(ratio.toText());
        const nearest = value.toDecimalPlaces(6, Decimal.ROUND_HALF_UP);
        for (const limit of [nearest.minus(micro), nearest, nearest.plus(micro)]) {
          expect(shown.comparedTo(limit)).toBe(value.comparedTo(limit));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

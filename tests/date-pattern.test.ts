import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileDatePattern, type DatePattern } from "../src/time/date-pattern.js";

function pattern(text: string): DatePattern {
  const compiled = compileDatePattern(text);
  if ("problem" in compiled) throw new Error(compiled.problem);
  return compiled;
}

const problem = (text: string): string | null => {
  const compiled = compileDatePattern(text);
  return "problem" in compiled ? compiled.problem : null;
};

describe("compileDatePattern", () => {
  it.each([
    // Excel's way of writing the month: here mm is minutes, so it is refused, never read as months.
    ["dd/mm/yyyy", '"dd/mm/yyyy" has minutes (mm) but no hour: for the month write MM'],
    ["dd/MM/yy", '"dd/MM/yy": a two-digit year has no century: write yyyy'],
    ["dd/MM/yyyy hh:mm", '"dd/MM/yyyy hh:mm": hh is an hour of a 12-hour clock, which needs AM/PM: write HH (0–23)'],
    ["dd/MM/yyyy HH", '"dd/MM/yyyy HH" has an hour but no minutes (mm)'],
    ["dd/MM", '"dd/MM" has no year (yyyy)'],
    ["MM/yyyy", '"MM/yyyy" has no day (dd)'],
    ["dd/MM/yyyy/dd", '"dd/MM/yyyy/dd" gives the day twice'],
    ["HH:mm dd/MM/yyyy", '"HH:mm dd/MM/yyyy": the time must follow the date, in hours, minutes, seconds'],
    ["yyyy-dd-MM", '"yyyy-dd-MM" would read ISO 8601 dates (year, month, day) with month and day swapped'],
    [
      "dd.MM.yyyy 'at' HH:mm",
      `"dd.MM.yyyy 'at' HH:mm": "a" is not a token (yyyy, MM, M, dd, d, HH, H, mm, ss; other letters cannot be written)`,
    ],
    ["DD/MM/YYYY", '"DD/MM/YYYY": DD is the day of the year: write dd for the day of the month'],
    [
      "yyyyMd",
      '"yyyyMd" has a one-letter token beside another with nothing between them, so its digits could be split two ways: write two letters (MM, dd, HH)',
    ],
    ["dd/mm/yyyy HH:mm", '"dd/mm/yyyy HH:mm" gives the minute twice: mm is minutes; for the month write MM'],
    ["d/m/yyyy", '"d/m/yyyy": m is no token: write M or MM for the month, mm for minutes'],
    ["dd/MM/yyyy HH:ss:mm", '"dd/MM/yyyy HH:ss:mm": the time must follow the date, in hours, minutes, seconds'],
    ["ss dd/MM/yyyy HH:mm", '"ss dd/MM/yyyy HH:mm": the time must follow the date, in hours, minutes, seconds'],
    ["dd/MM/2026", '"dd/MM/2026" has a digit at 7: only the tokens and the characters between them can be written'],
  ])("refuses %s", (text, message) => {
    expect(problem(text)).toBe(message);
  });

  // yyyy/dd/MM cannot read an ISO 8601 date (its separator is not -): taken as written.
  it.each(["dd/MM/yyyy", "d/M/yyyy", "MM/dd/yyyy HH:mm", "dd.MM.yyyy HH:mm:ss", "yyyyMMdd", "yyyy/MM/dd", "yyyy-MM-dd", "yyyy/dd/MM"])(
    "accepts %s",
    (text) => {
      expect(problem(text)).toBeNull();
    },
  );
});

describe("DatePattern.iso", () => {
  const mimit = pattern("dd/MM/yyyy HH:mm:ss");

  it("reads a cell written in the pattern as ISO 8601 text", () => {
    expect(mimit.iso("20/08/2026 20:30:14")).toBe("2026-08-20T20:30:14");
    // The date part alone is a date (a start or an end of that day, as an ISO date is).
    expect(mimit.iso("20/08/2026")).toBe("2026-08-20");
    expect(pattern("MM/dd/yyyy HH:mm").iso("08/20/2026 07:05")).toBe("2026-08-20T07:05");
    expect(pattern("yyyyMMdd").iso("20260820")).toBe("2026-08-20");
  });

  it("reads one or two digits where the token is one letter, exactly two where it is two", () => {
    const us = pattern("M/d/yyyy H:mm");
    expect(us.iso("8/2/2026 7:05")).toBe("2026-08-02T07:05");
    expect(us.iso("12/31/2026 23:59")).toBe("2026-12-31T23:59");
    expect(mimit.iso("2/8/2026 20:30:14")).toBeNull();
    expect(mimit.iso("020/08/2026 20:30:14")).toBeNull();
  });

  it("leaves ISO 8601 as it is, and gives null for any other text", () => {
    expect(mimit.iso("2026-08-20T20:30:14+02:00")).toBe("2026-08-20T20:30:14+02:00");
    expect(mimit.iso("2026-08-20")).toBe("2026-08-20");
    for (const text of ["20-08-2026", "20/08/2026 20:30", "20/08/2026T20:30:14", "20/08/2026 20:30:14 ", "", "ieri"]) {
      expect(mimit.iso(text), text).toBeNull();
    }
  });

  it("does not judge the calendar: 31/02 reads as the ISO text the ISO reader refuses", () => {
    expect(pattern("dd/MM/yyyy").iso("31/02/2026")).toBe("2026-02-31");
  });

  it("reads an interval's two ends, separated by /, a comma or spaces, in the pattern or in ISO 8601", () => {
    const day = pattern("dd.MM.yyyy");
    expect(day.isoInterval("01.11.2026/30.11.2026")).toEqual(["2026-11-01", "2026-11-30"]);
    expect(day.isoInterval("01.11.2026 - 30.11.2026")).toBeNull();
    expect(day.isoInterval("01.11.2026 30.11.2026")).toEqual(["2026-11-01", "2026-11-30"]);
    expect(mimit.isoInterval("01/11/2026 08:00:00/30/11/2026")).toEqual(["2026-11-01T08:00:00", "2026-11-30"]);
    expect(mimit.isoInterval("01/11/2026,30/11/2026 20:00:00")).toEqual(["2026-11-01", "2026-11-30T20:00:00"]);
    expect(mimit.isoInterval("2026-11-01/2026-11-30")).toEqual(["2026-11-01", "2026-11-30"]);
    expect(mimit.isoInterval("01/11/2026")).toBeNull();
    // White space of any kind around the separator, as in an XML element written over lines.
    expect(day.isoInterval("01.11.2026\t30.11.2026")).toEqual(["2026-11-01", "2026-11-30"]);
    expect(mimit.isoInterval("20/11/2026 13:00:00 /\n   21/11/2026")).toEqual(["2026-11-20T13:00:00", "2026-11-21"]);
    // Either end in ISO 8601, the other in the pattern.
    expect(day.isoInterval("2026-11-20/21.11.2026")).toEqual(["2026-11-20", "2026-11-21"]);
    expect(pattern("yyyy-MM-dd H:mm").isoInterval("2026-11-20 9:00/2026-11-21 9:00")).toEqual(["2026-11-20T09:00", "2026-11-21T09:00"]);
    expect(day.isoInterval("2026-11-20T13:00-0800,2026-11-29T15:30-0800")).toEqual(["2026-11-20T13:00-0800", "2026-11-29T15:30-0800"]);
  });

  it("gives, for any date and time written in a pattern, the ISO 8601 text of the same fields", () => {
    const two = (n: number) => String(n).padStart(2, "0");
    fc.assert(
      fc.property(
        fc.record({
          y: fc.integer({ min: 1000, max: 9999 }),
          mo: fc.integer({ min: 1, max: 12 }),
          d: fc.integer({ min: 1, max: 31 }),
          h: fc.integer({ min: 0, max: 23 }),
          mi: fc.integer({ min: 0, max: 59 }),
          s: fc.integer({ min: 0, max: 59 }),
        }),
        fc.constantFrom("-", "/", ".", " "),
        fc.boolean(),
        ({ y, mo, d, h, mi, s }, sep, dayFirst) => {
          const text = `${dayFirst ? "dd" : "MM"}${sep}${dayFirst ? "MM" : "dd"}${sep}yyyy HH:mm:ss`;
          const cell = `${two(dayFirst ? d : mo)}${sep}${two(dayFirst ? mo : d)}${sep}${y} ${two(h)}:${two(mi)}:${two(s)}`;
          expect(pattern(text).iso(cell)).toBe(`${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}`);
        },
      ),
    );
  });
});

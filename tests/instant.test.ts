import fc from "fast-check";
import { tzOffset } from "@date-fns/tz";
import { describe, expect, it } from "vitest";
import {
  calendarDaysBefore,
  calendarDaysLaterChanges,
  formatInstant,
  InstantCache,
  isTimeZone,
  parseInstant,
  type InstantResult,
  wallClockSpan,
} from "../src/time/instant.js";

// Every expectation here is an absolute UTC instant (Date.UTC or an "…Z" string) or is computed
// through Intl with an explicit timeZone, so nothing depends on the process TZ. Run this file
// under TZ=UTC and TZ=Pacific/Chatham (+12:45/+13:45) to check the code under test doesn't either.

const HOUR = 3_600_000;
const ROME = "Europe/Rome";

function instant(result: InstantResult): number {
  if (!result.ok) throw new Error(`expected an instant, got: ${result.reason}`);
  return result.instant;
}

const at = (iso: string): number => Date.parse(iso);

describe("parseInstant", () => {
  it.each([
    // CET (+01:00) in winter, CEST (+02:00) in summer
    ["2026-01-15", "start", "2026-01-14T23:00:00Z"],
    ["2026-01-15", "end", "2026-01-15T23:00:00Z"],
    ["2026-06-15", "start", "2026-06-14T22:00:00Z"],
    ["2026-06-15", "end", "2026-06-15T22:00:00Z"],
    ["2026-01-31", "end", "2026-01-31T23:00:00Z"],
    ["2026-12-31", "end", "2026-12-31T23:00:00Z"],
    ["2024-02-29", "end", "2024-02-29T23:00:00Z"],
  ] as const)("reads the bare date %s as the %s of that day in Europe/Rome", (text, role, expected) => {
    const result = parseInstant(text, ROME, role);
    expect(result).toEqual({ ok: true, instant: at(expected), dateOnly: true, belowMillisecond: false });
  });

  it("T19 reads digits below the millisecond as the first millisecond at or after them", () => {
    // 23:59:59.999999 lies inside the last millisecond of the day: the first whole millisecond not before it is midnight.
    expect(parseInstant("2026-11-10T23:59:59.999999Z", "UTC")).toEqual({
      ok: true,
      instant: at("2026-11-11T00:00:00Z"),
      dateOnly: false,
      belowMillisecond: true,
    });
    expect(parseInstant("2026-11-10T12:00:00.0001+01:00", "UTC")).toMatchObject({
      instant: at("2026-11-10T11:00:00.001Z"),
      belowMillisecond: true,
    });
    // Zeros below the millisecond are the millisecond itself, in a zone as with an offset.
    expect(parseInstant("2026-11-10T12:00:00.250000000", ROME)).toEqual({
      ok: true,
      instant: at("2026-11-10T11:00:00.250Z"),
      dateOnly: false,
      belowMillisecond: false,
    });
    expect(parseInstant("2026-11-10T12:00:00.2500001", ROME)).toMatchObject({
      instant: at("2026-11-10T11:00:00.251Z"),
      belowMillisecond: true,
    });
  });

  it("reads a bare date as the start of the day by default", () => {
    expect(instant(parseInstant("2026-06-15", ROME))).toBe(at("2026-06-14T22:00:00Z"));
  });

  it("makes the end of a day the start of the next (half-open windows)", () => {
    expect(instant(parseInstant("2026-04-30", ROME, "end"))).toBe(instant(parseInstant("2026-05-01", ROME, "start")));
  });

  it("gives the spring-forward day in Europe/Rome 23 hours", () => {
    const start = instant(parseInstant("2026-03-29", ROME, "start"));
    const end = instant(parseInstant("2026-03-29", ROME, "end"));
    expect(start).toBe(at("2026-03-28T23:00:00Z"));
    expect(end).toBe(at("2026-03-29T22:00:00Z"));
    expect(end - start).toBe(23 * HOUR);
  });

  it("gives the fall-back day in Europe/Rome 25 hours", () => {
    const start = instant(parseInstant("2026-10-25", ROME, "start"));
    const end = instant(parseInstant("2026-10-25", ROME, "end"));
    expect(start).toBe(at("2026-10-24T22:00:00Z"));
    expect(end).toBe(at("2026-10-25T23:00:00Z"));
    expect(end - start).toBe(25 * HOUR);
  });

  it.each([
    ["2026-07-01T12:00:00Z", "2026-07-01T12:00:00Z"],
    ["2026-07-01T12:00:00+02:00", "2026-07-01T10:00:00Z"],
    ["2026-07-01T12:00:00+0200", "2026-07-01T10:00:00Z"],
    ["2026-07-01T12:00+02", "2026-07-01T10:00:00Z"],
    ["2026-07-01T12:00:00-05:30", "2026-07-01T17:30:00Z"],
    ["2026-07-01 00:30:00+01:00", "2026-06-30T23:30:00Z"],
    ["2026-01-01T12:00:00.5Z", "2026-01-01T12:00:00.500Z"],
    ["2026-01-01T12:00:00,25Z", "2026-01-01T12:00:00.250Z"],
    // Below the millisecond: the next one (T19).
    ["2026-01-01T12:00:00.123456789Z", "2026-01-01T12:00:00.124Z"],
    ["  2026-01-01T12:00Z  ", "2026-01-01T12:00:00Z"],
  ])("reads %s by its own offset, whatever the zone", (text, expected) => {
    for (const zone of [ROME, "Asia/Tokyo", "Pacific/Chatham"]) {
      expect(parseInstant(text, zone)).toMatchObject({ ok: true, instant: at(expected), dateOnly: false });
    }
  });

  it.each([
    [ROME, "2026-07-01T12:00", "2026-07-01T10:00:00Z"],
    [ROME, "2026-01-15 08:30:15.250", "2026-01-15T07:30:15.250Z"],
    ["America/New_York", "2026-07-01T12:00", "2026-07-01T16:00:00Z"],
    ["America/New_York", "2026-01-01T00:00:00", "2026-01-01T05:00:00Z"],
    ["Asia/Kolkata", "2026-07-01T12:00", "2026-07-01T06:30:00Z"],
    ["Pacific/Chatham", "2026-01-01T12:00", "2025-12-31T22:15:00Z"],
    ["UTC", "2026-07-01T12:00", "2026-07-01T12:00:00Z"],
  ])("reads a time without an offset as wall-clock time in %s: %s", (zone, text, expected) => {
    expect(parseInstant(text, zone)).toEqual({ ok: true, instant: at(expected), dateOnly: false, belowMillisecond: false });
  });

  it("moves a time inside the spring-forward gap forward, as the clocks do", () => {
    // In Rome on 2026-03-29 the clocks jump from 02:00 CET to 03:00 CEST (01:00Z): 02:30 never happens.
    expect(instant(parseInstant("2026-03-29T01:59:59", ROME))).toBe(at("2026-03-29T00:59:59Z"));
    expect(instant(parseInstant("2026-03-29T02:00", ROME))).toBe(at("2026-03-29T01:00:00Z"));
    expect(instant(parseInstant("2026-03-29T02:30", ROME))).toBe(at("2026-03-29T01:30:00Z"));
    expect(instant(parseInstant("2026-03-29T03:30", ROME))).toBe(at("2026-03-29T01:30:00Z"));
    expect(wallClock(at("2026-03-29T01:30:00Z"), ROME)).toBe("2026-03-29 03:30:00");
  });

  it("reads a time the fall-back repeats as its first occurrence", () => {
    // On 2026-10-25 Rome shows 02:00–03:00 twice: first in CEST (00:00–01:00Z), then in CET (01:00–02:00Z).
    const first = instant(parseInstant("2026-10-25T02:30", ROME));
    expect(first).toBe(at("2026-10-25T00:30:00Z"));
    expect(wallClock(first, ROME)).toBe("2026-10-25 02:30:00");
    expect(wallClock(first + HOUR, ROME)).toBe("2026-10-25 02:30:00");
    expect(instant(parseInstant("2026-10-25T03:00", ROME))).toBe(at("2026-10-25T02:00:00Z"));
  });

  it.each([
    "2026-02-30",
    "2026-02-29",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-01-01T24:61",
    "2026-01-01T24:00",
    "2026-01-01T23:60",
    "2026-01-01T12:00:60",
    "2026-02-30T12:00Z",
    "2026-1-01",
    "26-01-01",
    "2026/01/01",
    "2026-01-01T1:00",
    "2026-01-01T12:00+2:00",
    "tomorrow",
    "",
  ])("rejects %j", (text) => {
    const result = parseInstant(text, ROME);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(JSON.stringify(text));
  });

  it.each([
    ["2026-02-30", /not a calendar date/],
    ["2026-13-01", /not a calendar date/],
    ["2026-01-01T24:61", /not a valid time of day/],
    ["2026-01-01T12:00:60", /not a valid time of day/],
    ["2026/01/01", /not an ISO 8601/],
  ])("says why %s is rejected", (text, reason) => {
    const result = parseInstant(text, ROME);
    expect(result.ok ? "accepted" : result.reason).toMatch(reason);
  });
});

/** The wall clock of `zone` at `t`, as "YYYY-MM-DD HH:MM:SS", read through Intl. */
function wallClock(t: number, zone: string): string {
  const f = wallFormat(zone);
  const p = Object.fromEntries(f.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return `${p["year"]}-${p["month"]}-${p["day"]} ${p["hour"]}:${p["minute"]}:${p["second"]}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function wallFormat(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(zone, f);
  }
  return f;
}

/** The wall clock of `zone` at `t`, as milliseconds in the same "fields read as UTC" scale as Date.UTC. */
function wallMs(t: number, zone: string): number {
  const [date, time] = wallClock(t, zone).split(" ") as [string, string];
  return Date.parse(`${date}T${time}Z`);
}

/**
 * Reference for a wall-clock time W (fields as Date.UTC): every instant within a day whose wall clock
 * reads W; the earliest if there are two (overlap), and W read with the offset in force before the
 * gap if there is none (the clocks jumped over it). Offsets come from scanning the zone's wall clock
 * hour by hour around W, so this shares no code with the implementation.
 */
function reference(wall: number, zone: string): number {
  const offsets = new Set<number>();
  for (let t = wall - 16 * HOUR; t <= wall + 16 * HOUR; t += HOUR) offsets.add(wallMs(t, zone) - t);
  const hits = [...offsets].map((o) => wall - o).filter((t) => wallMs(t, zone) === wall);
  if (hits.length > 0) return Math.min(...hits);
  // A gap: the offset went up; the one in force before it is the smaller.
  return wall - Math.min(...offsets);
}

/** Days of `year` on which the zone's offset changes, found by scanning Intl a day at a time. */
function transitionDays(zone: string, year: number): number[] {
  const days: number[] = [];
  const offsetAt = (t: number) => wallMs(t, zone) - t;
  for (let day = Date.UTC(year, 0, 1); day < Date.UTC(year + 1, 0, 1); day += 24 * HOUR) {
    if (offsetAt(day) !== offsetAt(day + 24 * HOUR)) days.push(day);
  }
  return days;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
function isoWall(wall: number): string {
  const d = new Date(wall);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

describe("parseInstant around DST transitions, against an Intl reference", () => {
  const zones = [
    ROME,
    "America/New_York",
    "America/Santiago", // changes at midnight: the day starts at 01:00, or 23:00 repeats
    "Australia/Lord_Howe", // half-hour DST
    "Pacific/Chatham", // +12:45 / +13:45
    "America/Sao_Paulo", // no DST any more
    "Asia/Kolkata",
  ];

  it.each(zones)("agrees on every half hour of the days around each 2026 transition in %s", (zone) => {
    const days = transitionDays(zone, 2026);
    const checked = new Set<number>();
    for (const transition of days) {
      for (let day = transition - 24 * HOUR; day <= transition + 48 * HOUR; day += 24 * HOUR) {
        for (let wall = day; wall < day + 24 * HOUR; wall += HOUR / 2) {
          if (checked.has(wall)) continue;
          checked.add(wall);
          const text = isoWall(wall);
          expect(instant(parseInstant(text, zone)), `${text} in ${zone}`).toBe(reference(wall, zone));
        }
      }
    }
    // Zones with DST have two transition days a year; the others none.
    expect(days.length === 0 || days.length === 2).toBe(true);
  });

  it.each(zones)("starts and ends every day of 2026 in %s where the reference does", (zone) => {
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += 24 * HOUR) {
      const text = isoWall(day).slice(0, 10);
      const start = instant(parseInstant(text, zone, "start"));
      const end = instant(parseInstant(text, zone, "end"));
      expect(start, `${text} in ${zone}`).toBe(reference(day, zone));
      expect(end, `${text} in ${zone}`).toBe(reference(day + 24 * HOUR, zone));
      expect((end - start) / HOUR, `${text} in ${zone}`).toBeGreaterThanOrEqual(23);
      expect((end - start) / HOUR, `${text} in ${zone}`).toBeLessThanOrEqual(25);
    }
  });

  it("finds the 2026 transitions of Europe/Rome on 29 March and 25 October", () => {
    expect(transitionDays(ROME, 2026)).toEqual([Date.UTC(2026, 2, 29), Date.UTC(2026, 9, 25)]);
  });

  it("reads any wall-clock time that exists in the zone back to the same wall clock", () => {
    const zone = fc.constantFrom(...zones);
    const minute = fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2037, 11, 31) / 60_000 });
    fc.assert(
      fc.property(zone, minute, (z, m) => {
        const wall = m * 60_000;
        const text = isoWall(wall);
        const t = instant(parseInstant(text, z));
        expect(t).toBe(reference(wall, z));
        // Either the wall clock shows exactly that time, or the time fell in a gap and was moved forward.
        const shown = wallMs(t, z);
        expect(shown).toBeGreaterThanOrEqual(wall);
        if (shown !== wall) expect(shown - wall).toBeLessThanOrEqual(HOUR);
      }),
      { numRuns: 500 },
    );
  });
});

describe("InstantCache", () => {
  it("resolves like parseInstant, keyed by role and zone as well as text", () => {
    const cache = new InstantCache();
    const start = cache.resolve("2026-03-29", ROME, "start");
    const end = cache.resolve("2026-03-29", ROME, "end");
    const tokyo = cache.resolve("2026-03-29", "Asia/Tokyo", "start");
    expect(start).toEqual(parseInstant("2026-03-29", ROME, "start"));
    expect(end).toEqual(parseInstant("2026-03-29", ROME, "end"));
    expect(tokyo).toEqual({ ok: true, instant: at("2026-03-28T15:00:00Z"), dateOnly: true, belowMillisecond: false });
    expect(cache.resolve("2026-03-29", ROME, "start")).toBe(start);
    expect(cache.resolve("2026-02-30", ROME, "start").ok).toBe(false);
  });
});

describe("isTimeZone and formatInstant", () => {
  it.each([
    ["Europe/Rome", true],
    ["UTC", true],
    ["Pacific/Chatham", true],
    ["Europe/Atlantis", false],
    ["", false],
  ])("isTimeZone(%j) is %s", (zone, known) => {
    expect(isTimeZone(zone)).toBe(known);
  });

  it("formats instants as UTC ISO 8601 with milliseconds", () => {
    expect(formatInstant(Date.UTC(2026, 2, 29, 1, 30))).toBe("2026-03-29T01:30:00.000Z");
    expect(formatInstant(instant(parseInstant("2026-10-25", ROME, "end")))).toBe("2026-10-25T23:00:00.000Z");
  });
});

describe("parseInstant refuses what it cannot place", () => {
  it("refuses a bare date with an offset, which names no instant", () => {
    expect(parseInstant("2026-03-29+05:00", "Europe/Rome")).toStrictEqual({
      ok: false,
      code: "invalid_date",
      reason: '"2026-03-29+05:00" has an offset but no time of day',
    });
  });

  it("refuses a zone it does not know instead of returning NaN", () => {
    expect(parseInstant("2026-03-29", "Mars/Olympus")).toStrictEqual({
      ok: false,
      code: "unknown_time_zone",
      reason: 'unknown time zone "Mars/Olympus"',
    });
    expect(parseInstant("2026-03-29T10:00", "Mars/Olympus").ok).toBe(false);
  });
});

describe("T17 calendarDaysBefore", () => {
  // Zones whose clocks go forward by an hour, by half an hour (Lord Howe), and at midnight (Santiago, Havana).
  const zones = ["Europe/Rome", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "America/Havana"];

  // When each zone's clocks went forward in 2026: the days before the instants 30 days later
  // reach back into the skipped time.
  const forward: Record<string, string> = {
    "Europe/Rome": "2026-03-29T01:00:00Z",
    "America/New_York": "2026-03-08T07:00:00Z",
    "Australia/Lord_Howe": "2026-10-03T15:30:00Z",
    "America/Santiago": "2026-09-06T04:00:00Z",
    "America/Havana": "2026-03-08T05:00:00Z",
  };
  const HOUR = 3_600_000;

  /** The wall clock of `zone` at `t`, in milliseconds (fields read as UTC). */
  const wall = (t: number, zone: string) => t + Math.round(tzOffset(zone, new Date(t)) * 60_000);

  it("T17 never starts the days before a later instant earlier than those before an earlier one, while the clocks do not go back", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: -6 * HOUR, max: 6 * HOUR }),
        fc.integer({ min: 0, max: 2 * HOUR }),
        fc.boolean(),
        (zone, around, step, near) => {
          // Near where the days reach back into the skipped time, or anywhere in three years.
          const t = near ? Date.parse(forward[zone]!) + 30 * 86_400_000 + around : Date.UTC(2025, 0, 1) + Math.abs(around) * 2_000;
          // Where the clocks go back between t and t + step, the days before t + step start at an
          // earlier time of day, and so reach back again: as calendarDaysLaterChanges says (T20).
          fc.pre(wall(t + step, zone) - wall(t, zone) >= 0);
          expect(calendarDaysBefore(t, 30, zone)).toBeLessThanOrEqual(calendarDaysBefore(t + step, 30, zone));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("T17 a time the clocks skip on that date is the instant they jump", () => {
    // Rome, 28 April 02:40 CEST (00:40Z): 29 March 02:40 is skipped; the clocks jump at 01:00Z.
    expect(calendarDaysBefore(Date.parse("2026-04-28T00:40:00Z"), 30, "Europe/Rome")).toBe(Date.parse("2026-03-29T01:00:00Z"));
    // 03:10 CEST is a time of that day: 01:10Z.
    expect(calendarDaysBefore(Date.parse("2026-04-28T01:10:00Z"), 30, "Europe/Rome")).toBe(Date.parse("2026-03-29T01:10:00Z"));
  });
});

describe("T20 calendarDaysLaterChanges", () => {
  // When the clocks went back in 2026 (the hour, or half hour at Lord Howe, after it repeats) and forward.
  const changes: readonly (readonly [string, string])[] = [
    ["Europe/Rome", "2026-10-25T01:00:00Z"],
    ["Europe/Rome", "2026-03-29T01:00:00Z"],
    ["America/New_York", "2026-11-01T06:00:00Z"],
    ["America/New_York", "2026-03-08T07:00:00Z"],
    ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
    ["Australia/Lord_Howe", "2026-10-03T15:30:00Z"],
    ["America/Santiago", "2026-09-06T04:00:00Z"],
    ["UTC", "2026-03-29T01:00:00Z"],
  ];
  const HOUR = 3_600_000;
  const MINUTE = 60_000;
  const DAY = 86_400_000;
  // A history row that ends at `instant` is in the 30 days before t while they start before it.
  const reaches = (t: number, instant: number, zone: string) => calendarDaysBefore(t, 30, zone) < instant;

  it("T20 names every instant at which the 30 days before t stop (or start again) starting before an instant near a clock change", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...changes),
        fc.integer({ min: -3 * HOUR, max: 3 * HOUR }),
        fc.constantFrom(0, 1, 30 * DAY, 30 * DAY - 1),
        ([zone, change], around, shift) => {
          // An instant near the change (its day, or the day 30 days before it, so that t's day has it).
          const instant = Date.parse(change) + around - shift;
          const points = calendarDaysLaterChanges(instant, 30, zone);
          // Scan t by the minute over the hours around instant + 30 days, with the points named in between:
          // wherever "the 30 days before t reach back to it" turns, a named point lies in (a, b].
          const samples = [...points];
          const [first, last] = [instant + 30 * DAY - 4 * HOUR, instant + 30 * DAY + 4 * HOUR];
          for (let t = first; t <= last; t += MINUTE) samples.push(t);
          // Before the scan, the 30 days reach back before the instant; after it, no longer.
          expect([reaches(first, instant, zone), reaches(last, instant, zone)]).toStrictEqual([true, false]);
          samples.sort((a, b) => a - b);
          for (let i = 1; i < samples.length; i++) {
            const [a, b] = [samples[i - 1]!, samples[i]!];
            if (reaches(a, instant, zone) !== reaches(b, instant, zone)) {
              expect(
                points.some((p) => p > a && p <= b),
                `${zone}: 30 days before ${new Date(b).toISOString()} turn for ${new Date(instant).toISOString()}`,
              ).toBe(true);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it("T20 a repeated time read as its first occurrence reaches a row of the second until the repetition ends", () => {
    // Rome: 01:40Z on 25 October is the second 02:40. From 24 November 02:00 to 02:59 (01:00–01:59Z) the 30 days
    // start at the first 02:xx (00:xxZ), before it; from 03:00 (02:00Z) at 02:00Z, after it.
    expect(calendarDaysLaterChanges(Date.parse("2026-10-25T01:40:00Z"), 30, "Europe/Rome")).toContain(Date.parse("2026-11-24T02:00:00Z"));
    // The jump itself (01:00Z on 29 March, where 02:00 to 02:59 are read): left behind from 28 April 02:00 CEST (00:00Z).
    expect(calendarDaysLaterChanges(Date.parse("2026-03-29T01:00:00Z"), 30, "Europe/Rome")).toContain(Date.parse("2026-04-28T00:00:00Z"));
  });
});

describe("T21 wallClockSpan", () => {
  it("T21 counts a day the clocks change as one day, and a date the calendar skips as none", () => {
    const DAY = 86_400_000;
    const span = (from: string, to: string, zone: string) =>
      wallClockSpan(instant(parseInstant(from, zone)), instant(parseInstant(to, zone, "end")), zone) / DAY;
    // Rome's 25 October 2026 has 25 hours, 29 March 23: each is one day.
    expect([span("2026-10-25", "2026-10-25", "Europe/Rome"), span("2026-03-29", "2026-03-29", "Europe/Rome")]).toStrictEqual([1, 1]);
    // Samoa skipped 30 December 2011 (from UTC-10 to UTC+14): 29 December is one day, and 1 July to 31 December
    // holds 184 dates less the one skipped.
    expect(span("2011-12-29", "2011-12-29", "Pacific/Apia")).toBe(1);
    expect(span("2011-12-29", "2011-12-31", "Pacific/Apia")).toBe(2);
    expect(span("2011-07-01", "2011-12-31", "Pacific/Apia")).toBe(183);
    // Lord Howe's half-hour change: a day is still a day.
    expect(span("2026-04-05", "2026-04-05", "Australia/Lord_Howe")).toBe(1);
  });
});

describe("T25 offsets between -01:00 and 00:00", () => {
  it("T25 a zone a little west of UTC is read west of it: Monrovia until 1972, Dublin's and London's mean times", () => {
    // Monrovia kept -00:44:30 until 1972: noon there was 12:44:30Z (before: 11:15:30Z, the sign reversed).
    expect(instant(parseInstant("1971-06-01T12:00", "Africa/Monrovia"))).toBe(at("1971-06-01T12:44:30Z"));
    // Dublin Mean Time, -00:25:21, until 1916.
    expect(instant(parseInstant("1900-06-01T12:00", "Europe/Dublin"))).toBe(at("1900-06-01T12:25:21Z"));
    // London's mean time, -00:01:15: the year 0000's first minute is in range (before: refused as the year -1).
    const first = parseInstant("0000-01-01", "Europe/London");
    expect(first.ok && formatInstant(first.instant)).toBe("0000-01-01T00:01:15.000Z");
    // East of UTC by less than an hour stays east: Paris Mean Time, +00:09:21, until 1911.
    expect(instant(parseInstant("1900-01-15T12:00", "Europe/Paris"))).toBe(at("1900-01-15T11:50:39Z"));
  });
});

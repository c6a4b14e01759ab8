import { tzOffset } from "@date-fns/tz";

/** Milliseconds since the epoch, UTC. */
export type Instant = number;

/** What a bare date means: the start of that day, or (for a window's end) the end of it. */
export type DateRole = "start" | "end";

/** Why a text is not an instant (see model/row-error.ts). */
export type InstantErrorCode = "invalid_date" | "invalid_time" | "invalid_utc_offset" | "unknown_time_zone";

/**
 * An instant read, or why not. `belowMillisecond`: the text has digits below the millisecond that
 * are not all zero, and `instant` is the first millisecond at or after it (see {@link parseInstant}).
 */
export type InstantResult =
  { ok: true; instant: Instant; dateOnly: boolean; belowMillisecond: boolean } | { ok: false; code: InstantErrorCode; reason: string };

// Anchored, no nested quantifiers: linear time on any input.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** The first instant of the year 0000 and the first of 10000: a report writes instants between them (ISO 8601's four-digit years). */
const FIRST_WRITABLE = -62_167_219_200_000;
const PAST_WRITABLE = 253_402_300_800_000;

/** Why a run cannot check at `instant` (a report could not write it as ISO 8601 reads it back), or null. */
export function unwritableInstant(instant: Instant): string | null {
  if (instant >= FIRST_WRITABLE && instant < PAST_WRITABLE) return null;
  return `${new Date(instant).toISOString()} is outside the years 0000 to 9999, which a report's ISO 8601 instants can hold`;
}

/**
 * The two ends of an interval written in one cell, as written: `start/end` (ISO 8601 and
 * Google's feeds), `start,end` (Google's Content API) or `start end` (a space before a date);
 * null when the text is no interval, or is one instant with a comma before its fraction of a second. A space inside one instant (`2026-11-20 13:00`) splits
 * nothing: the text after it is no date.
 */
export function splitInterval(text: string): readonly [start: string, end: string] | null {
  let at = text.indexOf("/");
  // A comma may also be ISO 8601's decimal mark of seconds (`10:00:00,5Z`): a cell that reads as one instant is one.
  if (at < 0) at = ISO.test(text.trim()) ? -1 : text.indexOf(",");
  if (at < 0) {
    const space = /\s(?=\d{4}-\d{2}-\d{2})/.exec(text);
    at = space === null ? -1 : space.index;
  }
  if (at <= 0) return null;
  const start = text.slice(0, at).trim();
  const end = text.slice(at + 1).trim();
  return start === "" || end === "" ? null : [start, end];
}

/**
 * Reads an ISO 8601 date or date-time. A time without an offset is wall-clock time in `zone`
 * (DST gaps move forward, as the zone's clocks do); a bare date is the start of that day in
 * `zone`, or for `role: "end"` the end of it (the start of the next day: windows are half-open).
 * Instants are milliseconds: a time with digits below the millisecond is the first millisecond at
 * or after it, so a half-open window holds at exactly the milliseconds it holds at
 * (`23:59:59.999999` ends where the next day's `00:00:00` starts, not a millisecond before).
 */
export function parseInstant(text: string, zone: string, role: DateRole = "start"): InstantResult {
  const m = ISO.exec(text.trim());
  if (!m) return { ok: false, code: "invalid_date", reason: `"${text}" is not an ISO 8601 date or date-time` };
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, code: "invalid_date", reason: `"${text}" is not a calendar date` };
  }
  if (h === undefined) {
    if (offset !== undefined) return { ok: false, code: "invalid_date", reason: `"${text}" has an offset but no time of day` };
    const wall = utc(year, month, role === "end" ? day + 1 : day, 0, 0, 0, 0);
    return inZone(wallClockToInstant(wall, zone), true, zone, false);
  }
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (hour > 23 || minute > 59 || second > 59) return { ok: false, code: "invalid_time", reason: `"${text}" is not a valid time of day` };
  // Milliseconds from the digits themselves, no binary fraction on the way; up to the next one
  // when the digits below the millisecond are not all zero.
  const belowMillisecond = frac !== undefined && frac.length > 3 && !isZeros(frac, 3);
  const ms = (frac === undefined ? 0 : Number(frac.padEnd(3, "0").slice(0, 3))) + (belowMillisecond ? 1 : 0);
  if (offset !== undefined) {
    const minutes = offsetMinutes(offset);
    if (minutes === null) {
      return { ok: false, code: "invalid_utc_offset", reason: `"${text}" has an invalid UTC offset "${offset}" (from -18:00 to +18:00)` };
    }
    return { ok: true, instant: utc(year, month, day, hour, minute, second, ms) - minutes * 60_000, dateOnly: false, belowMillisecond };
  }
  const wall = utc(year, month, day, hour, minute, second, ms);
  return inZone(wallClockToInstant(wall, zone), false, zone, belowMillisecond);
}

/** Whether text[from, end) is all `0`. */
function isZeros(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) if (text.charCodeAt(i) !== 0x30) return false;
  return true;
}

/** Date.UTC for any year: Date.UTC itself reads years 0–99 as 1900–1999. */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function inZone(instant: Instant, dateOnly: boolean, zone: string, belowMillisecond: boolean): InstantResult {
  return Number.isFinite(instant)
    ? { ok: true, instant, dateOnly, belowMillisecond }
    : { ok: false, code: "unknown_time_zone", reason: `unknown time zone "${zone}"` };
}

/** A day of 24 hours, in milliseconds. */
export const DAY_MS = 86_400_000;

/** UTC offset of `zone` at `instant`, in milliseconds (read through Intl, whatever the process TZ). */
function offsetAt(zone: string, instant: number): number {
  const minutes = tzOffset(zone, new Date(instant));
  // tzOffset reads an offset between -01:00 and 00:00 (`-00:44:30`, Monrovia until 1972, or a
  // zone's local mean time) as east of UTC: the sign of those is read from the offset's text.
  const signed = minutes > 0 && minutes < 60 && offsetText(zone, instant).startsWith("-") ? -minutes : minutes;
  return Math.round(signed * 60_000);
}

/** Each zone's formatter of an instant with its offset (`…, GMT-00:44:30`). */
const OFFSET_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The UTC offset of `zone` at `instant` as Intl writes it (`-00:44:30`; "" for UTC itself). */
function offsetText(zone: string, instant: number): string {
  let format = OFFSET_FORMATS.get(zone);
  if (format === undefined)
    OFFSET_FORMATS.set(zone, (format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })));
  const text = format.format(new Date(instant));
  return text.slice(text.lastIndexOf("GMT") + 3);
}

/**
 * The time from `start` to `end` as the clocks of `zone` show it: a day is a day, whatever its
 * length (a promotion from 25 October to the end of that day runs one day, though that day has
 * 25 hours where the clocks go back). A change of the clocks by whole days is a date the calendar
 * skips (Samoa went from 29 to 31 December 2011) or shows twice, not a day of the span: only the
 * part of a change below a day counts.
 */
export function wallClockSpan(start: Instant, end: Instant, zone: string): number {
  return end - start + ((offsetAt(zone, end) - offsetAt(zone, start)) % DAY_MS);
}

/**
 * The instant `days` calendar days before `instant` (after, for a negative `days`) as the
 * clocks of `zone` show it: the same time of day that many dates away. A day the clocks change
 * is one day, as it is to the shopper: the 30 days before 15 April in Rome start on 16 March,
 * 719 hours earlier. A time of day that the clocks skip on that date is the instant they jump.
 */
export function calendarDaysBefore(instant: Instant, days: number, zone: string): Instant {
  return wallClockToInstant(instant + offsetAt(zone, instant) - days * DAY_MS, zone, "at the change");
}

/**
 * The instants at which "the `days` calendar days before t" (see {@link calendarDaysBefore}) can
 * start or stop starting before `instant`, as t runs on. Mostly the one instant `days` calendar
 * days after it; where the zone's clocks change within a day of that, the same time of day at
 * either offset (it comes twice when clocks go back: the days before t reach back again during
 * the repeated hour) and the instant the clocks change (going forward, the days before t jump).
 * The time of day is the first that those days read as `instant` or later (see
 * {@link firstWallReaching}): where the clocks changed at `instant` itself, not its own.
 */
export function calendarDaysLaterChanges(instant: Instant, days: number, zone: string): Instant[] {
  const wall = firstWallReaching(instant, zone) + days * DAY_MS;
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  if (before === after) return [wall - before];
  return [wall - before, wall - after, offsetChange(zone, wall - DAY_MS - before, wall + DAY_MS - after)];
}

/**
 * The earliest wall-clock time (fields written as if UTC) that {@link calendarDaysBefore} reads as
 * `instant` or later: mostly the clocks' time at `instant`. Where the clocks jump at `instant`,
 * the time they jump from (every skipped time is read as the jump); where `instant` falls in the
 * repeated hour after the clocks went back, the time the repetition ends (a repeated time is read
 * as its first occurrence, before `instant`).
 */
function firstWallReaching(instant: Instant, zone: string): number {
  const own = instant + offsetAt(zone, instant);
  if (wallClockToInstant(own, zone, "at the change") < instant) {
    const change = offsetChange(zone, instant - DAY_MS, instant);
    return change + offsetAt(zone, change - 1);
  }
  const skipped = instant + offsetAt(zone, instant - 1);
  return skipped < own && wallClockToInstant(skipped, zone, "at the change") >= instant ? skipped : own;
}

/** The first instant after `from`, up to `to`, at which the offset of `zone` differs from its offset at `from` (to the millisecond). */
function offsetChange(zone: string, from: Instant, to: Instant): Instant {
  const offset = offsetAt(zone, from);
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetAt(zone, mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The instant at which the clocks of `zone` show `wall` (wall-clock fields written as if UTC).
 * In a DST gap the time is read with the offset in force before the gap, so it lands after the
 * gap as the clocks do; or, `"at the change"`, it is the instant the clocks jump, the first whose
 * clock shows `wall` or later (so the days before an instant never start later than the days
 * before a later instant do: read forward, a start in the gap would). In an overlap (clocks set back) it is the earlier of the two instants. Unlike
 * `new TZDate(y, m, d, …, zone)`, the result does not depend on the process time zone.
 */
function wallClockToInstant(wall: number, zone: string, gap: "forward" | "at the change" = "forward"): Instant {
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  let best = Number.NaN;
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset;
    if (offsetAt(zone, candidate) === offset && (Number.isNaN(best) || candidate < best)) best = candidate;
  }
  if (!Number.isNaN(best)) return best;
  return gap === "forward" ? wall - before : offsetChange(zone, wall - DAY_MS - before, wall + DAY_MS - after);
}

/** Minutes east of UTC, or null for an offset no clock uses (beyond ±18:00, or 60 minutes or more). */
function offsetMinutes(offset: string): number | null {
  if (offset === "Z") return 0;
  const sign = offset[0] === "-" ? -1 : 1;
  const digits = offset.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || "0");
  if (minutes > 59 || hours * 60 + minutes > 18 * 60) return null;
  return sign * (hours * 60 + minutes);
}

/** Days in a month of the proleptic Gregorian calendar, for any year. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  return canonicalZone(zone) !== null;
}

/** Each zone name read, as the runtime names it. */
const CANONICAL_ZONES = new Map<string, string | null>();

/**
 * `zone` as this runtime names it (`europe/rome` is `Europe/Rome`), or null when it is no IANA
 * time zone it knows: zones are compared by name, so two spellings of one zone must be one name.
 */
export function canonicalZone(zone: string): string | null {
  let name = CANONICAL_ZONES.get(zone);
  if (name === undefined) {
    try {
      name = new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      name = null;
    }
    CANONICAL_ZONES.set(zone, name);
  }
  return name;
}

/** ISO 8601 in UTC with milliseconds, the form every report uses. */
export function formatInstant(instant: Instant): string {
  return new Date(instant).toISOString();
}

/**
 * Resolves window bounds once per distinct (zone, text): feeds repeat the same few dates on
 * millions of rows.
 */
export class InstantCache {
  /** By zone, then by role (start, end), then by text: no key is built per lookup. */
  private readonly byZone = new Map<string, { start: Map<string, InstantResult>; end: Map<string, InstantResult> }>();

  resolve(text: string, zone: string, role: DateRole): InstantResult {
    let zoned = this.byZone.get(zone);
    if (zoned === undefined) this.byZone.set(zone, (zoned = { start: new Map(), end: new Map() }));
    const cache = zoned[role];
    let hit = cache.get(text);
    if (hit === undefined) {
      hit = parseInstant(text, zone, role);
      cache.set(text, hit);
    }
    return hit;
  }
}

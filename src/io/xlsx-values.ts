/**
 * How a spreadsheet cell's stored text becomes the text of a record: numbers by their decimal
 * text (an exponent moved into the digits, never through a double), date serials by exact
 * integer arithmetic, cell references, number formats that are dates, and the `_xHHHH_` escapes
 * of OOXML strings. Pure functions of their text, for the xlsx reader.
 */

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * What a number format shows of a serial: a date, a date and time, a time alone, or (null) not a
 * date; `dateOrTime`, a built-in format that is a date in one locale and a time in another (the
 * workbook does not say which): a date where the serial is a whole day, a time where it is below a
 * day, both where it holds both.
 */
export type DateKind = "date" | "datetime" | "time" | "dateOrTime";

/** The built-in number formats that are dates or times (ECMA-376 Part 1, §18.8.30). */
const BUILTIN_DATE_FORMATS: ReadonlyMap<number, DateKind> = new Map<number, DateKind>([
  [14, "date"], // m/d/yyyy (the locale's short date)
  [15, "date"], // d-mmm-yy
  [16, "date"], // d-mmm
  [17, "date"], // mmm-yy
  [18, "time"], // h:mm AM/PM
  [19, "time"], // h:mm:ss AM/PM
  [20, "time"], // h:mm
  [21, "time"], // h:mm:ss
  [22, "datetime"], // m/d/yyyy h:mm
  [45, "time"], // mm:ss
  [46, "time"], // [h]:mm:ss
  [47, "time"], // mmss.0
  // The East Asian locales' built-ins (zh-tw, zh-cn, ja-jp, ko-kr), which a workbook written there
  // stores with no format code: era and year-month-day dates, hour-minute times, and four ids that
  // are dates in Japanese and Korean but times in Chinese.
  [27, "date"], // [$-411]ge.m.d, yyyy"年"m"月"
  [28, "date"], // [$-411]ggge"年"m"月"d"日", m"月"d"日"
  [29, "date"],
  [30, "date"], // m/d/yy, m-d-yy
  [31, "date"], // yyyy"年"m"月"d"日"
  [32, "time"], // h"時"mm"分"
  [33, "time"], // h"時"mm"分"ss"秒"
  [34, "dateOrTime"], // yyyy"年"m"月" (ja), 上午/下午h"时"mm"分" (zh)
  [35, "dateOrTime"], // m"月"d"日" (ja), 上午/下午h"时"mm"分"ss"秒" (zh)
  [36, "date"], // [$-404]e/m/d
  [50, "date"],
  [51, "date"],
  [52, "date"],
  [53, "date"],
  [54, "date"],
  [55, "dateOrTime"], // yyyy"年"m"月" (ja), 上午/下午h"时"mm"分" (zh)
  [56, "dateOrTime"], // m"月"d"日" (ja), 上午/下午h"时"mm"分"ss"秒" (zh)
  [57, "date"], // [$-411]ge.m.d
  [58, "date"], // [$-411]ggge"年"m"月"d"日"
]);

/** Whether a built-in number format id is a date or time format. */
export function builtinDateKind(id: number): DateKind | null {
  return BUILTIN_DATE_FORMATS.get(id) ?? null;
}

/**
 * Whether a custom number format code shows a date or time: it has the tokens d, m, y, h or s
 * (or AM/PM, or an elapsed `[h]`, `[m]`, `[s]`) outside quotes, brackets and escapes. An `m` next
 * to an h or an s is minutes; otherwise a month.
 */
export function formatCodeKind(code: string): DateKind | null {
  const tokens: string[] = [];
  let ampm = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '"') {
      const close = code.indexOf('"', i + 1);
      i = close < 0 ? code.length : close;
    } else if (c === "\\" || c === "_" || c === "*") {
      i++; // an escaped character, or the one a space or fill is as wide as
    } else if (c === "[") {
      const close = code.indexOf("]", i + 1);
      const inner = code.slice(i + 1, close < 0 ? code.length : close).toLowerCase();
      if (inner !== "" && /^(h+|m+|s+)$/.test(inner)) tokens.push(inner[0]!);
      i = close < 0 ? code.length : close;
    } else if (code.slice(i, i + 5).toUpperCase() === "AM/PM") {
      ampm = true;
      i += 4;
    } else if (code.slice(i, i + 3).toUpperCase() === "A/P") {
      ampm = true;
      i += 2;
    } else {
      const lower = c.toLowerCase();
      if (lower === "d" || lower === "m" || lower === "y" || lower === "h" || lower === "s") {
        if (tokens[tokens.length - 1] !== lower || !sameRun(code, i)) tokens.push(lower);
      }
    }
  }
  let date = false;
  let time = ampm;
  tokens.forEach((t, k) => {
    if (t === "h" || t === "s") time = true;
    else if (t === "d" || t === "y") date = true;
    else if (tokens[k - 1] === "h" || tokens[k + 1] === "s") time = true;
    else date = true;
  });
  return date ? (time ? "datetime" : "date") : time ? "time" : null;
}

/** Whether code[i] continues a run of the same letter (`yyyy` is one token). */
function sameRun(code: string, i: number): boolean {
  return i > 0 && code[i - 1]!.toLowerCase() === code[i]!.toLowerCase();
}

/** The last serial Excel shows as a date: 9999-12-31 in the 1900 system. */
const MAX_SERIAL_DAYS = 2_958_465;
/** Days from the 1900 system's day 0 to the 1904 system's (1904-01-01). */
const DAYS_1900_TO_1904 = 1_462;
const SECONDS_PER_DAY = 86_400n;
const DAY_MS = 86_400_000;
/** Days from 1899-12-30 (serial 0 after the 1900 leap-year bug) to 1970-01-01; 1904-01-01 is 1462 days after 1900's. */
const UNIX_EPOCH_1900 = 25_569;
const UNIX_EPOCH_1904 = UNIX_EPOCH_1900 - DAYS_1900_TO_1904;

/**
 * A date serial (in plain decimal form) as a local date-time text without zone, exact to the
 * second: `2026-11-20` for a whole day in a date format, `2026-11-20T13:30:00` in a format that
 * shows the time, `13:30:00` for a time alone (a time format, serial below 1, either system). The
 * 1900 system counts a day 0 and a 29 February 1900 that never were: a date on either is
 * refused, and the days after the second are shifted back.
 * Returns a reason instead when the serial is not a date a spreadsheet shows, or when a date
 * format hides a time the serial holds: the sheet shows a day, the serial says an instant in it.
 */
export function serialText(serial: string, kind: DateKind, date1904: boolean): { text: string } | { problem: string } {
  if (serial.startsWith("-")) return { problem: `the date serial ${serial} is negative, which no date is` };
  const point = serial.indexOf(".");
  const intText = point < 0 ? serial : serial.slice(0, point);
  const fracText = point < 0 ? "" : serial.slice(point + 1);
  // 9999-12-31 is serial 2958465 in the 1900 system, 1462 days fewer in the 1904 one.
  if (intText.replace(/^0+/, "").length > 7 || Number(intText) > MAX_SERIAL_DAYS - (date1904 ? DAYS_1900_TO_1904 : 0)) {
    return { problem: `the date serial ${serial} is after 9999-12-31` };
  }
  let days = Number(intText);
  // Seconds of the day, rounded half up from the exact fraction: 13:31 is stored as 0.56319444444444444.
  const scale = 10n ** BigInt(fracText.length);
  let seconds = Number((BigInt(fracText || "0") * SECONDS_PER_DAY * 2n + scale) / (2n * scale));
  if (seconds === 86_400) {
    days++;
    seconds = 0;
  }
  const clock = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  // A time format shows a time of day alone: a serial below 1, in either system (day 0 of the
  // 1900 system is "1900-01-00", of the 1904 one 1904-01-01: no date is meant).
  if ((kind === "time" || kind === "dateOrTime") && days === 0) return { text: clock };
  if (!date1904 && days === 0) return { problem: `the date serial ${serial} is on 1900-01-00, a day that does not exist` };
  if (!date1904 && days === 60)
    return { problem: "the date serial 60 is 1900-02-29, a day that does not exist (Excel's 1900 leap-year bug)" };
  // Before the day that never was, serial 1 is 1900-01-01; after it, the count runs one day ahead.
  const unixDays = date1904 ? days - UNIX_EPOCH_1904 : days < 60 ? days - UNIX_EPOCH_1900 + 1 : days - UNIX_EPOCH_1900;
  const date = new Date(unixDays * DAY_MS).toISOString().slice(0, 10);
  // A time format over a serial of a day or more hides the day (or shows an elapsed time, `[h]:mm`): which instant is meant, the sheet does not show.
  if (kind === "time")
    return {
      problem: `the date serial ${serial} holds a date too (${date} ${clock}), which the cell's time format does not show: show the date in the cell's format, or store the time alone`,
    };
  if (kind === "dateOrTime") return { text: seconds === 0 ? date : `${date}T${clock}` };
  if (kind !== "date") return { text: `${date}T${clock}` };
  if (seconds === 0) return { text: date };
  return {
    problem: `the date serial ${serial} holds a time too (${date} ${clock}), which the format does not show: show the time in the cell's format, or store the date alone`,
  };
}

/**
 * An ISO 8601 date cell (`t="d"`, ECMA-376 Part 1, §18.18.11) as the sheet shows it through the
 * cell's date format: a date format shows the day alone (the cell's time must then be midnight,
 * as for a serial, see {@link serialText}), a time format the time of a day-less value, other
 * formats the date and time; text that is no plain ISO date and time is read as written.
 */
export function isoDateText(iso: string, kind: DateKind | null): { text: string } | { problem: string } {
  // A writer may give the instant in UTC (`…T00:00:00.000Z`, as `toISOString` writes it): its
  // wall time as written, whatever the format, as the sheet shows it (a serial has no zone either).
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)Z?)?$/.exec(iso);
  if (m === null) return { text: iso };
  const [, date, time] = m as unknown as [string, string, string | undefined];
  if (kind === null || kind === "datetime") return { text: time === undefined ? date : `${date}T${time}` };
  const midnight = time === undefined || /^00:00(?::00(?:\.0+)?)?$/.test(time);
  if (kind === "date") {
    if (midnight) return { text: date };
    return {
      problem: `the date ${iso} holds a time too, which the cell's date format does not show: show the time in the cell's format, or store the date alone`,
    };
  }
  // A time alone is stored on the day before serial 1 (1899-12-31), or the 1904 system's first day.
  if (time !== undefined && (date === "1899-12-31" || date === "1899-12-30" || date === "1904-01-01")) return { text: time };
  return {
    problem: `the date ${iso} holds a date${time === undefined ? "" : " and a time"}, which the cell's time format does not show the date of: show the date in the cell's format, or store the time alone`,
  };
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Columns a sheet has at most (XFD) and rows (ECMA-376 and Excel). */
export const MAX_COLUMNS = 16_384;
export const MAX_ROWS = 1_048_576;

/** A cell reference's 0-based column and 1-based row (`C7` → 2, 7), or null when it is not one. */
export function parseCellRef(ref: string): { column: number; row: number } | null {
  let i = 0;
  let column = 0;
  while (i < ref.length && i < 3) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    column = column * 26 + (c - 96);
    i++;
  }
  if (i === 0 || column > MAX_COLUMNS) return null;
  const row = parseRowNumber(ref.slice(i));
  return row === null ? null : { column: column - 1, row };
}

/** A row number (1 to 1048576, no sign, no leading zero), or null. */
export function parseRowNumber(text: string): number | null {
  if (text.length === 0 || text.length > 7 || text[0] === "0") return null;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return null;
  const row = Number(text);
  return row <= MAX_ROWS ? row : null;
}

/** A 0-based column's letters (2 → `C`, 26 → `AA`). */
export function columnLetters(column: number): string {
  let out = "";
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/**
 * OOXML string escapes: `_xHHHH_` is the character of that code (Excel writes control
 * characters and carriage returns so), and `_x005F_` an underscore that would start one.
 */
export function unescapeOoxml(text: string): string {
  let at = text.indexOf("_x");
  if (at < 0) return text;
  let out = "";
  let from = 0;
  while (at >= 0) {
    const code = at + 7 <= text.length && text[at + 6] === "_" ? hexCode(text, at + 2) : -1;
    if (code >= 0) {
      out += text.slice(from, at) + String.fromCharCode(code);
      from = at + 7;
      at = text.indexOf("_x", from);
    } else {
      at = text.indexOf("_x", at + 1);
    }
  }
  return out + text.slice(from);
}

function hexCode(text: string, at: number): number {
  let code = 0;
  for (let i = at; i < at + 4; i++) {
    const c = text.charCodeAt(i);
    const v = isDigit(c) ? c - 48 : (c | 0x20) >= 97 && (c | 0x20) <= 102 ? (c | 0x20) - 87 : -1;
    if (v < 0) return -1;
    code = code * 16 + v;
  }
  return code;
}

import { plainDecimal } from "./number-text.js";

/**
 * Parquet values as the text a feed's cell holds, exactly: decimals from their unscaled integers,
 * floats as their shortest round-trip decimal in plain notation, dates and instants in ISO 8601
 * from their integer units. No value passes through a binary fraction on the way.
 */

/** `unscaled` × 10^-scale as plain decimal text with exactly `scale` decimals (`1599`, 2 → `15.99`). */
export function decimalText(unscaled: bigint | number, scale: number): string {
  const negative = unscaled < 0;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale === 0) return negative ? `-${digits}` : digits;
  if (digits.length <= scale) digits = "0".repeat(scale + 1 - digits.length) + digits;
  const cut = digits.length - scale;
  return `${negative ? "-" : ""}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** The digits of an unscaled value, without its sign: how many a DECIMAL's precision must cover. */
export function digitCount(unscaled: bigint | number): number {
  const text = unscaled.toString();
  return text.charCodeAt(0) === 45 /* - */ ? text.length - 1 : text.length;
}

/**
 * A big-endian two's complement integer (a DECIMAL stored as bytes): a number when it has at
 * most 6 bytes (exact in a double), a bigint beyond.
 */
export function unscaledOf(bytes: Uint8Array): bigint | number {
  const length = bytes.length;
  if (length <= 6) {
    let value = 0;
    for (let i = 0; i < length; i++) value = value * 256 + bytes[i]!;
    return length > 0 && bytes[0]! >= 0x80 ? value - 2 ** (8 * length) : value;
  }
  let value = 0n;
  for (let i = 0; i < length; i++) value = (value << 8n) | BigInt(bytes[i]!);
  return bytes[0]! >= 0x80 ? value - (1n << BigInt(8 * length)) : value;
}

/** A finite DOUBLE as the shortest decimal that reads back as it, in plain notation (`1e21` → `1000000000000000000000`). */
export function doubleText(value: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  return plainNotation(String(value));
}

/** A finite FLOAT (a float32, given as the double it equals) as the shortest decimal that reads back as that float32. */
export function floatText(value: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  // The shortest text has at most 9 significant digits; for each length, the correctly rounded
  // candidate is tried, then its neighbours (near a power of two the float's interval is lopsided).
  for (let precision = 1; precision <= 9; precision++) {
    const { negative, digits, exponent } = decimalParts(value.toPrecision(precision));
    const base = BigInt(digits);
    for (const candidate of [base, base - 1n, base + 1n]) {
      if (candidate <= 0n) continue;
      if (float32Of(negative, candidate, exponent) === value) return plainNotation(`${negative ? "-" : ""}${candidate}e${exponent}`);
    }
  }
  return plainNotation(value.toPrecision(9));
}

/** A number's text (plain or in exponent form) as sign, integer digits and a power of ten. */
function decimalParts(text: string): { negative: boolean; digits: string; exponent: number } {
  const negative = text.charCodeAt(0) === 45;
  const body = negative ? text.slice(1) : text;
  const e = body.search(/[eE]/);
  const mantissa = e < 0 ? body : body.slice(0, e);
  let exponent = e < 0 ? 0 : Number(body.slice(e + 1));
  const point = mantissa.indexOf(".");
  let digits = mantissa;
  if (point >= 0) {
    digits = mantissa.slice(0, point) + mantissa.slice(point + 1);
    exponent -= mantissa.length - point - 1;
  }
  digits = digits.replace(/^0+(?=\d)/, "");
  return { negative, digits, exponent };
}

/** A number's text in plain notation: no exponent, no trailing zeros after the point. */
function plainNotation(text: string): string {
  if (!/[eE]/.test(text)) return text;
  const plain = plainDecimal(text) ?? text;
  return plain.includes(".") ? withoutTrailingZeros(plain).replace(/\.$/, "") : plain;
}

const F32 = new Float32Array(1);
const F32_BITS = new Int32Array(F32.buffer);
const F64 = new Float64Array(1);
const F64_BITS = new BigUint64Array(F64.buffer);

/** The float32 nearest to digits × 10^exponent (ties to even), computed exactly. */
function float32Of(negative: boolean, digits: bigint, exponent: number): number {
  const magnitude = Number(`${digits}e${exponent}`);
  const rounded = Math.fround(magnitude);
  if (rounded === magnitude || !Number.isFinite(rounded)) return negative ? -rounded : rounded;
  // The double lies strictly between two float32s. Rounding it again is the decimal's own rounding
  // unless the double is their exact midpoint: then the decimal may lie on either side of it.
  const other = nextFloat32(rounded, magnitude > rounded);
  let result = rounded;
  if ((rounded + other) / 2 === magnitude) {
    const side = compareExact(digits, exponent, magnitude);
    if (side !== 0) result = side < 0 ? Math.min(rounded, other) : Math.max(rounded, other);
  }
  return negative ? -result : result;
}

/** The float32 next to a positive float32 `value`, up or down. */
function nextFloat32(value: number, up: boolean): number {
  F32[0] = value;
  F32_BITS[0] = F32_BITS[0]! + (up ? 1 : -1);
  return F32[0];
}

/** The sign of digits × 10^exponent − `double` (a positive finite double), exactly. */
function compareExact(digits: bigint, exponent: number, double: number): number {
  F64[0] = double;
  const bits = F64_BITS[0]!;
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const power = (biased === 0 ? 1 : biased) - 1075;
  let left = digits;
  let right = mantissa;
  if (exponent >= 0) left *= 10n ** BigInt(exponent);
  else right *= 10n ** BigInt(-exponent);
  if (power >= 0) right <<= BigInt(power);
  else left <<= BigInt(-power);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Days since 1970-01-01 as `YYYY-MM-DD` (proleptic Gregorian; a year outside 0000–9999 as ISO 8601's expanded `±YYYYYY`). */
export function dateText(days: number): string {
  // Howard Hinnant's civil_from_days: exact integer arithmetic for any day a double holds.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${yearText(year)}-${two(month)}-${two(day)}`;
}

function yearText(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, "0");
  return (year < 0 ? "-" : "+") + String(Math.abs(year)).padStart(6, "0");
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Units of a time stamp or time of day, by how many make a second, and the decimals a second then has. */
export type TimeUnit = "MILLIS" | "MICROS" | "NANOS";
const PER_SECOND: Record<TimeUnit, bigint> = { MILLIS: 1000n, MICROS: 1_000_000n, NANOS: 1_000_000_000n };
const DECIMALS: Record<TimeUnit, number> = { MILLIS: 3, MICROS: 6, NANOS: 9 };

/**
 * A time stamp (units since 1970-01-01T00:00:00) as ISO 8601: with `Z` when it is an instant
 * (adjusted to UTC), without a zone when it is a local date-time. Every digit of the unit is kept
 * (`.123456`); trailing zeros of the fraction are dropped, and a whole second has none.
 */
export function timestampText(value: bigint, unit: TimeUnit, utc: boolean): string {
  const perSecond = PER_SECOND[unit];
  let seconds = value / perSecond;
  let fraction = value % perSecond;
  if (fraction < 0n) {
    fraction += perSecond;
    seconds -= 1n;
  }
  let days = seconds / 86400n;
  let second = seconds % 86400n;
  if (second < 0n) {
    second += 86400n;
    days -= 1n;
  }
  return `${dateText(Number(days))}T${clockText(Number(second), fraction, unit)}${utc ? "Z" : ""}`;
}

/** A time of day (units since midnight) as `HH:MM:SS[.fraction]`, with `Z` when adjusted to UTC; hours beyond 23 are written as they are. */
export function timeOfDayText(value: bigint, unit: TimeUnit, utc: boolean): string {
  const perSecond = PER_SECOND[unit];
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const text = clockText(Number(magnitude / perSecond), magnitude % perSecond, unit);
  return `${negative ? "-" : ""}${text}${utc ? "Z" : ""}`;
}

function clockText(seconds: number, fraction: bigint, unit: TimeUnit): string {
  const hours = Math.floor(seconds / 3600);
  const text = `${two(hours)}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  if (fraction === 0n) return text;
  return `${text}.${withoutTrailingZeros(fraction.toString().padStart(DECIMALS[unit], "0"))}`;
}

/** Text without the zeros it ends with (a loop: a regular expression anchored at the end backtracks on long runs). */
function withoutTrailingZeros(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 48) end--;
  return text.slice(0, end);
}

/** 16 bytes as a UUID's canonical text, `8-4-4-4-12` lower-case hex digits. */
export function uuidText(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

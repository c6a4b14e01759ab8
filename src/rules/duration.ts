import type { Accessor } from "./fact-lookup.js";

const HOUR_MS = 3_600_000;

// Anchored, no nested quantifiers: linear time on any input.
const DURATION = /^(-)?P(?:(\d{1,6})W)?(?:(\d{1,6})D)?(?:T(?:(\d{1,7})H)?(?:(\d{1,9})M)?(?:(\d{1,10})S)?)?$/;

/**
 * Reads an ISO 8601 duration of fixed length — weeks, days, hours, minutes, seconds, with an
 * optional leading minus (`P3D`, `PT36H`, `-P1W`) — as milliseconds; a day is 24 hours. Returns
 * the reason as a string when the text is no such duration (months and years have no fixed length).
 * @example parseDuration("P1DT12H") // 129_600_000
 */
export function parseDuration(text: string): number | string {
  const m = DURATION.exec(text);
  if (m === null || text.endsWith("T") || text.endsWith("P")) {
    const calendar = text.includes("Y") || text.slice(0, text.includes("T") ? text.indexOf("T") : text.length).includes("M");
    return calendar
      ? `"${text}": months and years have no fixed length; write the duration in weeks (W), days (D), hours (H), minutes (M) or seconds (S)`
      : `"${text}" is not an ISO 8601 duration such as "P3D", "PT12H" or "-P1W"`;
  }
  const [, minus, weeks, days, hours, minutes, seconds] = m;
  const n = (v: string | undefined) => (v === undefined ? 0 : Number(v));
  const ms = ((n(weeks) * 7 + n(days)) * 24 + n(hours)) * HOUR_MS + n(minutes) * 60_000 + n(seconds) * 1000;
  return minus === undefined ? ms : -ms;
}

/** An instant fact moved by `ms` (what `"plus": "P3D"` reads): missing where the fact is; a bare date beside it is read as beside the fact. */
export function shifted(accessor: Accessor, text: string, ms: number): Accessor {
  const get = accessor.get;
  return {
    label: `${accessor.label}${text.startsWith("-") ? "" : "+"}${text}`,
    type: accessor.type,
    get: (ctx) => {
      const v = get(ctx);
      return v === null ? null : (v as number) + ms;
    },
    currency: null,
    shift: ms,
    ...(accessor.needs ? { needs: accessor.needs } : {}),
    ...(accessor.dateRole ? { dateRole: accessor.dateRole } : {}),
  };
}

import type { Timeline } from "./chart-counts.js";
import { clipLabel, escapeHtml as esc, plural, px, svgOpen } from "./svg-text.js";

const WIDTH = 760;
const LABEL_CHARS = 36;
const X0 = 300;
const X1 = WIDTH - 16;
const AXIS = 30;
const LANE = 18;
const BAR_H = 12;
const HUE = "#cf222e";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/**
 * The window's timeline: one lane per rule (the busiest first, then one for the rest), a bar
 * wherever any of its findings is open, shaded by how many are (the darkest is the most open at
 * once in any lane). Time ticks in UTC (a report carries instants, not the config's zone). Each
 * stretch is `rect.span` with `data-lane`, `data-open` and its ends as ISO instants.
 */
export function timelineChart(t: Timeline): string {
  const height = AXIS + t.lanes.length * LANE + 8;
  const x = (ms: number) => px(X0 + ((X1 - X0) * (ms - t.from)) / (t.to - t.from));
  // A loop, not a spread: a window's thousands of segments would overflow the call stack as arguments.
  const maxOpen = t.lanes.reduce((most, l) => l.segments.reduce((m, s) => Math.max(m, s.open), most), 1);
  // Lanes' grounds first, the ticks over them, then the spans.
  const parts: string[] = t.lanes.map(
    (_, li) => `<rect x="${X0}" y="${px(AXIS + li * LANE + (LANE - BAR_H) / 2)}" width="${px(X1 - X0)}" height="${BAR_H}" fill="#f6f8fa"/>`,
  );
  for (const tick of timeTicks(t.from, t.to)) {
    parts.push(
      `<line class="tick" x1="${x(tick.at)}" x2="${x(tick.at)}" y1="${AXIS - 6}" y2="${height - 6}" stroke="#d0d7de"/>` +
        `<text x="${x(tick.at)}" y="${AXIS - 10}" text-anchor="middle" fill="#57606a">${tick.label}</text>`,
    );
  }
  parts.push(`<text x="${X0 - 8}" y="${AXIS - 10}" text-anchor="end" fill="#57606a">UTC</text>`);
  t.lanes.forEach((lane, li) => {
    const y = AXIS + li * LANE;
    const name = lane.kind === "rule" ? clipLabel(lane.label, LABEL_CHARS) : lane.label;
    parts.push(
      `<text class="row-label" x="4" y="${px(y + 13)}" font-family="ui-monospace,Menlo,Consolas,monospace"${lane.kind === "other" ? ` font-style="italic"` : ""}>` +
        `<title>${esc(lane.label)}: ${plural(lane.total, "finding")}</title>${esc(name)}</text>`,
      `<text class="row-total" x="${X0 - 8}" y="${px(y + 13)}" text-anchor="end" font-weight="600" data-lane="${li}">${lane.total}</text>`,
    );
    for (const s of lane.segments) {
      const from = new Date(s.from).toISOString();
      const to = new Date(s.to).toISOString();
      parts.push(
        `<rect class="span" x="${x(s.from)}" y="${px(y + (LANE - BAR_H) / 2)}" width="${px(Math.max(0.5, x(s.to) - x(s.from)))}" height="${BAR_H}" ` +
          `fill="${HUE}" fill-opacity="${Math.round((0.3 + (0.7 * s.open) / maxOpen) * 1000) / 1000}" data-lane="${li}" data-open="${s.open}" data-from="${from}" data-to="${to}">` +
          `<title>${esc(lane.label)}: ${plural(s.open, "finding")} open from ${from} to ${to}</title></rect>`,
      );
    }
  });
  const summary =
    `Timeline of the window ${new Date(t.from).toISOString()} to ${new Date(t.to).toISOString()} (UTC): ` +
    `${plural(t.rules, "rule")} with findings` +
    (t.folded > 0 ? `, the ${t.lanes.length - 1} with most in a lane each and ${t.folded} more in one lane` : ", a lane each") +
    `, at most ${plural(maxOpen, "finding")} of one lane open at once. The table below has the numbers.`;
  return [svgOpen("chart-timeline", WIDTH, height, "Findings over the window", summary), ...parts, "</svg>"].join("\n");
}

/** Round instants between `from` and `to` (UTC): hours, days, Mondays or first days of months, at most about eight. */
export function timeTicks(from: number, to: number): { at: number; label: string }[] {
  const span = to - from;
  const steps = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];
  const step = steps.find((s) => span / s <= 8);
  const out: { at: number; label: string }[] = [];
  if (step !== undefined) {
    const offset = step >= 7 * DAY ? 4 * DAY : 0; // weeks start on Monday; 1970-01-01 was a Thursday
    for (let at = Math.ceil((from - offset) / step) * step + offset; at <= to; at += step) {
      const d = new Date(at);
      const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]!}`;
      out.push({ at, label: step < DAY ? `${day} ${String(d.getUTCHours()).padStart(2, "0")}:00` : day });
    }
    return out;
  }
  const months = Math.ceil(span / (30 * DAY) / 8);
  const start = new Date(from);
  for (let m = start.getUTCFullYear() * 12 + start.getUTCMonth(); ; m += 1) {
    const at = Date.UTC(Math.floor(m / 12), m % 12, 1);
    if (at > to) break;
    if (at >= from && m % months === 0) out.push({ at, label: `${MONTHS[m % 12]!} ${Math.floor(m / 12)}` });
  }
  return out;
}

import type { TrendRun } from "./trend.js";

/** The series a chart draws, with its colour and the run field it reads. */
export const CHART_SERIES = [
  { key: "open", label: "open", colour: "#0550ae" },
  { key: "new", label: "new", colour: "#a40e26" },
  { key: "fixed", label: "fixed", colour: "#1a7f37" },
] as const satisfies readonly { key: keyof TrendRun; label: string; colour: string }[];

const WIDTH = 760;
const HEIGHT = 280;
const LEFT = 48;
const RIGHT = 16;
const TOP = 16;
const BOTTOM = 40;

/**
 * An inline SVG line chart of open, new and fixed findings per run: one point per run and series,
 * evenly spaced in run order, each with a `<title>` giving the run and the count. Plain SVG
 * attributes only (no style attribute, no script), so the page's CSP lets it render. `label`
 * gives each run's axis label (already escaped for HTML).
 */
export function seriesChart(runs: readonly TrendRun[], label: (run: TrendRun) => string): string {
  const max = runs.reduce((most, run) => CHART_SERIES.reduce((m, s) => Math.max(m, run[s.key]), most), 1);
  const top = niceCeiling(max);
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const x = (i: number) => round(LEFT + (runs.length === 1 ? plotW / 2 : (plotW * i) / (runs.length - 1)));
  const y = (v: number) => round(TOP + plotH - (plotH * v) / top);
  const ticks = [0, top / 2, top].filter((t) => Number.isInteger(t));
  const parts: string[] = [
    `<svg id="trend-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="trend-chart-title">`,
    `<title id="trend-chart-title">Open, new and fixed findings per run</title>`,
    ...ticks.map(
      (t) =>
        `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(t)}" y2="${y(t)}" stroke="#d0d7de" stroke-width="1"/>` +
        `<text x="${LEFT - 6}" y="${y(t) + 4}" text-anchor="end" font-size="11" fill="#57606a">${t}</text>`,
    ),
  ];
  const step = Math.max(1, Math.ceil(runs.length / 12));
  runs.forEach((run, i) => {
    if (i % step !== 0 && i !== runs.length - 1) return;
    parts.push(`<text x="${x(i)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" fill="#57606a">${label(run)}</text>`);
  });
  for (const s of CHART_SERIES) {
    const points = runs.map((run, i) => `${x(i)},${y(run[s.key])}`).join(" ");
    parts.push(`<g class="series" data-series="${s.key}">`);
    parts.push(`<polyline points="${points}" fill="none" stroke="${s.colour}" stroke-width="2"/>`);
    runs.forEach((run, i) => {
      parts.push(
        `<circle cx="${x(i)}" cy="${y(run[s.key])}" r="3.5" fill="${s.colour}" data-run="${i + 1}" data-value="${run[s.key]}"><title>${label(run)}: ${run[s.key]} ${s.label}</title></circle>`,
      );
    });
    parts.push("</g>");
  }
  parts.push("</svg>");
  return parts.join("\n");
}

/** The smallest of 1, 2, 5 × 10^k (or 10 and up) at or above n, so the axis reads in round numbers. */
function niceCeiling(n: number): number {
  let scale = 1;
  while (scale * 10 < n) scale *= 10;
  for (const m of [1, 2, 5, 10]) if (m * scale >= n) return m * scale;
  return 10 * scale;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

import type { ChartGrid } from "./chart-counts.js";
import { clipLabel, escapeHtml as esc, MONO_CHAR, plural, px, svgOpen } from "./svg-text.js";

const WIDTH = 760;
const LABEL_CHARS = 36;
const BAR_X = 300;
const BAR_MAX = WIDTH - BAR_X - 56;
const LINE = 15;
const BAR_H = 11;
const GAP = 7;
const LEGEND_LINE = 18;

/**
 * Findings by rule, one group of horizontal bars per rule (the busiest first), one bar per
 * channel with findings, its length proportional to its count and the count written after it.
 * A finding with two channels counts in both bars; the rule's own total stands by its id.
 * Each bar is `rect.bar` with `data-row`, `data-column` and `data-count`.
 */
export function ruleChart(grid: ChartGrid, total: number): string {
  const { columns, rows } = grid;
  const legend = legendLayout(columns.map((c) => c.label));
  const top = legend.height + 10;
  const max = Math.max(1, ...rows.flatMap((r) => r.counts));
  const parts: string[] = [];
  let y = top;
  rows.forEach((r, ri) => {
    const bars = r.counts.map((n, ci) => [n, ci] as const).filter(([n]) => n > 0);
    const height = Math.max(1, bars.length) * LINE;
    if (ri > 0) parts.push(`<line x1="0" x2="${WIDTH}" y1="${px(y - GAP / 2)}" y2="${px(y - GAP / 2)}" stroke="#eaeef2"/>`);
    const name = r.kind === "rule" ? clipLabel(r.label, LABEL_CHARS) : r.label;
    parts.push(
      `<text class="row-label" x="4" y="${px(y + 10)}" font-family="ui-monospace,Menlo,Consolas,monospace"${r.kind === "other" ? ` font-style="italic"` : ""}>` +
        `<title>${esc(r.label)}: ${plural(r.total, "finding")}</title>${esc(name)}</text>`,
      `<text class="row-total" x="${BAR_X - 8}" y="${px(y + 10)}" text-anchor="end" font-weight="600" data-row="${ri}">${r.total}</text>`,
    );
    bars.forEach(([n, ci], k) => {
      const c = columns[ci]!;
      const by = y + k * LINE;
      const w = px(Math.max(1, (BAR_MAX * n) / max));
      parts.push(
        `<rect class="bar" x="${BAR_X}" y="${px(by + (LINE - BAR_H) / 2)}" width="${w}" height="${BAR_H}" fill="${c.colour}" ` +
          `data-row="${ri}" data-column="${ci}" data-count="${n}"><title>${esc(r.label)} · ${esc(c.label)}: ${plural(n, "finding")}</title></rect>`,
        `<text class="bar-count" x="${px(BAR_X + w + 4)}" y="${px(by + 10)}" fill="#57606a" data-row="${ri}" data-column="${ci}">${n}</text>`,
      );
    });
    y += height + GAP;
  });
  const height = y + 4;
  const busiest = rows.find((r) => r.kind === "rule");
  const summary =
    `Bar chart of ${plural(total, "finding")} by rule and channel: ${plural(grid.keys, "rule")} with findings` +
    (grid.folded > 0 ? `, the ${rows.length - 1} with most drawn and ${grid.folded} more in one row` : "") +
    `, ${plural(columns.length, "channel column")}` +
    (busiest ? `; most in ${busiest.label} (${busiest.total})` : "") +
    ". The table below has the numbers.";
  return [
    svgOpen("chart-rules", WIDTH, height, "Findings by rule and channel", summary),
    legendMarks(legend, columns),
    ...parts,
    "</svg>",
  ].join("\n");
}

interface Legend {
  readonly at: readonly { readonly x: number; readonly y: number }[];
  readonly height: number;
}

/** Legend items laid out left to right, wrapping at the chart's width. */
export function legendLayout(labels: readonly string[], width = WIDTH): Legend {
  const at: { x: number; y: number }[] = [];
  let x = 4;
  let y = 4;
  for (const label of labels) {
    const w = 18 + [...clipLabel(label, 24)].length * MONO_CHAR + 14;
    if (x + w > width && x > 4) {
      x = 4;
      y += LEGEND_LINE;
    }
    at.push({ x, y });
    x += w;
  }
  return { at, height: labels.length === 0 ? 0 : y + LEGEND_LINE };
}

function legendMarks(legend: Legend, columns: ChartGrid["columns"]): string {
  return columns
    .map((c, i) => {
      const { x, y } = legend.at[i]!;
      return (
        `<g class="legend-item"><rect x="${px(x)}" y="${px(y + 2)}" width="12" height="12" fill="${c.colour}"/>` +
        `<text x="${px(x + 17)}" y="${px(y + 12)}" font-family="ui-monospace,Menlo,Consolas,monospace">${esc(clipLabel(c.label, 24))}</text></g>`
      );
    })
    .join("\n");
}

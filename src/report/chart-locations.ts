import type { ChartGrid } from "./chart-counts.js";
import { clipLabel, escapeHtml as esc, plural, px, svgOpen } from "./svg-text.js";

const LABEL_W = 210;
const LABEL_CHARS = 28;
const COL_W = 92;
const COL_CHARS = 13;
const TOTAL_W = 64;
const HEAD = 30;
const ROW_H = 22;
const HUE = "#0969da";

/**
 * A heat map of findings by location (rows: the locations with most findings, then "other N
 * locations", then "(no location)") and channel (columns). A cell's shade grows with its count
 * (the darkest is the largest count at any one location; the cells of the "other" and
 * "(no location)" rows stop at that shade) and carries the count as text; the last column is the row's
 * findings, each once. Each cell is `rect.cell` with `data-row`, `data-column` and `data-count`.
 */
export function locationChart(grid: ChartGrid): string {
  const { columns, rows } = grid;
  const width = LABEL_W + columns.length * COL_W + TOTAL_W + 4;
  const height = HEAD + rows.length * ROW_H + 6;
  const stores = rows.filter((r) => r.kind === "location");
  const max = Math.max(1, ...(stores.length > 0 ? stores : rows).flatMap((r) => r.counts));
  const parts: string[] = [];
  columns.forEach((c, ci) => {
    const x = LABEL_W + ci * COL_W + COL_W / 2;
    parts.push(
      `<text class="column-label" x="${px(x)}" y="${HEAD - 10}" text-anchor="middle" font-weight="600">` +
        `<title>${esc(c.label)}</title>${esc(clipLabel(c.label, COL_CHARS))}</text>`,
    );
  });
  parts.push(
    `<text x="${px(LABEL_W + columns.length * COL_W + TOTAL_W - 6)}" y="${HEAD - 10}" text-anchor="end" font-weight="600">all</text>`,
  );
  rows.forEach((r, ri) => {
    const y = HEAD + ri * ROW_H;
    if (r.kind !== "location" && (ri === 0 || rows[ri - 1]!.kind === "location")) {
      parts.push(`<line x1="0" x2="${width}" y1="${px(y)}" y2="${px(y)}" stroke="#8c959f"/>`);
    }
    const name = r.kind === "location" ? clipLabel(r.label, LABEL_CHARS) : r.label;
    parts.push(
      `<text class="row-label" x="4" y="${px(y + 15)}"${r.kind === "location" ? ` font-family="ui-monospace,Menlo,Consolas,monospace"` : ` font-style="italic"`}>` +
        `<title>${esc(r.label)}: ${plural(r.total, "finding")}</title>${esc(name)}</text>`,
    );
    r.counts.forEach((n, ci) => {
      const x = LABEL_W + ci * COL_W;
      const shade = n === 0 ? 0 : Math.min(1, 0.12 + (0.88 * n) / max);
      const fill = n === 0 ? `fill="#f6f8fa"` : `fill="${HUE}" fill-opacity="${Math.round(shade * 1000) / 1000}"`;
      parts.push(
        `<rect class="cell" x="${px(x + 1)}" y="${px(y + 1)}" width="${COL_W - 2}" height="${ROW_H - 2}" ${fill} ` +
          `data-row="${ri}" data-column="${ci}" data-count="${n}"><title>${esc(r.label)} · ${esc(columns[ci]!.label)}: ${plural(n, "finding")}</title></rect>`,
      );
      if (n > 0) {
        parts.push(
          `<text class="cell-count" x="${px(x + COL_W / 2)}" y="${px(y + 15)}" text-anchor="middle" fill="${shade > 0.55 ? "#ffffff" : "#1b1f24"}" ` +
            `data-row="${ri}" data-column="${ci}">${n}</text>`,
        );
      }
    });
    parts.push(
      `<text class="row-total" x="${px(LABEL_W + columns.length * COL_W + TOTAL_W - 6)}" y="${px(y + 15)}" text-anchor="end" font-weight="600" data-row="${ri}">${r.total}</text>`,
    );
  });
  const worst = rows.find((r) => r.kind === "location");
  const summary =
    `Heat map of findings by location and channel: ${plural(grid.keys, "location")} with findings` +
    (grid.folded > 0 ? `, the ${grid.keys - grid.folded} with most drawn and ${grid.folded} more in one row` : "") +
    (rows.some((r) => r.kind === "none") ? ", and findings with no location in a row of their own" : "") +
    (worst ? `; most at ${worst.label} (${worst.total})` : "") +
    ". The table below has the numbers.";
  return [svgOpen("chart-locations", width, height, "Findings by location and channel", summary), ...parts, "</svg>"].join("\n");
}

import type { Finding } from "../model/finding.js";
import { compareNullableText, compareText } from "../text/compare.js";

/** Channels a chart gives a colour of their own; the rest share one "other channels" column. */
export const CHART_MAX_CHANNELS = 8;
/** Rules the bar chart and the timeline draw, the ones with most findings; the rest share one "other rules" row. */
export const CHART_MAX_RULES = 50;
/** Locations the heat map draws, the ones with most findings; the rest share one "other locations" row. */
export const CHART_TOP_LOCATIONS = 30;

const PALETTE = ["#0969da", "#bc4c00", "#1a7f37", "#8250df", "#cf222e", "#9a6700", "#1b7c83", "#bf3989"] as const;
const OTHER_COLOUR = "#6e7781";
const NONE_COLOUR = "#afb8c1";

/** A column of the charts: one channel, the channels past the first few, or findings with no channel. */
export interface ChartChannel {
  readonly label: string;
  readonly colour: string;
  readonly kind: "channel" | "other" | "none";
  /** The channels it stands for. */
  readonly channels: readonly (string | null)[];
}

/** A row of a chart: its label, its findings (each once), and per column the findings that have that column's channel. */
export interface ChartRow {
  readonly label: string;
  readonly kind: "rule" | "location" | "other" | "none";
  readonly total: number;
  readonly counts: readonly number[];
}

/** The rows of a chart over the columns, and how many rows its "other" row folds in (0: none). */
export interface ChartGrid {
  readonly columns: readonly ChartChannel[];
  readonly rows: readonly ChartRow[];
  /** Rules or locations in all (the "(no location)" row not counted). */
  readonly keys: number;
  readonly folded: number;
}

/** A stretch of time in which a number of a rule's findings are open, in epoch milliseconds. */
export interface LaneSegment {
  readonly from: number;
  readonly to: number;
  readonly open: number;
}

export interface TimelineLane {
  readonly label: string;
  readonly kind: "rule" | "other";
  readonly total: number;
  readonly segments: readonly LaneSegment[];
}

/** The window's timeline: from and to in epoch milliseconds, one lane per rule (the busiest), the rest folded. */
export interface Timeline {
  readonly from: number;
  readonly to: number;
  readonly lanes: readonly TimelineLane[];
  readonly rules: number;
  readonly folded: number;
}

interface Tally {
  total: number;
  readonly byChannel: Map<string | null, number>;
}

/**
 * What the HTML report's charts draw, counted over every finding in the writer's first pass
 * (not only those the page holds): findings per rule and channel, per location and channel, and
 * with a window the instants where each rule's findings open and close. Exact maps: their size
 * is rules × channels, locations × channels and the window's distinct interval ends per rule,
 * not the number of findings. A finding counts once in a row's total and once under each of its
 * channels (a finding with no channel under "(no channel)").
 */
export class ChartCounts {
  private readonly rules = new Map<string, Tally>();
  private readonly locations = new Map<string | null, Tally>();
  private readonly channelTotals = new Map<string | null, number>();
  private readonly edges = new Map<string, Map<number, number>>();
  private readonly window: { readonly from: number; readonly to: number } | null;
  total = 0;

  constructor(window?: { readonly from: string; readonly to: string }) {
    const from = window === undefined ? NaN : Date.parse(window.from);
    const to = window === undefined ? NaN : Date.parse(window.to);
    this.window = Number.isFinite(from) && Number.isFinite(to) && from < to ? { from, to } : null;
  }

  add(f: Pick<Finding, "rule" | "location" | "channels" | "interval">): void {
    this.total++;
    const channels = f.channels.length === 0 ? [null] : new Set(f.channels);
    tally(this.rules, f.rule, channels);
    tally(this.locations, f.location, channels);
    for (const ch of channels) this.channelTotals.set(ch, (this.channelTotals.get(ch) ?? 0) + 1);
    if (this.window !== null) {
      const w = this.window;
      const from = Math.max(w.from, f.interval === null ? w.from : Date.parse(f.interval.from));
      const to = Math.min(w.to, f.interval === null ? w.to : Date.parse(f.interval.to));
      let edges = this.edges.get(f.rule);
      if (!edges) this.edges.set(f.rule, (edges = new Map()));
      if (Number.isFinite(from) && Number.isFinite(to) && from < to) {
        edges.set(from, (edges.get(from) ?? 0) + 1);
        edges.set(to, (edges.get(to) ?? 0) - 1);
      }
    }
  }

  /** The columns: the channels with most findings (then by name), "other N channels", "(no channel)". */
  columns(max = CHART_MAX_CHANNELS): ChartChannel[] {
    const named = [...this.channelTotals].filter((e): e is [string, number] => e[0] !== null);
    named.sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    const cols: ChartChannel[] = named
      .slice(0, max)
      .map(([ch], i) => ({ label: ch, colour: PALETTE[i % PALETTE.length]!, kind: "channel", channels: [ch] }));
    const rest = named.slice(max).map(([ch]) => ch);
    if (rest.length > 0) cols.push({ label: `other ${rest.length} channels`, colour: OTHER_COLOUR, kind: "other", channels: rest });
    if (this.channelTotals.has(null)) cols.push({ label: "(no channel)", colour: NONE_COLOUR, kind: "none", channels: [null] });
    return cols;
  }

  /** Findings per rule and column: the `max` rules with most findings (then by id), then one row for the rest. */
  ruleGrid(max = CHART_MAX_RULES, columns = this.columns()): ChartGrid {
    const ranked = [...this.rules].sort((a, b) => b[1].total - a[1].total || compareText(a[0], b[0]));
    const rows: ChartRow[] = ranked.slice(0, max).map(([id, t]) => row(id, "rule", t, columns));
    const rest = ranked.slice(max);
    if (rest.length > 0) rows.push(row(`other ${rest.length} rules`, "other", merged(rest.map((e) => e[1])), columns));
    return { columns, rows, keys: this.rules.size, folded: rest.length };
  }

  /** Findings per location and column: the `top` locations with most findings (then by id), "other N locations", "(no location)". */
  locationGrid(top = CHART_TOP_LOCATIONS, columns = this.columns()): ChartGrid {
    const ranked = [...this.locations]
      .filter((e): e is [string, Tally] => e[0] !== null)
      .sort((a, b) => b[1].total - a[1].total || compareNullableText(a[0], b[0]));
    const rows: ChartRow[] = ranked.slice(0, top).map(([id, t]) => row(id, "location", t, columns));
    const rest = ranked.slice(top);
    if (rest.length > 0) rows.push(row(`other ${rest.length} locations`, "other", merged(rest.map((e) => e[1])), columns));
    const none = this.locations.get(null);
    if (none) rows.push(row("(no location)", "none", none, columns));
    return { columns, rows, keys: ranked.length, folded: rest.length };
  }

  /** With a window: per rule (the `max` with most findings, then one lane for the rest), how many of its findings are open when. */
  timeline(max = CHART_MAX_RULES): Timeline | null {
    if (this.window === null) return null;
    const ranked = [...this.rules].sort((a, b) => b[1].total - a[1].total || compareText(a[0], b[0]));
    const lanes: TimelineLane[] = ranked
      .slice(0, max)
      .map(([id, t]) => ({ label: id, kind: "rule", total: t.total, segments: segments(this.edges.get(id)) }));
    const rest = ranked.slice(max);
    if (rest.length > 0) {
      const all = new Map<number, number>();
      for (const [id] of rest) for (const [at, d] of this.edges.get(id) ?? []) all.set(at, (all.get(at) ?? 0) + d);
      const total = rest.reduce((n, [, t]) => n + t.total, 0);
      lanes.push({ label: `other ${rest.length} rules`, kind: "other", total, segments: segments(all) });
    }
    return { ...this.window, lanes, rules: this.rules.size, folded: rest.length };
  }
}

function tally<K>(map: Map<K, Tally>, key: K, channels: Iterable<string | null>): void {
  let t = map.get(key);
  if (!t) map.set(key, (t = { total: 0, byChannel: new Map() }));
  t.total++;
  for (const ch of channels) t.byChannel.set(ch, (t.byChannel.get(ch) ?? 0) + 1);
}

function merged(tallies: readonly Tally[]): Tally {
  const out: Tally = { total: 0, byChannel: new Map() };
  for (const t of tallies) {
    out.total += t.total;
    for (const [ch, n] of t.byChannel) out.byChannel.set(ch, (out.byChannel.get(ch) ?? 0) + n);
  }
  return out;
}

function row(label: string, kind: ChartRow["kind"], t: Tally, columns: readonly ChartChannel[]): ChartRow {
  return { label, kind, total: t.total, counts: columns.map((c) => c.channels.reduce((n, ch) => n + (t.byChannel.get(ch) ?? 0), 0)) };
}

/** The open count between consecutive edges, where it is above zero; neighbours with the same count joined. */
function segments(edges: ReadonlyMap<number, number> | undefined): LaneSegment[] {
  if (!edges) return [];
  const at = [...edges.keys()].sort((a, b) => a - b);
  const out: LaneSegment[] = [];
  let open = 0;
  for (let i = 0; i < at.length - 1; i++) {
    open += edges.get(at[i]!)!;
    if (open <= 0) continue;
    const last = out.at(-1);
    if (last && last.to === at[i] && last.open === open) out[out.length - 1] = { ...last, to: at[i + 1]! };
    else out.push({ from: at[i]!, to: at[i + 1]!, open });
  }
  return out;
}

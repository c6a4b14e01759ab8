import type { Source } from "../model/source.js";
import { compareText } from "../text/compare.js";
import type { Instant } from "../time/instant.js";

/**
 * A channel's window of a campaign or sale price: from its earliest start to its latest end
 * (an open end is infinite); `none` where the channel has no sale at all (see locationMismatches).
 */
export interface ChannelWindow {
  readonly channel: string;
  readonly start: Instant;
  readonly end: Instant;
  readonly none?: true;
  /**
   * The rows that give it, each once, in the order met: the channel's price rows (a row and the
   * duplicates repeating it) and the promotion rows whose window it is.
   */
  readonly sources: readonly Source[];
}

/** A campaign or sale price of one sku whose windows differ between channels. */
export interface WindowMismatch {
  /** What runs: `campaign SALDI`, `sale price 1.49 EUR` (`… EUR without tax`), and where when at one location: `sale at MI01`. */
  readonly what: string;
  /** The location it is compared at; null: over the sku's default rows and all its promotions. */
  readonly location: string | null;
  /** Its window in each channel, by channel. */
  readonly windows: readonly ChannelWindow[];
}

/**
 * Whether a mismatch holds at `at`: from when it is known until the last of its windows ends
 * (a window in the future is a sale being planned). One whose windows have all ended is history:
 * no customer sees it again, and the feed keeping past campaigns is no fault.
 */
export function holdsAt(mismatch: WindowMismatch, at: Instant): boolean {
  return mismatch.windows.some((w) => w.none !== true && w.end > at);
}

/**
 * Collects the windows of one sku's campaigns and sale prices, channel by channel, and finds
 * those that run in two or more channels with different windows.
 */
export class WindowComparison {
  private readonly windows = new Map<string, Map<string, Widened>>(); // what → channel → window

  /** Widens the window of `what` in `channel` to cover `[start, end)`, given by the rows `sources`. */
  add(what: string, channel: string, start: Instant, end: Instant, sources: readonly Source[] = NO_SOURCES): void {
    let byChannel = this.windows.get(what);
    if (!byChannel) this.windows.set(what, (byChannel = new Map()));
    const w = byChannel.get(channel);
    if (w === undefined) byChannel.set(channel, { start, end, sources: [...sources] });
    else {
      w.start = Math.min(w.start, start);
      w.end = Math.max(w.end, end);
      addSources(w.sources, sources);
    }
  }

  /** What runs with different windows in different channels, by what and then by channel. */
  mismatches(): WindowMismatch[] {
    const out: WindowMismatch[] = [];
    for (const [what, byChannel] of [...this.windows].sort(([a], [b]) => compareText(a, b))) {
      if (byChannel.size < 2) continue;
      const distinct = new Set([...byChannel.values()].map(({ start, end }) => `${start}/${end}`));
      if (distinct.size < 2) continue;
      const windows = [...byChannel]
        .sort(([a], [b]) => compareText(a, b))
        .map(([channel, { start, end, sources }]) => ({ channel, start, end, sources }));
      out.push({ what, location: null, windows });
    }
    return out;
  }
}

/** A channel's window as it is widened, with the rows giving it. */
interface Widened {
  start: Instant;
  end: Instant;
  readonly sources: Source[];
}

/** A promotion covering a channel's offer at a location: its window there, and its row. */
export interface PromotionRun {
  readonly campaign: string | null;
  /** Meant for its channels alone: no sale the other channels should run too. */
  readonly exclusive: boolean;
  readonly window: readonly [Instant, Instant];
  readonly source: Source;
}

/** What one channel's offer standing at a location runs there: its sale price and window, and the promotions covering it. */
export interface LocationSale {
  readonly channel: string;
  /**
   * The channel has an offer of its own at the location: a row of its own, or its default row at a
   * store that a promotion limited to stores names for it (else its default row merely stands there).
   */
  readonly own: boolean;
  /**
   * The offer store row of the offer standing there: a mismatch citing it reads its rows (it and
   * the duplicates repeating it) through locationMismatches' `rowsOf`, only then.
   */
  readonly row: number;
  /** The sale price, as text at its minor unit with its currency and a basis without tax (`9.99 EUR`, `8.00 EUR without tax`), and its window (open ends infinite); null without a sale price. */
  readonly salePrice: string | null;
  readonly saleWindow: readonly [Instant, Instant] | null;
  /**
   * False where the offer's sale is unknown: its duplicate rows dispute the sale price or its
   * window, or a bound it gives does not read (salePrice and saleWindow are then null). An
   * unknown sale is compared with nothing.
   */
  readonly saleKnown: boolean;
  /** The promotions covering it there, in feed order. */
  readonly promotions: readonly PromotionRun[];
}

/**
 * Where the sales of the channels standing at one location differ, between a channel with an
 * offer of its own there (a store that sells the item there, see LocationSale.own) and each other
 * channel: the same sale price, or the same campaign, with different windows; or a sale (a sale
 * price, or a non-exclusive promotion) in one and none at all in the other. Two channels with no
 * offer of their own there are compared by their default rows once for the whole sku, not here.
 *
 * One that says what `skuWide` (the sku's own comparison, WindowComparison) says already is left
 * out: the same campaign or sale price with, in each channel, the window it has over the whole sku
 * (a campaign run alike at every store is found once, not again at each).
 */
export function locationMismatches(
  location: string,
  sales: readonly LocationSale[],
  skuWide: readonly WindowMismatch[],
  rowsOf: (row: number) => readonly Source[],
): WindowMismatch[] {
  const found = new Map<string, Map<string, ChannelWindow>>(); // what, wherever → channel → its window there
  const flag = (what: string, ...windows: ChannelWindow[]) => {
    let byChannel = found.get(what);
    if (!byChannel) found.set(what, (byChannel = new Map()));
    for (const w of windows) byChannel.set(w.channel, w);
  };
  const at = (
    sale: LocationSale,
    [start, end]: readonly [Instant, Instant],
    promotions: readonly PromotionRun[] = NO_PROMOTIONS,
  ): ChannelWindow => ({
    channel: sale.channel,
    start,
    end,
    sources: sourcesOf(rowsOf(sale.row), promotions),
  });
  const campaigns = sales.map(campaignsOf);
  for (let i = 0; i < sales.length; i++) {
    const a = sales[i]!;
    if (!a.own) continue;
    for (let j = 0; j < sales.length; j++) {
      const b = sales[j]!;
      if (b === a || (b.own && b.channel < a.channel)) continue; // each pair once
      if (a.salePrice !== null && a.salePrice === b.salePrice && !sameWindow(a.saleWindow!, b.saleWindow!)) {
        flag(`sale price ${a.salePrice}`, at(a, a.saleWindow!), at(b, b.saleWindow!));
      }
      for (const [campaign, mine] of campaigns[i]!) {
        const other = campaigns[j]!.get(campaign);
        if (other && !sameWindow(mine.window, other.window)) {
          flag(`campaign ${campaign}`, at(a, mine.window, mine.promotions), at(b, other.window, other.promotions));
        }
      }
      const aOnSale = onSale(a);
      const bOnSale = onSale(b);
      if (aOnSale !== null && bOnSale !== null && aOnSale !== bOnSale) {
        const [running, not] = aOnSale ? [a, b] : [b, a];
        flag("sale", at(running, saleSpan(running), running.promotions.filter(nonExclusive)), {
          channel: not.channel,
          start: -Infinity,
          end: Infinity,
          none: true,
          sources: rowsOf(not.row),
        });
      }
    }
  }
  const out: WindowMismatch[] = [];
  for (const [what, byChannel] of found) {
    const windows = [...byChannel.values()];
    const said = skuWide.find((m) => m.what === what);
    if (said !== undefined && repeats(said, windows)) continue;
    out.push({ what: `${what} at ${location}`, location, windows: windows.sort((x, y) => compareText(x.channel, y.channel)) });
  }
  return out.sort((x, y) => compareText(x.what, y.what));
}

/** A campaign's window in one channel there (its promotions' earliest start to latest end), and those promotions. */
interface CampaignRun {
  readonly window: [Instant, Instant];
  readonly promotions: PromotionRun[];
}

/** The campaigns running in a channel at a location, by name. */
function campaignsOf(sale: LocationSale): ReadonlyMap<string, CampaignRun> {
  if (!sale.promotions.some((p) => p.campaign !== null)) return NO_CAMPAIGNS;
  const campaigns = new Map<string, CampaignRun>();
  for (const p of sale.promotions) {
    if (p.campaign === null) continue;
    const run = campaigns.get(p.campaign);
    if (run === undefined) campaigns.set(p.campaign, { window: [p.window[0], p.window[1]], promotions: [p] });
    else {
      run.window[0] = Math.min(run.window[0], p.window[0]);
      run.window[1] = Math.max(run.window[1], p.window[1]);
      run.promotions.push(p);
    }
  }
  return campaigns;
}

/** Whether every window compared at a location is the channel's window in the sku's own mismatch of the same thing. */
function repeats(skuWide: WindowMismatch, windows: readonly ChannelWindow[]): boolean {
  return windows.every((w) => skuWide.windows.some((s) => s.channel === w.channel && s.start === w.start && s.end === w.end));
}

const nonExclusive = (p: PromotionRun) => !p.exclusive;

/** Whether a channel's offer is on sale there (a sale price, or a promotion); null when unknown (see LocationSale.saleKnown). */
function onSale(sale: LocationSale): boolean | null {
  if (sale.saleWindow !== null || sale.promotions.some(nonExclusive)) return true;
  return sale.saleKnown ? false : null;
}

const sameWindow = (a: readonly [Instant, Instant], b: readonly [Instant, Instant]) => a[0] === b[0] && a[1] === b[1];

/** From the earliest start to the latest end of a channel's sale price and non-exclusive promotions. */
function saleSpan(sale: LocationSale): [Instant, Instant] {
  let from = sale.saleWindow?.[0] ?? Infinity;
  let to = sale.saleWindow?.[1] ?? -Infinity;
  for (const p of sale.promotions) {
    if (p.exclusive) continue;
    from = Math.min(from, p.window[0]);
    to = Math.max(to, p.window[1]);
  }
  return [from, to];
}

/** The offer's rows, then the promotions' rows, each once. */
function sourcesOf(rows: readonly Source[], promotions: readonly PromotionRun[]): Source[] {
  const sources = [...rows];
  addSources(
    sources,
    promotions.map((p) => p.source),
  );
  return sources;
}

/**
 * Adds to `list` each of `more` it does not hold yet (the same file and line). The rows a list
 * holds are kept as a set beside it, made at its first addition: a window over thousands of
 * stores or campaign steps gathers thousands of rows, each looked up once, not against all.
 */
export function addSources(list: Source[], more: readonly Source[]): void {
  let held = heldRows.get(list);
  if (held === undefined) heldRows.set(list, (held = new Set(list.map(rowKey))));
  for (const source of more) {
    const key = rowKey(source);
    if (held.has(key)) continue;
    held.add(key);
    list.push(source);
  }
}

/** The rows each list given to addSources holds, by rowKey: lists grow by addSources alone. */
const heldRows = new WeakMap<Source[], Set<string>>();
const rowKey = (source: Source) => `${source.line}:${source.file}`;

const NO_SOURCES: readonly Source[] = [];
const NO_CAMPAIGNS: ReadonlyMap<string, CampaignRun> = new Map();
const NO_PROMOTIONS: readonly PromotionRun[] = [];

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
}

/** A campaign or sale price of one sku whose windows differ between channels. */
export interface WindowMismatch {
  /** What runs: `campaign SALDI`, `sale price 1.49 EUR`, and where when at one location: `sale at MI01`. */
  readonly what: string;
  /** Its window in each channel, by channel. */
  readonly windows: readonly ChannelWindow[];
}

/**
 * Collects the windows of one sku's campaigns and sale prices, channel by channel, and finds
 * those that run in two or more channels with different windows.
 */
export class WindowComparison {
  private readonly windows = new Map<string, Map<string, [Instant, Instant]>>(); // what → channel → window

  /** Widens the window of `what` in `channel` to cover `[start, end)`. */
  add(what: string, channel: string, start: Instant, end: Instant): void {
    let byChannel = this.windows.get(what);
    if (!byChannel) this.windows.set(what, (byChannel = new Map()));
    const w = byChannel.get(channel);
    byChannel.set(channel, w ? [Math.min(w[0], start), Math.max(w[1], end)] : [start, end]);
  }

  /** What runs with different windows in different channels, by what and then by channel. */
  mismatches(): WindowMismatch[] {
    const out: WindowMismatch[] = [];
    for (const [what, byChannel] of [...this.windows].sort(([a], [b]) => compareText(a, b))) {
      if (byChannel.size < 2) continue;
      const distinct = new Set([...byChannel.values()].map(([s, e]) => `${s}/${e}`));
      if (distinct.size < 2) continue;
      const windows = [...byChannel].sort(([a], [b]) => compareText(a, b)).map(([channel, [start, end]]) => ({ channel, start, end }));
      out.push({ what, windows });
    }
    return out;
  }
}

/** What one channel's offer standing at a location runs there: its sale price and window, and the promotions covering it. */
export interface LocationSale {
  readonly channel: string;
  /**
   * The channel has an offer of its own at the location: a row of its own, or its default row at a
   * store that a promotion limited to stores names for it (else its default row merely stands there).
   */
  readonly own: boolean;
  /** The sale price, as text at its minor unit with its currency (`9.99 EUR`), and its window (open ends infinite); null without a sale price. */
  readonly salePrice: string | null;
  readonly saleWindow: readonly [Instant, Instant] | null;
  /**
   * False where the offer's sale is unknown: its duplicate rows dispute the sale price or its
   * window, or a bound it gives does not read (salePrice and saleWindow are then null). An
   * unknown sale is compared with nothing.
   */
  readonly saleKnown: boolean;
  /** Campaigns running in the channel at the location (their promotions' earliest start to latest end). */
  readonly campaigns: ReadonlyMap<string, readonly [Instant, Instant]>;
  /** Non-exclusive promotions covering it there, campaign or not: a sale from the promotions feed. */
  readonly promoted: readonly (readonly [Instant, Instant])[];
}

/**
 * Where the sales of the channels standing at one location differ, between a channel with an
 * offer of its own there (a store that sells the item there, see LocationSale.own) and each other
 * channel: the same sale price, or the same campaign, with different windows; or a sale (a sale
 * price, or a non-exclusive promotion) in one and none at all in the other. Two channels with no
 * offer of their own there are compared by their default rows once for the whole sku, not here.
 */
export function locationMismatches(location: string, sales: readonly LocationSale[]): WindowMismatch[] {
  const found = new Map<string, Map<string, ChannelWindow>>(); // what → channel → its window there
  const flag = (what: string, ...windows: ChannelWindow[]) => {
    let byChannel = found.get(what);
    if (!byChannel) found.set(what, (byChannel = new Map()));
    for (const w of windows) byChannel.set(w.channel, w);
  };
  const at = (channel: string, [start, end]: readonly [Instant, Instant]): ChannelWindow => ({ channel, start, end });
  for (const a of sales) {
    if (!a.own) continue;
    for (const b of sales) {
      if (b === a || (b.own && b.channel < a.channel)) continue; // each pair once
      if (a.salePrice !== null && a.salePrice === b.salePrice && !sameWindow(a.saleWindow!, b.saleWindow!)) {
        flag(`sale price ${a.salePrice} at ${location}`, at(a.channel, a.saleWindow!), at(b.channel, b.saleWindow!));
      }
      for (const [campaign, window] of a.campaigns) {
        const other = b.campaigns.get(campaign);
        if (other && !sameWindow(window, other)) flag(`campaign ${campaign} at ${location}`, at(a.channel, window), at(b.channel, other));
      }
      const aOnSale = onSale(a);
      const bOnSale = onSale(b);
      if (aOnSale !== null && bOnSale !== null && aOnSale !== bOnSale) {
        const [running, not] = aOnSale ? [a, b] : [b, a];
        flag(`sale at ${location}`, at(running.channel, saleSpan(running)), {
          channel: not.channel,
          start: -Infinity,
          end: Infinity,
          none: true,
        });
      }
    }
  }
  return [...found]
    .sort(([x], [y]) => compareText(x, y))
    .map(([what, byChannel]) => ({ what, windows: [...byChannel.values()].sort((x, y) => compareText(x.channel, y.channel)) }));
}

/** Whether a channel's offer is on sale there (a sale price, or a promotion); null when unknown (see LocationSale.saleKnown). */
function onSale(sale: LocationSale): boolean | null {
  if (sale.promoted.length > 0 || sale.saleWindow !== null) return true;
  return sale.saleKnown ? false : null;
}

const sameWindow = (a: readonly [Instant, Instant], b: readonly [Instant, Instant]) => a[0] === b[0] && a[1] === b[1];

/** From the earliest start to the latest end of a channel's sale price and promotions. */
function saleSpan(sale: LocationSale): [Instant, Instant] {
  const windows = sale.saleWindow ? [sale.saleWindow, ...sale.promoted] : sale.promoted;
  return windows.reduce<[Instant, Instant]>(([from, to], w) => [Math.min(from, w[0]), Math.max(to, w[1])], [Infinity, -Infinity]);
}

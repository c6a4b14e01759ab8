import { compareText } from "../text/compare.js";
import type { Instant } from "../time/instant.js";

/** A channel's window of a campaign or sale price: from its earliest start to its latest end. */
export interface ChannelWindow {
  readonly channel: string;
  readonly start: Instant;
  readonly end: Instant;
}

/** A campaign or sale price of one sku whose windows differ between channels. */
export interface WindowMismatch {
  /** What runs: `campaign SALDI`, `sale price 1.49`. */
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

import { withoutTrailingZeros } from "../io/number-text.js";

/**
 * One price a product page states for one of its items, and when it holds: an Offer's price
 * holds until its `priceValidUntil`; one from a `priceSpecification` entry from that entry's
 * `validFrom` until its `validThrough` too.
 */
export interface PagePrice {
  /**
   * The Offer it is a price of (its ordinal on the page). An Offer may give several, in order (the
   * entries of its `priceSpecification` valid at different times): its price at an instant is the
   * first that holds then.
   */
  readonly offer: number;
  /** The item it is for (the sku it is matched to): two offers for one item at different prices at one instant conflict. */
  readonly item: string;
  /** The price and currency as compared ({@link pagePriceKey}). */
  readonly price: string;
  /** When it starts and stops holding, in milliseconds (null: no bound); it holds in [from, until). */
  readonly from: number | null;
  readonly until: number | null;
}

/** What a check looks at: the instant `from` alone (`to` null), or a window [from, to). */
export interface PageSpan {
  readonly from: number;
  readonly to: number | null;
}

/** A price (its index) that is its item's on the page over [from, to) (null: from the span's start; until no end). */
export interface PagePriceRun {
  readonly price: number;
  readonly from: number | null;
  readonly to: number | null;
}

/** Offers of one item at different prices over [from, to) (one period of the span, see {@link pageTimeline}): the prices (indices) that hold at its start. */
export interface PageConflict {
  readonly item: string;
  readonly prices: readonly number[];
  readonly from: number | null;
  readonly to: number | null;
}

/** What a page's prices say over a span: the runs of each price, the conflicts, and the offers expired (see {@link pageTimeline}). */
export interface PageTimeline {
  readonly runs: readonly PagePriceRun[];
  readonly conflicts: readonly PageConflict[];
  /**
   * Offers whose every price ended by the span's start, of an item the page gives no price for
   * within the span: of each, the price (its index) that held last, the one to name.
   */
  readonly expired: readonly number[];
}

/**
 * A page's price for each item at each instant of the span: at an instant, each Offer's price is
 * the first of its prices that holds then; the item's offers whose price holds then conflict
 * when they disagree on it, else that is the item's price. An offer that has ended is so not
 * the item's price, and conflicts with nothing: it is set aside, and named (`expired`) only when
 * the page gives its item no price at all within the span. Times are cut where a price starts or
 * stops holding; a price is reported from the first instant of the span it is the item's price
 * until it stops being it (which may be after the span), each period of conflict likewise (a page
 * ambiguous, then not, then again is two conflicts); a price or conflict
 * that begins only after the span (or, for one instant, after it) is not reported.
 */
export function pageTimeline(prices: readonly PagePrice[], span: PageSpan): PageTimeline {
  const runs: PagePriceRun[] = [];
  const conflicts: PageConflict[] = [];
  const expired: number[] = [];
  const byItem = new Map<string, number[]>();
  for (const [i, p] of prices.entries()) byItem.set(p.item, [...(byItem.get(p.item) ?? []), i]);
  for (const [item, members] of byItem) {
    const cuts = new Set<number>();
    for (const i of members)
      for (const bound of [prices[i]!.from, prices[i]!.until]) if (bound !== null && bound > span.from) cuts.add(bound);
    const starts = [span.from, ...[...cuts].sort((a, b) => a - b)];
    const end = (k: number) => (k < starts.length ? starts[k]! : null);
    const seen = (k: number) => k === 0 || (span.to !== null && starts[k]! < span.to);
    // Each time's prices: each offer's first price holding then; a conflict where they disagree.
    const chosen = starts.map((t) => {
      const offers = new Map<number, number>();
      for (const i of members) if (!offers.has(prices[i]!.offer) && holds(prices[i]!, t)) offers.set(prices[i]!.offer, i);
      return [...offers.values()].sort((a, b) => a - b);
    });
    const conflicting = chosen.map((c) => new Set(c.map((i) => prices[i]!.price)).size > 1);
    let given = false;
    for (const i of members) {
      for (let k = 0; k < starts.length; k++) {
        if (conflicting[k] || !chosen[k]!.includes(i)) continue;
        const first = k;
        while (k + 1 < starts.length && !conflicting[k + 1] && chosen[k + 1]!.includes(i)) k++;
        if (!seen(first)) continue;
        runs.push({ price: i, from: first === 0 ? null : starts[first]!, to: end(k + 1) });
        given = true;
      }
    }
    // Each period of conflict in the span, from its first time to the next time without one.
    for (let k = 0; k < starts.length; k++) {
      if (!conflicting[k]) continue;
      const first = k;
      while (k + 1 < starts.length && conflicting[k + 1]) k++;
      if (!seen(first)) continue;
      conflicts.push({ item, prices: chosen[first]!, from: first === 0 ? null : starts[first]!, to: end(k + 1) });
      given = true;
    }
    if (given) continue;
    for (const offer of new Set(members.map((i) => prices[i]!.offer))) {
      const own = members.filter((i) => prices[i]!.offer === offer);
      if (!own.every((i) => prices[i]!.until !== null && prices[i]!.until! <= span.from)) continue;
      // The offer's price just before its last end: its first price holding then.
      const last = Math.max(...own.map((i) => prices[i]!.until!));
      expired.push(own.find((i) => holds(prices[i]!, last - 1)) ?? own.find((i) => prices[i]!.until === last)!);
    }
  }
  return { runs, conflicts, expired };
}

function holds(price: PagePrice, t: number): boolean {
  return (price.from === null || price.from <= t) && (price.until === null || t < price.until);
}

/** A price and currency as compared: a plain decimal by its value (`10.00` is `10`), a currency in capitals; else as written. */
export function pagePriceKey(price: string | null, currency: string | null): string {
  const plain = price === null ? null : /^(\d+)(?:\.(\d+))?$/.exec(price);
  const value = plain === null ? (price ?? "no price") : withoutTrailingZeros(`${BigInt(plain[1]!)}.${plain[2] ?? ""}`);
  return `${value} ${currency?.toUpperCase() ?? ""}`;
}

import type { Micros } from "../money/amount.js";
import { Ratio } from "../money/ratio.js";
import type { Source } from "../model/source.js";
import { PreviousOffer } from "./previous-offers.js";

/**
 * An offer compared with the previous state, where the evaluator stands: its previous offer (its
 * own row there yesterday, else the channel's default then), and the channels at the same
 * location that were repriced from the price it had while it kept it. Amounts in different
 * currencies are not compared: every change is then missing.
 */
export class OfferChange {
  /** The previous offer, or null: the offer is new. */
  previous: PreviousOffer | null = null;
  /** Today's regular price and currency. */
  price: Micros | null = null;
  currency = "";
  effectivePrice: Micros | null = null;
  /** Channels at this location that had this offer's previous price and moved while this offer did not. */
  repricedChannels: readonly string[] = [];
  readonly scratch = new PreviousOffer();

  get isNew(): boolean {
    return this.previous === null;
  }

  /** The previous offer in today's currency, or null. */
  private comparable(): PreviousOffer | null {
    return this.previous !== null && this.previous.currency === this.currency ? this.previous : null;
  }

  /** Today's regular price minus yesterday's: null without both, or in different currencies. */
  get priceChange(): Micros | null {
    const p = this.comparable();
    return p === null || p.price === null || this.price === null ? null : this.price - p.price;
  }

  get effectivePriceChange(): Micros | null {
    const p = this.comparable();
    return p === null || p.effectivePrice === null || this.effectivePrice === null ? null : this.effectivePrice - p.effectivePrice;
  }

  /** The regular price's change in percent of yesterday's, signed, exact. */
  get priceChangePercent(): Ratio | null {
    const change = this.priceChange;
    const before = this.previous?.price ?? null;
    return change === null || before === null || before <= 0 ? null : Ratio.of(change, before, 100);
  }

  /** How far the regular price rose, in percent of yesterday's; null unless it rose. */
  get priceIncreasePercent(): Ratio | null {
    const change = this.priceChange;
    return change === null || change <= 0 ? null : this.priceChangePercent;
  }

  /** How far the regular price fell, in percent of yesterday's (positive); null unless it fell. */
  get priceDecreasePercent(): Ratio | null {
    const change = this.priceChange;
    const before = this.previous?.price ?? null;
    return change === null || change >= 0 || before === null || before <= 0 ? null : Ratio.of(-change, before, 100);
  }

  /** The size of the regular price's change, whatever its direction. */
  get priceChangeSize(): Micros | null {
    const change = this.priceChange;
    return change === null ? null : Math.abs(change);
  }

  /** `file:line` of the previous offer's row. */
  get previousSource(): string | null {
    return this.previous === null ? null : `${this.previous.file}:${this.previous.line}`;
  }

  /** Today's sources, and the previous offer's row after them. */
  sources(today: readonly Source[]): readonly Source[] {
    return this.previous === null ? today : [...today, this.previous.source()];
  }
}

/** Product scope: the channels a sku had offers in yesterday and has none in today. */
export interface ProductRemoval {
  readonly channels: readonly string[];
  /**
   * Those of them where it is still listed: the catalogue's listed channels; for a sku the
   * catalogue lists in no channel, every removed channel while the sku is still priced elsewhere.
   */
  readonly listed: readonly string[];
  /** The previous row of each removed channel (its first). */
  readonly sources: readonly Source[];
}

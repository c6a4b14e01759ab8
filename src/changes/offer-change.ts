import type { Micros } from "../money/amount.js";
import { Ratio } from "../money/ratio.js";
import type { Source } from "../model/source.js";
import { PreviousOffer } from "./previous-offers.js";

/**
 * An offer compared with the previous state, where the evaluator stands: its previous offer (its
 * own row there yesterday, else the channel's default then), and the channels at the same
 * location that were repriced from the price it had while it kept it. Amounts in different
 * currencies, or on different tax bases (`tax_included`), are not compared: every change is
 * then missing.
 */
export class OfferChange {
  /** The previous offer, or null: the offer is new. */
  previous: PreviousOffer | null = null;
  /** Today's regular price and currency. */
  price: Micros | null = null;
  currency = "";
  /** Whether today's amounts include tax; null where duplicate rows disagree on it (nothing is then compared). */
  taxIncluded: boolean | null = true;
  effectivePrice: Micros | null = null;
  /** Channels at this location that had this offer's previous price and moved while this offer did not. */
  repricedChannels: readonly string[] = [];
  /** The rows of those channels, today's and the previous state's: what the finding cites beside the offer's own. */
  repricedSources: readonly Source[] = [];
  readonly scratch = new PreviousOffer();

  get isNew(): boolean {
    return this.previous === null;
  }

  /** The previous offer, when its amounts are in today's currency and on today's tax basis; else null. */
  comparable(): PreviousOffer | null {
    const p = this.previous;
    // A basis not recorded (a version-1 snapshot) is compared on today's, as that version did.
    return p !== null &&
      p.currency === this.currency &&
      this.taxIncluded !== null &&
      (p.taxIncluded ?? this.taxIncluded) === this.taxIncluded
      ? p
      : null;
  }

  /** Today's regular price minus yesterday's: null without both, or not comparable (another currency or tax basis). */
  get priceChange(): Micros | null {
    const p = this.comparable();
    return p === null || p.price === null || this.price === null ? null : this.price - p.price;
  }

  get effectivePriceChange(): Micros | null {
    const p = this.comparable();
    return p === null || p.effectivePrice === null || this.effectivePrice === null ? null : this.effectivePrice - p.effectivePrice;
  }

  /**
   * The regular price's change in percent of yesterday's, signed, exact; null from a price of 0
   * or less, of which no percentage is defined (such a move is judged by its size alone).
   */
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

  /**
   * Today's sources, the previous offer's row after them, then (an offer left behind by a
   * repricing) each moved channel's row today and in the previous state.
   */
  sources(today: readonly Source[]): readonly Source[] {
    return this.previous === null ? today : [...today, this.previous.source(), ...this.repricedSources];
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

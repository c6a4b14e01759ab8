import type { OfferStore } from "../dataset/offer-store.js";
import type { ChannelGroup, SkuGroup } from "../dataset/sku-group.js";
import { disputed, OfferRecord, offerSource } from "../model/offer.js";
import type { Source } from "../model/source.js";
import type { Product } from "../model/product.js";
import { compareText } from "../text/compare.js";
import { OfferChange, type ProductRemoval } from "./offer-change.js";
import type { PreviousOffers } from "./previous-offers.js";

/**
 * What the evaluator asks of the previous state, where it stands: entering a sku at a location,
 * each channel's offer there (its own row, else its default) is compared with the one that stood
 * there yesterday; then `select(k)` is the k-th channel's comparison. Pure: lookups only.
 */
export class ChangeSite {
  private readonly changes: OfferChange[] = [];
  /** Each channel's row standing at the location today (-1: none). */
  private readonly rows: number[] = [];
  private readonly record = new OfferRecord();
  private count = 0;

  constructor(readonly previous: PreviousOffers) {}

  /** Compares the offers of `channels` standing at location id `location` (0: the defaults) of the sku. */
  enter(store: OfferStore, sku: string, location: number, channels: readonly ChannelGroup[]): void {
    const place = store.locations.text(location);
    this.count = channels.length;
    for (let k = 0; k < channels.length; k++) {
      const change = (this.changes[k] ??= new OfferChange());
      const row = channels[k]!.offerAt(location);
      this.rows[k] = row;
      change.repricedChannels = NONE;
      change.repricedSources = NO_SOURCES;
      if (row < 0) {
        change.previous = null;
        change.price = change.effectivePrice = null;
        change.currency = "";
        continue;
      }
      const offer = store.read(row, this.record);
      // Duplicate rows that disagree on it: today's price is unknown, as the rules' facts say.
      change.price = disputed(offer, "price") ? null : offer.price;
      change.currency = offer.currency;
      // Rows that disagree on the tax basis: which basis today's amounts are on is unknown.
      change.taxIncluded = disputed(offer, "tax_included") ? null : offer.taxIncluded;
      change.effectivePrice = null;
      const before = this.previous.standingAt(sku, channels[k]!.channel, place);
      change.previous = before < 0 ? null : this.previous.read(before, change.scratch);
      // A default row at a store, from a state that did not keep where promotions limited to stores made it an offer there.
      if (place !== null && change.previous?.location === null && !this.previous.defaultsAtStores) change.previous.effectivePrice = null;
    }
    for (let k = 0; k < this.count; k++) {
      const change = this.changes[k]!;
      if (moved(change) !== false) continue;
      let repriced: number[] | null = null;
      for (let j = 0; j < this.count; j++) {
        const other = this.changes[j]!;
        if (j === k || moved(other) !== true) continue;
        // Both compared with their own previous rows, so a same currency and basis today is one yesterday too.
        if (
          other.currency === change.currency &&
          other.taxIncluded === change.taxIncluded &&
          other.previous!.price === change.previous!.price
        )
          (repriced ??= []).push(j);
      }
      if (repriced === null) continue;
      repriced.sort((a, b) => compareText(channels[a]!.channel, channels[b]!.channel));
      change.repricedChannels = repriced.map((j) => channels[j]!.channel);
      change.repricedSources = repriced.flatMap((j) => [
        offerSource(store.read(this.rows[j]!, this.record)),
        this.changes[j]!.previous!.source(),
      ]);
    }
  }

  /** The k-th channel's comparison, its effective price today set. */
  select(k: number, effectivePrice: number | null): OfferChange {
    const change = this.changes[k]!;
    change.effectivePrice = effectivePrice;
    return change;
  }

  /**
   * The channels the sku had offers in yesterday and has none in today (`group`: today's offers);
   * `inCatalogue` false: a catalogue is given and no longer holds the sku, which it then lists
   * nowhere (null: no catalogue).
   */
  removal(sku: string, group: SkuGroup | undefined, product: Product | null, inCatalogue: boolean | null = null): ProductRemoval {
    const today = group ? group.channels.map((c) => c.channel) : [];
    const gone = this.previous.channelsOf(sku).filter((c) => !today.includes(c.channel));
    if (gone.length === 0) return NO_REMOVAL;
    gone.sort((a, b) => compareText(a.channel, b.channel));
    const channels = gone.map((c) => c.channel);
    const listedIn = product?.listedChannels ?? null;
    const listed =
      inCatalogue === false
        ? []
        : listedIn !== null && listedIn.length > 0
          ? channels.filter((c) => listedIn.includes(c))
          : today.length > 0
            ? channels
            : [];
    const sources = gone
      .filter((c) => listed.includes(c.channel))
      .map((c) => this.previous.read(c.row, new OfferChange().scratch).source());
    return { channels, listed, sources };
  }
}

const NONE: readonly string[] = [];
const NO_SOURCES: readonly Source[] = [];
const NO_REMOVAL: ProductRemoval = { channels: NONE, listed: NONE, sources: [] };

/** Whether the offer's regular price moved since yesterday: null when that cannot be told (see OfferChange.comparable). */
function moved(change: OfferChange): boolean | null {
  const before = change.comparable();
  if (before === null || before.price === null || change.price === null) return null;
  return before.price !== change.price;
}

import type { PreviousOffers } from "../changes/previous-offers.js";
import type { Dataset } from "../dataset/dataset.js";
import type { OfferStore } from "../dataset/offer-store.js";
import type { ChannelGroup, SkuGroup } from "../dataset/sku-group.js";
import type { RoundingMode } from "../money/amount.js";
import type { Product } from "../model/product.js";
import type { Promotion } from "../model/promotion.js";
import type { Source } from "../model/source.js";
import type { OfferState, PricingSettings } from "../pricing/offer-state.js";
import type { EvalContext } from "../rules/facts.js";
import type { CompiledRule } from "../rules/rule.js";
import type { Instant, InstantCache } from "../time/instant.js";

export interface EvaluateOptions {
  readonly at: Instant;
  /** Zone of bare dates when neither the feed nor the location names one. */
  readonly timezone: string;
  /** The config's currency, if any. */
  readonly currency: string | null;
  /**
   * The channels and whether each is located (default: the built-in ones). A row of a channel
   * that is not located reads its bare dates in its feed's zone, else the config's, wherever
   * it is compared; a located channel's default row, in the zone of the store it stands at.
   */
  readonly channels?: ReadonlyMap<string, boolean> | undefined;
  readonly minorUnits?: Readonly<Record<string, number>> | undefined;
  readonly rounding?: RoundingMode | undefined;
  /** Attach each finding's evaluated condition tree. */
  readonly explain?: boolean | undefined;
  /** With shards: whether this run owns a sku (null: entities without one). Default: all. */
  readonly owns?: ((sku: string | null) => boolean) | undefined;
  /**
   * Keep offer- and pair-scope findings compact (see CompactFindings) rather than as objects:
   * for one instant, not for windows, whose findings are merged across instants.
   */
  readonly compact?: boolean | undefined;
  /** The previous state the change facts compare with (`check --previous`); none: they are missing. */
  readonly previous?: PreviousOffers | null | undefined;
}

/**
 * What the scope modules of evaluate/ (product, family, promotion) read of the evaluator: the
 * evaluation context they fill, the data, their rules, and how offers are resolved and findings
 * reported.
 */
export interface ScopeContext {
  readonly ctx: EvalContext;
  readonly dataset: Dataset;
  readonly store: OfferStore;
  readonly options: EvaluateOptions;
  readonly pricing: PricingSettings;
  readonly instants: InstantCache;
  /** With shards: whether this run owns a sku (null: entities without one). */
  readonly owns: (sku: string | null) => boolean;
  readonly productRules: readonly CompiledRule[];
  readonly familyRules: readonly CompiledRule[];
  readonly promotionRules: readonly CompiledRule[];
  /** Some product rule needs the sku's windows compared between channels. */
  readonly needsWindows: boolean;
  /** Some rule needs the locations (of inventory rows, of a promotion) that the stores feed does not list. */
  readonly needsUnknownLocations: boolean;
  /** A scratch offer state, free between resolutions. */
  readonly first: OfferState;
  /** A scratch view of one sku's offers. */
  readonly group: SkuGroup;
  /** Scratch views of the members of the family being evaluated, one per member. */
  readonly memberGroups: SkuGroup[];
  /**
   * Where the context's sku stands by the default rows of `channels` as an offer of a store, while
   * a promotion limited to stores runs there now: by location id, those channels (their k). Null:
   * nowhere. At whatever instant the promotions run: storePromotedDefaults.
   */
  promotedDefaults(channels: readonly ChannelGroup[]): Map<number, number[]> | null;
  /** Whether the channel of offer store row `row` stands at stores (a located channel). */
  isLocated(row: number): boolean;
  /**
   * How many of the stores feed's stores the default rows of `channels[k]` for each k of `ks` all
   * stand at: where none of them has an offer of its own, a row, or its default row made one by a
   * store-limited promotion (`promoted`: by location id, those k). With a stores feed only.
   */
  standingStores(channels: readonly ChannelGroup[], ks: readonly number[], promoted: ReadonlyMap<number, readonly number[]> | null): number;
  /** Points the context at location id `locationId` (0: none) and resolves offer store row `row` there, into `state`. */
  place(row: number, locationId: number, state: OfferState, product?: Product | null): OfferState;
  /** Reports a finding of `rule` on what the context holds now. */
  report(rule: CompiledRule, channels: readonly string[], sources: readonly Source[]): void;
}

/**
 * Where the context's sku stands by the default rows of `channels` as an offer of a store under a
 * promotion limited to stores, at whatever instant it runs: by location id, those channels (their
 * k), for the sku's `candidates` (PromotionIndex.candidates) that `keep` keeps (default: all). A
 * default row is the channel's price at every location: at a store such a promotion
 * names for the channel, where the channel has no row of its own, it is that store's offer. Not
 * at a store the stores feed does not list (it sells nothing), nor at one no price row names (no
 * offer has it). Null: nowhere.
 */
export function storePromotedDefaults(
  ev: ScopeContext,
  candidates: readonly Promotion[],
  channels: readonly ChannelGroup[],
  keep?: (promotion: Promotion, location: number, code: string, channel: ChannelGroup) => boolean,
): Map<number, number[]> | null {
  const known = ev.ctx.locationCodes;
  let found: Map<number, number[]> | null = null;
  for (const p of candidates) {
    if (p.locations.length === 0) continue;
    for (const code of p.locations) {
      const location = ev.store.locations.find(code);
      if (location === 0 || (known !== null && !known.has(code))) continue;
      for (let k = 0; k < channels.length; k++) {
        const group = channels[k]!;
        if (group.fallback < 0 || group.ownAt(location) >= 0 || !p.channels.includes(group.channel)) continue;
        if (keep !== undefined && !keep(p, location, code, group)) continue;
        found ??= new Map();
        const ks = found.get(location);
        if (ks === undefined) found.set(location, [k]);
        else if (!ks.includes(k)) ks.push(k);
      }
    }
  }
  return found;
}

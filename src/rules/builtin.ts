// Generated from the rule files in rules/ by scripts/generate-rules.mjs: do not edit. After adding,
// removing or renaming a rule file, run `npm run generate:rules` (tests/generated-rules.test.ts fails until then).
import { builtinRule, type RuleDefinition } from "./rule.js";
import availabilityClickCollectStoreClosed from "../../rules/availability/click-collect-store-closed.json";
import availabilityContradictsStock from "../../rules/availability/contradicts-stock.json";
import availabilityEReservationLowStock from "../../rules/availability/e-reservation-low-stock.json";
import availabilityEReservationStoreClosed from "../../rules/availability/e-reservation-store-closed.json";
import availabilityPickupLowStock from "../../rules/availability/pickup-low-stock.json";
import availabilityPromoWithoutStock from "../../rules/availability/promo-without-stock.json";
import availabilityUnknownLocation from "../../rules/availability/unknown-location.json";
import changeOfferAdded from "../../rules/change/offer-added.json";
import changePriceMove from "../../rules/change/price-move.json";
import changeRemovedWhileListed from "../../rules/change/removed-while-listed.json";
import changeRepricedAlone from "../../rules/change/repriced-alone.json";
import channelAppDiffersFromWeb from "../../rules/channel/app-differs-from-web.json";
import channelClickCollectAboveStore from "../../rules/channel/click-collect-above-store.json";
import channelClickCollectAboveWeb from "../../rules/channel/click-collect-above-web.json";
import channelEReservationAboveWeb from "../../rules/channel/e-reservation-above-web.json";
import channelEReservationDiffersFromStore from "../../rules/channel/e-reservation-differs-from-store.json";
import channelOnlineDiffersFromStore from "../../rules/channel/online-differs-from-store.json";
import configExpiredWaiver from "../../rules/config/expired-waiver.json";
import feedInvalidRow from "../../rules/feed/invalid-row.json";
import feedUnmappedColumn from "../../rules/feed/unmapped-column.json";
import ladderPackSize from "../../rules/ladder/pack-size.json";
import omnibusInsufficientHistory from "../../rules/omnibus/insufficient-history.json";
import omnibusNotAReduction from "../../rules/omnibus/not-a-reduction.json";
import omnibusPriorPrice from "../../rules/omnibus/prior-price.json";
import priceBelowCost from "../../rules/price/below-cost.json";
import priceBelowMap from "../../rules/price/below-map.json";
import priceConflictingDuplicate from "../../rules/price/conflicting-duplicate.json";
import priceCurrencyMismatch from "../../rules/price/currency-mismatch.json";
import priceExcessiveDiscount from "../../rules/price/excessive-discount.json";
import priceInvalidSaleWindow from "../../rules/price/invalid-sale-window.json";
import priceLandingPageMismatch from "../../rules/price/landing-page-mismatch.json";
import priceLocationDispersion from "../../rules/price/location-dispersion.json";
import priceMemberAbovePublic from "../../rules/price/member-above-public.json";
import priceMissingInListedChannel from "../../rules/price/missing-in-listed-channel.json";
import priceNonPositive from "../../rules/price/non-positive.json";
import priceSaleNotBelowRegular from "../../rules/price/sale-not-below-regular.json";
import priceStaleSale from "../../rules/price/stale-sale.json";
import priceUnitPriceMismatch from "../../rules/price/unit-price-mismatch.json";
import priceUnknownLocation from "../../rules/price/unknown-location.json";
import priceUnknownSku from "../../rules/price/unknown-sku.json";
import promoInvalidWindow from "../../rules/promo/invalid-window.json";
import promoMissingInChannel from "../../rules/promo/missing-in-channel.json";
import promoStackingOrderOpen from "../../rules/promo/stacking-order-open.json";
import promoUnknownCategory from "../../rules/promo/unknown-category.json";
import promoUnknownLocation from "../../rules/promo/unknown-location.json";
import promoUnknownSku from "../../rules/promo/unknown-sku.json";
import promoWindowMismatch from "../../rules/promo/window-mismatch.json";

/** The built-in rules, bundled from the package's `rules/` folder (data, not code) and validated as any rule file is. */
export const BUILTIN_RULES: readonly RuleDefinition[] = Object.freeze(
  [
    availabilityClickCollectStoreClosed,
    availabilityContradictsStock,
    availabilityEReservationLowStock,
    availabilityEReservationStoreClosed,
    availabilityPickupLowStock,
    availabilityPromoWithoutStock,
    availabilityUnknownLocation,
    changeOfferAdded,
    changePriceMove,
    changeRemovedWhileListed,
    changeRepricedAlone,
    channelAppDiffersFromWeb,
    channelClickCollectAboveStore,
    channelClickCollectAboveWeb,
    channelEReservationAboveWeb,
    channelEReservationDiffersFromStore,
    channelOnlineDiffersFromStore,
    configExpiredWaiver,
    feedInvalidRow,
    feedUnmappedColumn,
    ladderPackSize,
    omnibusInsufficientHistory,
    omnibusNotAReduction,
    omnibusPriorPrice,
    priceBelowCost,
    priceBelowMap,
    priceConflictingDuplicate,
    priceCurrencyMismatch,
    priceExcessiveDiscount,
    priceInvalidSaleWindow,
    priceLandingPageMismatch,
    priceLocationDispersion,
    priceMemberAbovePublic,
    priceMissingInListedChannel,
    priceNonPositive,
    priceSaleNotBelowRegular,
    priceStaleSale,
    priceUnitPriceMismatch,
    priceUnknownLocation,
    priceUnknownSku,
    promoInvalidWindow,
    promoMissingInChannel,
    promoStackingOrderOpen,
    promoUnknownCategory,
    promoUnknownLocation,
    promoUnknownSku,
    promoWindowMismatch,
  ].map(builtinRule),
);

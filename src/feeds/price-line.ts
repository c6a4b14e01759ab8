import { doubled, LastId, StringTable } from "../dataset/columns.js";
import { OfferIds, type OfferAmounts, type OfferStore } from "../dataset/offer-store.js";
import { blankOfferFields } from "../model/offer.js";
import { AmountParser, type NumberFormat } from "../money/amount.js";
import { finerDecimals, type OfferContext } from "./entities.js";
import { isLocated } from "../config/channels.js";
import { FEED_FIELDS } from "../model/fields.js";
import { isSpace, type FieldValue, type PlainField, type RowReader } from "./row-reader.js";
import { detach } from "../text/string-pool.js";
import { isPlainKey } from "../text/keys.js";
import { splitInterval } from "../time/instant.js";

const FIELDS = FEED_FIELDS.prices;
const at = (name: string) => FIELDS.findIndex((f) => f.name === name);
const SKU = at("sku");
const CHANNEL = at("channel");
const LOCATION = at("location");
const CURRENCY = at("currency");
const PRICE = at("price");
const SALE_PRICE = at("sale_price");
const SALE_START = at("sale_start");
const SALE_END = at("sale_end");
const MEMBER_PRICE = at("member_price");
const REFERENCE_PRICE = at("reference_price");
const LOWEST_PRICE_30D = at("lowest_price_30d");
const UNIT_PRICE = at("unit_price");
const TAX_INCLUDED = at("tax_included");
const VALID_FROM = at("valid_from");
const VALID_TO = at("valid_to");

/** The amounts whose written decimals an offer keeps (OfferFields.priceDecimals, unitPriceDecimals). */
const WRITTEN_DECIMALS: ReadonlySet<number> = new Set([PRICE, SALE_PRICE, MEMBER_PRICE, UNIT_PRICE]);

/** How a cell is read: an amount, or a code (an id in one of the store's tables, or a flag). */
const HOW = { sku: 0, location: 1, coded: 2, money: 3 } as const;

/** The codes of tax_included (0: absent, which means included). */
const TAX_YES = 1;
const TAX_NO = 2;
/** A code for a cell that this reader leaves to the general path. */
const NOT_HERE = -1;

interface Cell {
  readonly index: number;
  readonly column: number;
  readonly required: boolean;
  readonly how: number;
  /** Coded fields: the distinct cell texts seen, and the code of each (0: not worked out yet). */
  readonly seen: StringTable | null;
  codes: Int32Array;
  /** Locations and coded fields: their recent texts. */
  readonly recent: Recent | null;
}

/**
 * Recent texts of a cell and their codes, looked at before any table: a small cache, one entry
 * per slot, a slot picked by the text's length and last two characters. A sku's rows repeat a
 * few values (channels, currencies) or cycle through some (twenty locations).
 */
class Recent {
  private readonly texts: string[] = new Array<string>(RECENT_SLOTS).fill("");
  private readonly codes = new Int32Array(RECENT_SLOTS);
  private slot = 0;

  /** The code remembered for text[start, end) (not empty), or 0. */
  find(text: string, start: number, end: number): number {
    const length = end - start;
    const key = (text.charCodeAt(end - 1) << 16) ^ (text.charCodeAt(end - (length > 1 ? 2 : 1)) << 8) ^ length;
    const slot = (this.slot = Math.imul(key, 0x9e3779b1) >>> (32 - RECENT_BITS));
    const known = this.texts[slot]!;
    return known.length === length && text.startsWith(known, start) ? this.codes[slot]! : 0;
  }

  /** Remembers the text last looked for, and its code. */
  remember(text: string, code: number): number {
    this.texts[this.slot] = text;
    this.codes[this.slot] = code;
    return code;
  }
}

const RECENT_BITS = 7;
const RECENT_SLOTS = 1 << RECENT_BITS;

/**
 * The index stage's fast path for plain delimited price lines: cells go from the line's text
 * straight to the offer store (ids and amounts), and no cell is cut out unless its text is new.
 * Channels, currencies, sale dates and tax flags are validated once per distinct text, by the
 * row reader itself (`parseCell`), and remembered with their code.
 *
 * It takes a line only where {@link RowReader.read} and `buildOffer` would give the same offer
 * without a problem; for anything else (a cell with spaces around it, a value that does not
 * parse, a missing price or currency) `read` returns false, and the line takes the general
 * path, which says what is wrong. `tests/in-place.test.ts` holds the two paths to the same result.
 */
export class PriceLineReader {
  private readonly cells: Cell[] = [];
  private width = -1;
  /** Each field's code (0: none) and amount (NaN: none): a constant's once, a cell's per row. */
  private readonly codes = new Int32Array(FIELDS.length);
  private readonly amountsOf = new Float64Array(FIELDS.length).fill(Number.NaN);
  /** The decimals each amount cell of the row is written with (`3.990`: 3): a unit price and the prices keep them. */
  private readonly written = new Uint8Array(FIELDS.length);
  private readonly parser: AmountParser;
  private readonly ids = new OfferIds();
  /** The amounts of the line being read (its sku, channel and location go by id, not here). */
  private readonly amounts: OfferAmounts = blankOfferFields();
  /** A sku or location every row has (the feed's constant), and its id once a row has been taken (0 before). */
  private constantSku: string | null = null;
  private constantSkuId = 0;
  private constantLocation: string | null = null;
  private constantLocationId = 0;
  /** Sale windows written in one cell (sale_start or sale_end), by their text's code: the code of each end. */
  private readonly intervals = new Map<number, readonly [start: number, end: number]>();
  /** The last sku read and its id: a sku's rows usually follow each other. */
  private readonly lastSku = new LastId();
  /** The currency id of the last row read (0: none yet), and its minor units. */
  private minorOf = 0;
  private minor = 0;
  /** Per location id (0: none), the currency of rows without one: 0 not worked out, NOT_HERE when there is none. */
  private defaultCurrencies: Int32Array = new Int32Array(64);
  /** Per channel code, whether the channel is located (undefined: not worked out yet). */
  private readonly locatedChannels: (boolean | undefined)[] = [];

  private constructor(
    private readonly reader: RowReader,
    private readonly store: OfferStore,
    private readonly context: OfferContext,
    private readonly feed: number,
    numberFormat: NumberFormat,
  ) {
    this.parser = new AmountParser(numberFormat);
  }

  /**
   * A reader for the header `reader` is bound to, or null when its lines cannot be read in place
   * (see {@link RowReader.plainFields}).
   */
  static forHeader(
    reader: RowReader,
    store: OfferStore,
    context: OfferContext,
    feed: number,
    numberFormat: NumberFormat,
  ): PriceLineReader | null {
    const fields = reader.plainFields();
    if (fields === null) return null;
    const line = new PriceLineReader(reader, store, context, feed, numberFormat);
    for (const field of fields) if (!line.plan(field)) return null;
    line.width = reader.width;
    return line;
  }

  /** Plans one field; false when it is of a type read only by the general path. */
  private plan(field: PlainField): boolean {
    const { index, spec } = field;
    // A row that holds for a while only is resolved in its zone and checked: the general path's.
    if (index === VALID_FROM || index === VALID_TO) return false;
    const how = index === SKU ? HOW.sku : index === LOCATION ? HOW.location : spec.type === "money" ? HOW.money : HOW.coded;
    if (how === HOW.coded && !["channel", "currency", "timestamp", "boolean"].includes(spec.type)) return false;
    // A value map is applied to coded cells, once per distinct text (lookUp); other cells are read as they are.
    if (field.mapped && how !== HOW.coded) return false;
    if (field.column < 0) {
      // A constant sku (one file per product) or location (one file per store) is numbered
      // with the first row taken, as the general path numbers the strings of the rows it takes.
      if (how === HOW.sku) {
        this.constantSku = field.constant as string;
        return true;
      }
      if (how === HOW.location) {
        this.constantLocation = field.constant as string | null;
        return true;
      }
      const value = field.constant;
      // A constant amount's written decimals are not in its value: the general path keeps those a row keeps.
      if (WRITTEN_DECIMALS.has(index) && value !== null) return false;
      if (how === HOW.money) this.amountsOf[index] = value === null ? Number.NaN : (value as number);
      else {
        const code = this.codeOf(index, value);
        if (code === NOT_HERE) return false;
        this.codes[index] = code;
      }
      return true;
    }
    const coded = how === HOW.coded;
    this.cells.push({
      index,
      column: field.column,
      required: spec.required === true,
      how,
      seen: coded ? new StringTable() : null,
      codes: new Int32Array(coded ? 16 : 0),
      recent: coded || how === HOW.location ? new Recent() : null,
    });
    return true;
  }

  /**
   * Adds plain line `line` to the store, read in place (its cells are text[bounds[2c],
   * bounds[2c + 1]) for c < count); false when it must take the general path.
   */
  read(text: string, bounds: Int32Array, count: number, line: number): boolean {
    if (count !== this.width) return false;
    // Each cell's entry is set below; the others hold their constants, or none, for good.
    const codes = this.codes;
    const amounts = this.amountsOf;
    // The sku and location cells are looked up last: a new one is numbered only once nothing
    // else can send the line to the general path (but a missing currency, found per location),
    // as the general path numbers the strings of the rows it takes only.
    let skuStart = 0;
    let skuEnd = 0;
    let location: Cell | null = null;
    let locationStart = 0;
    let locationEnd = 0;
    // An amount that may group thousands (see AmountParser.mayGroup): the row's currency says whether it is ambiguous.
    let grouped = false;
    for (const cell of this.cells) {
      const start = bounds[2 * cell.column]!;
      const end = bounds[2 * cell.column + 1]!;
      if (start === end) {
        if (cell.required) return false;
        if (cell.how === HOW.money) amounts[cell.index] = Number.NaN;
        else codes[cell.index] = 0;
        continue;
      }
      if (isSpace(text.charCodeAt(start)) || isSpace(text.charCodeAt(end - 1))) return false;
      // A key with anything but printable ASCII is read by the row reader (NFC, invisible characters).
      if (cell.how <= HOW.location && !isPlainKey(text, start, end)) return false;
      switch (cell.how) {
        case HOW.sku:
          skuStart = start;
          skuEnd = end;
          break;
        case HOW.location:
          location = cell;
          locationStart = start;
          locationEnd = end;
          break;
        case HOW.money:
          if (!this.parser.parsePlain(text, start, end)) return false;
          amounts[cell.index] = this.parser.value;
          this.written[cell.index] = this.parser.decimals;
          grouped ||= this.parser.mayGroup;
          break;
        default: {
          const code = cell.recent!.find(text, start, end) || this.lookUp(cell, text, start, end);
          if (code === NOT_HERE) return false;
          codes[cell.index] = code;
        }
      }
    }
    // What buildOffer requires of a row, and the currency it gives a row without one.
    if (amounts[PRICE] !== amounts[PRICE] && amounts[SALE_PRICE] !== amounts[SALE_PRICE]) return false;
    // An amount buildOffer refuses below 0 (NaN, none, is not below).
    if (amounts[REFERENCE_PRICE]! < 0 || amounts[LOWEST_PRICE_30D]! < 0 || amounts[UNIT_PRICE]! < 0) return false;
    // buildOffer splits a sale window written in one cell (sale_start, or the one column mapped to
    // both); a row with another end, or a window in sale_end alone, is refused: the record path
    // says why (before any sku or location id is taken for the row).
    const split = this.intervals.size > 0 ? this.intervals.get(codes[SALE_START]!) : undefined;
    const end = codes[SALE_END]!;
    if (end !== 0 && end !== codes[SALE_START] && (split !== undefined || this.intervals.has(end))) return false;
    // A location for a channel that is not located (web at a store) is refused by buildOffer, which says why.
    if ((location !== null || this.constantLocation !== null) && !this.located(codes[CHANNEL]!)) return false;
    const locationId =
      location !== null
        ? location.recent!.find(text, locationStart, locationEnd) || this.lookUp(location, text, locationStart, locationEnd)
        : this.constantLocation === null
          ? 0
          : (this.constantLocationId ||= this.store.locations.id(this.constantLocation, detach));
    const currency = codes[CURRENCY] !== 0 ? codes[CURRENCY]! : this.defaultCurrency(locationId);
    if (currency === NOT_HERE) return false;
    // The currency's minor units, worked out again only where the currency differs from the last row's.
    if (currency !== this.minorOf) {
      this.minorOf = currency;
      this.minor = this.context.minorUnits(this.store.texts.text(currency)!);
    }
    // In a currency without decimals (as the config sets them), buildOffer refuses it as ambiguous.
    if (grouped && this.minor === 0) return false;
    const ids = this.ids;
    ids.sku =
      this.constantSku === null
        ? this.lastSku.idIn(this.store.skus, text, skuStart, skuEnd)
        : (this.constantSkuId ||= this.store.skus.id(this.constantSku, detach));
    ids.channel = codes[CHANNEL]!;
    ids.location = locationId;
    ids.currency = currency;
    ids.saleStart = codes[SALE_START]!;
    ids.saleEnd = codes[SALE_END]!;
    if (split !== undefined) [ids.saleStart, ids.saleEnd] = split;
    const a = this.amounts;
    a.price = amountOrNull(amounts[PRICE]!);
    a.salePrice = amountOrNull(amounts[SALE_PRICE]!);
    a.memberPrice = amountOrNull(amounts[MEMBER_PRICE]!);
    a.priceDecimals = a.price === null ? 0 : finerDecimals(this.written[PRICE]!, this.minor);
    a.salePriceDecimals = a.salePrice === null ? 0 : finerDecimals(this.written[SALE_PRICE]!, this.minor);
    a.memberPriceDecimals = a.memberPrice === null ? 0 : finerDecimals(this.written[MEMBER_PRICE]!, this.minor);
    a.referencePrice = amountOrNull(amounts[REFERENCE_PRICE]!);
    a.lowestPrice30d = amountOrNull(amounts[LOWEST_PRICE_30D]!);
    a.unitPrice = amountOrNull(amounts[UNIT_PRICE]!);
    a.unitPriceDecimals = a.unitPrice === null ? 0 : this.written[UNIT_PRICE]!;
    a.taxIncluded = codes[TAX_INCLUDED] !== TAX_NO;
    this.store.addIds(ids, a, this.feed, line);
    return true;
  }

  /**
   * The code of a location or coded cell not among its recent texts: a location's id, or the
   * code of a coded cell, worked out the first time its text is seen.
   */
  private lookUp(cell: Cell, text: string, start: number, end: number): number {
    if (cell.how === HOW.location) {
      const id = this.store.locations.idIn(text, start, end, detach);
      return cell.recent!.remember(this.store.locations.text(id)!, id);
    }
    const seen = cell.seen!.idIn(text, start, end, detach);
    if (seen >= cell.codes.length) cell.codes = doubled(cell.codes);
    let code = cell.codes[seen]!;
    if (code === 0) {
      const value = this.reader.parseCell(cell.index, cell.seen!.text(seen)!);
      code = cell.codes[seen] = value === undefined ? NOT_HERE : this.codeOf(cell.index, value);
    }
    return cell.recent!.remember(cell.seen!.text(seen)!, code);
  }

  /** The code of field `index` with a value as the row reader gives it (null: none, code 0). */
  private codeOf(index: number, value: FieldValue): number {
    if (value === null) return 0;
    if (index === TAX_INCLUDED) return value === true ? TAX_YES : TAX_NO;
    const texts = this.store.texts;
    const code = texts.id(value as string, detach);
    const interval = index === SALE_START || index === SALE_END ? splitInterval(value as string) : null;
    if (interval !== null) this.intervals.set(code, [texts.id(interval[0], detach), texts.id(interval[1], detach)]);
    return code;
  }

  /** Whether the channel of code `channel` is located, as buildOffer judges it. */
  private located(channel: number): boolean {
    return (this.locatedChannels[channel] ??= isLocated(this.store.texts.text(channel)!, this.context.located));
  }

  /** The currency of a row without one at location id `location`, as buildOffer gives it. */
  private defaultCurrency(location: number): number {
    while (location >= this.defaultCurrencies.length) this.defaultCurrencies = doubled(this.defaultCurrencies);
    let code = this.defaultCurrencies[location]!;
    if (code === 0) {
      const currency = this.context.defaultCurrency(this.store.locations.text(location));
      code = this.defaultCurrencies[location] = currency === null ? NOT_HERE : this.store.texts.id(currency, detach);
    }
    return code;
  }
}

function amountOrNull(amount: number): number | null {
  return amount !== amount ? null : amount;
}

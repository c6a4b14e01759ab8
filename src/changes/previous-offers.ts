import type { Micros } from "../money/amount.js";
import type { Source } from "../model/source.js";

/** One offer of the previous state, as a run takes it: prices and effective price at that state's instant, and where it was. */
export interface PreviousEntry {
  readonly sku: string;
  readonly channel: string;
  /**
   * null: the channel's default for every location. A store: the offer that stood there, its
   * own row, or the channel's default row where a promotion limited to stores made it an offer
   * of that store at another effective price (the one there).
   */
  readonly location: string | null;
  readonly currency: string;
  /**
   * Whether its amounts include tax (`tax_included`): with the currency, what makes them
   * comparable with today's. null: not recorded (a snapshot of version 1, which compared amounts
   * whatever their basis): compared on today's basis, as the version that wrote it did.
   */
  readonly taxIncluded: boolean | null;
  /** The channel's default row again, at a store where a promotion limited to stores made it that store's offer (see location). */
  readonly defaultAtStore?: boolean;
  readonly price: Micros | null;
  readonly salePrice: Micros | null;
  readonly effectivePrice: Micros | null;
  /** The row's file (a feed, or the snapshot) and line. */
  readonly file: string;
  readonly line: number;
}

const TAX_EXCLUDED = 1;
const BASIS_UNKNOWN = 2;
const DEFAULT_AT_STORE = 4;

/** A previous offer read back from {@link PreviousOffers}: one object reused for many reads. */
export class PreviousOffer implements PreviousEntry {
  sku = "";
  channel = "";
  location: string | null = null;
  currency = "";
  taxIncluded: boolean | null = true;
  price: Micros | null = null;
  salePrice: Micros | null = null;
  effectivePrice: Micros | null = null;
  file = "";
  line = 0;

  /** Where the row is: the finding source of "yesterday". */
  source(): Source {
    return { file: this.file, line: this.line };
  }
}

/**
 * The previous state of a run's offers (yesterday's feeds or snapshot), indexed by sku: a sku's
 * rows sit together, in columns of typed arrays (about 40 bytes an offer), so tens of millions
 * of offers fit. Amounts are exact millionths; a missing one is NaN in its column.
 */
export class PreviousOffers {
  /** What the rows came from: `snapshot FILE` or `feeds FOLDER`, for messages. */
  readonly origin: string;
  /** The instant the effective prices were taken at, ISO 8601. */
  readonly at: string;
  /**
   * Whether a default row's effective price is known where it stood at a store: it comes again
   * at each store where a promotion limited to stores gave it another one (see datasetOffers).
   * Not in a snapshot written before it did.
   */
  readonly defaultsAtStores: boolean;
  private readonly skuStart = new Map<string, number>();
  private readonly skuNames: string[] = [];
  private readonly starts: number[] = [];
  private readonly channelIds = new Map<string, number>();
  private readonly channelNames: string[] = [];
  private readonly locationIds = new Map<string, number>([["", 0]]);
  private readonly locationNames: (string | null)[] = [null];
  private readonly currencyIds = new Map<string, number>();
  private readonly currencyNames: string[] = [];
  private readonly fileIds = new Map<string, number>();
  private readonly fileNames: string[] = [];
  private length = 0;
  private capacity = 0;
  private channel = new Uint16Array(0);
  private location = new Int32Array(0);
  private currency = new Uint16Array(0);
  /** Bits: TAX_EXCLUDED, BASIS_UNKNOWN, DEFAULT_AT_STORE. */
  private flags = new Uint8Array(0);
  private price = new Float64Array(0);
  private sale = new Float64Array(0);
  private effective = new Float64Array(0);
  private file = new Uint32Array(0);
  private line = new Int32Array(0);
  private lastSku: string | null = null;
  /**
   * The keys (as `rowsOf`'s) of the rows of the sku being added, once it has ADD_SCAN rows: below
   * that, `add` scans them for a repeat; above, a scan per row would be quadratic in the sku's rows
   * (one sku at tens of thousands of stores).
   */
  private readonly addedKeys = new Set<number>();
  private addedIndexed = false;
  /** The last sku looked up, and its rows by channel and location (see `rowsOf`). */
  private lookedUp: string | null = null;
  private readonly lookedUpRows = new Map<number, number>();

  constructor(origin: string, at: string, defaultsAtStores = true) {
    this.origin = origin;
    this.at = at;
    this.defaultsAtStores = defaultsAtStores;
  }

  /** Offers held. */
  get size(): number {
    return this.length;
  }

  /**
   * Adds an offer; a sku's offers must come together. Returns a problem instead (the offer is
   * not added): its sku came before with others in between, or it repeats an offer.
   */
  add(entry: PreviousEntry): "sku_not_together" | "duplicate" | null {
    this.lookedUp = null;
    if (entry.sku !== this.lastSku) {
      if (this.skuStart.has(entry.sku)) return "sku_not_together";
      this.skuStart.set(entry.sku, this.skuNames.length);
      this.skuNames.push(entry.sku);
      this.starts.push(this.length);
      this.lastSku = entry.sku;
      if (this.addedIndexed) {
        this.addedKeys.clear();
        this.addedIndexed = false;
      }
    }
    const channel = intern(this.channelIds, this.channelNames, entry.channel);
    const location = entry.location === null ? 0 : intern(this.locationIds, this.locationNames, entry.location);
    if (this.repeats(channel, location)) return "duplicate";
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    if (this.addedIndexed) this.addedKeys.add(location * CHANNEL_SPAN + channel);
    this.channel[i] = channel;
    this.location[i] = location;
    this.currency[i] = intern(this.currencyIds, this.currencyNames, entry.currency);
    this.flags[i] =
      (entry.taxIncluded === false ? TAX_EXCLUDED : 0) |
      (entry.taxIncluded === null ? BASIS_UNKNOWN : 0) |
      (entry.defaultAtStore ? DEFAULT_AT_STORE : 0);
    this.price[i] = entry.price ?? Number.NaN;
    this.sale[i] = entry.salePrice ?? Number.NaN;
    this.effective[i] = entry.effectivePrice ?? Number.NaN;
    this.file[i] = intern(this.fileIds, this.fileNames, entry.file);
    this.line[i] = entry.line;
    return null;
  }

  /** The row of the sku's offer in `channel` at `location` (null: its default), or -1. */
  rowOf(sku: string, channel: string, location: string | null): number {
    const channelId = this.channelIds.get(channel);
    const locationId = location === null ? 0 : this.locationIds.get(location);
    if (channelId === undefined || locationId === undefined) return -1;
    return this.rowsOf(sku).get(locationId * CHANNEL_SPAN + channelId) ?? -1;
  }

  /**
   * The sku's rows keyed by location id × 65536 + channel id: built once for the sku the
   * evaluator stands at, which asks for several channels at each of its locations.
   */
  private rowsOf(sku: string): ReadonlyMap<number, number> {
    const rows = this.lookedUpRows;
    if (this.lookedUp === sku) return rows;
    rows.clear();
    this.lookedUp = sku;
    const range = this.rangeOf(sku);
    if (range !== null) for (let i = range[0]; i < range[1]; i++) rows.set(this.location[i]! * CHANNEL_SPAN + this.channel[i]!, i);
    return rows;
  }

  /**
   * The offer that stood for the sku in `channel` at `location`: its own row there, else the
   * channel's default (what stands at every location without one), or -1.
   */
  standingAt(sku: string, channel: string, location: string | null): number {
    const own = this.rowOf(sku, channel, location);
    return own >= 0 || location === null ? own : this.rowOf(sku, channel, null);
  }

  /** Every location some offer had a row of its own at. */
  locations(): string[] {
    return this.locationNames.slice(1) as string[];
  }

  /**
   * The locations where the sku had an offer of its own in `channel`: not its default, nor its
   * default again at a store where a promotion limited to stores made it that store's offer.
   */
  locationsOf(sku: string, channel: string): string[] {
    const channelId = this.channelIds.get(channel);
    const range = this.rangeOf(sku);
    if (channelId === undefined || range === null) return [];
    const out: string[] = [];
    for (let i = range[0]; i < range[1]; i++)
      if (this.channel[i] === channelId && this.location[i] !== 0 && (this.flags[i]! & DEFAULT_AT_STORE) === 0)
        out.push(this.locationNames[this.location[i]!]!);
    return out;
  }

  /** The channels the sku had offers in, each with its first row. */
  channelsOf(sku: string): { channel: string; row: number }[] {
    const range = this.rangeOf(sku);
    if (range === null) return [];
    const out: { channel: string; row: number }[] = [];
    for (let i = range[0]; i < range[1]; i++) {
      const channel = this.channelNames[this.channel[i]!]!;
      if (!out.some((c) => c.channel === channel)) out.push({ channel, row: i });
    }
    return out;
  }

  /** Reads row `row` into `into`. */
  read(row: number, into: PreviousOffer): PreviousOffer {
    const ordinal = this.skuOrdinal(row);
    into.sku = this.skuNames[ordinal]!;
    into.channel = this.channelNames[this.channel[row]!]!;
    into.location = this.locationNames[this.location[row]!]!;
    into.currency = this.currencyNames[this.currency[row]!]!;
    const flags = this.flags[row]!;
    into.taxIncluded = flags & BASIS_UNKNOWN ? null : (flags & TAX_EXCLUDED) === 0;
    into.price = amount(this.price[row]!);
    into.salePrice = amount(this.sale[row]!);
    into.effectivePrice = amount(this.effective[row]!);
    into.file = this.fileNames[this.file[row]!]!;
    into.line = this.line[row]!;
    return into;
  }

  private rangeOf(sku: string): [number, number] | null {
    const ordinal = this.skuStart.get(sku);
    if (ordinal === undefined) return null;
    return [this.starts[ordinal]!, ordinal + 1 < this.starts.length ? this.starts[ordinal + 1]! : this.length];
  }

  /** Whether the sku being added has a row in `channel` at `location` already. */
  private repeats(channel: number, location: number): boolean {
    const from = this.starts[this.starts.length - 1]!;
    if (!this.addedIndexed) {
      if (this.length - from < ADD_SCAN) {
        for (let i = from; i < this.length; i++) if (this.channel[i] === channel && this.location[i] === location) return true;
        return false;
      }
      for (let i = from; i < this.length; i++) this.addedKeys.add(this.location[i]! * CHANNEL_SPAN + this.channel[i]!);
      this.addedIndexed = true;
    }
    return this.addedKeys.has(location * CHANNEL_SPAN + channel);
  }

  /** The ordinal of the sku that row `row` belongs to (binary search over the skus' first rows). */
  private skuOrdinal(row: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private grow(): void {
    const capacity = Math.max(1024, this.capacity * 2);
    this.channel = extend(this.channel, new Uint16Array(capacity));
    this.location = extend(this.location, new Int32Array(capacity));
    this.currency = extend(this.currency, new Uint16Array(capacity));
    this.flags = extend(this.flags, new Uint8Array(capacity));
    this.price = extend(this.price, new Float64Array(capacity));
    this.sale = extend(this.sale, new Float64Array(capacity));
    this.effective = extend(this.effective, new Float64Array(capacity));
    this.file = extend(this.file, new Uint32Array(capacity));
    this.line = extend(this.line, new Int32Array(capacity));
    this.capacity = capacity;
  }
}

/** Channel ids are below this (a Uint16Array column). */
const CHANNEL_SPAN = 65536;
/** The rows of one sku up to which `add` scans them for a repeat, rather than keeping a set of their keys. */
const ADD_SCAN = 32;

function intern(ids: Map<string, number>, names: (string | null)[], text: string): number {
  let id = ids.get(text);
  if (id === undefined) {
    id = names.length;
    ids.set(text, id);
    names.push(text);
  }
  return id;
}

function extend<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function amount(value: number): Micros | null {
  return Number.isNaN(value) ? null : value;
}

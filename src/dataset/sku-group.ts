import type { Instant } from "../time/instant.js";
import { RowCursor, type OfferStore } from "./offer-store.js";

/** One channel's offers of a sku: its default row and its rows per location (offer store rows). */
export class ChannelGroup {
  channel = "";
  /** The channel's id in the store's `texts` (0: not yet grouped). */
  channelId = 0;
  /** The default row, -1 when the channel has none. */
  fallback = -1;
  /** Location ids with a row of their own, in file order. */
  readonly locations: number[] = [];
  /** The row at each location id, -1 where none: set only at `locations`. */
  private readonly at: Int32Array;

  constructor(locationIds: number) {
    this.at = new Int32Array(locationIds).fill(-1);
  }

  /** The row that stands at a location (0: none): its own there, else the default; -1 if neither. */
  offerAt(location: number): number {
    if (location === 0) return this.fallback;
    const own = this.at[location]!;
    return own >= 0 ? own : this.fallback;
  }

  /** The channel's own row at a location id (not its default). */
  ownAt(location: number): number {
    return this.at[location]!;
  }

  add(row: number, location: number): void {
    if (location === 0) this.fallback = row;
    else {
      this.at[location] = row;
      this.locations.push(location);
    }
  }

  clear(): void {
    for (const location of this.locations) this.at[location] = -1;
    this.locations.length = 0;
    this.fallback = -1;
  }
}

/**
 * A sku's offers grouped by channel, then location: what every scope reads. One group is filled
 * for one sku at a time from the indexed store and reused for the next, so grouping allocates
 * nothing per sku. Duplicate rows are left out (they are sources of the first), and so are rows
 * not in force at the instant (see OfferStore.inForce).
 */
export class SkuGroup {
  skuId = 0;
  readonly channels: ChannelGroup[] = [];
  private readonly spare: ChannelGroup[] = [];
  private readonly cursor = new RowCursor();
  private readonly rows: number[] = [];

  constructor(private readonly store: OfferStore) {}

  /** Groups the rows of sku id `skuId` in force at `at`. */
  fill(skuId: number, at: Instant): this {
    const store = this.store;
    for (const channel of this.channels) {
      channel.clear();
      this.spare.push(channel);
    }
    this.channels.length = 0;
    this.skuId = skuId;
    // The rows in force are the offers then, each standing for the others of its offer in force with it.
    if (store.hasSchedules && store.inForce(skuId, at, this.rows)) {
      for (const row of this.rows) this.place(row);
      return this;
    }
    const cursor = store.rowsOf(skuId, this.cursor);
    while (store.nextStretch(cursor))
      for (let i = cursor.from; i < cursor.to; i++) {
        const row = store.rowAt(i);
        if (!store.isDuplicate(row)) this.place(row);
      }
    return this;
  }

  private place(row: number): void {
    const store = this.store;
    // By the channel's id: one per distinct text, so the same group as by its text, without reading it.
    const channelId = store.channelId(row);
    let group: ChannelGroup | undefined;
    for (const c of this.channels) if (c.channelId === channelId) group = c;
    if (!group) {
      group = this.spare.pop() ?? new ChannelGroup(store.locations.size);
      group.channel = store.texts.text(channelId)!;
      group.channelId = channelId;
      this.channels.push(group);
    }
    group.add(row, store.locationId(row));
  }
}

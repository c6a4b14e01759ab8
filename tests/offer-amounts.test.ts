/**
 * Every optional amount of a price row (model/offer.ts, OFFER_AMOUNTS) goes through both
 * loaders — in place (feeds/price-line.ts, written out field by field) and as records
 * (feeds/entities.ts) — and through the offer store (also written out) to the offer read back.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/check.js";
import { channelRegistry } from "../src/config/channels.js";
import { parseAmount } from "../src/money/amount.js";
import { OFFER_AMOUNTS, OfferRecord, type OptionalAmount } from "../src/model/offer.js";
import { loadDataset } from "../src/pipeline/load-dataset.js";

const FIELDS = Object.entries(OFFER_AMOUNTS) as [OptionalAmount, string][];
/** A distinct amount per field: 1.01, 1.02, … */
const valueOf = (k: number) => `1.0${k + 1}`;

async function offerOf(dir: string, file: string, inPlace: boolean): Promise<OfferRecord> {
  writeFileSync(join(dir, "pricelint.config.json"), JSON.stringify({ currency: "EUR", feeds: [{ kind: "prices", path: file }] }));
  const { config, baseDir } = await loadConfig(join(dir, "pricelint.config.json"));
  const { dataset, loaded } = await loadDataset(config, baseDir, { channels: new Set(channelRegistry(undefined).keys()), inPlace });
  expect(loaded[0]!.rows).toMatchObject({ read: 1, accepted: 1, rejected: 0 });
  const store = dataset.offers;
  store.index();
  return store.read(0, new OfferRecord());
}

describe("the optional amounts of a price row", () => {
  it("are each read in place, as records and from JSON, and kept by the store", async () => {
    expect(FIELDS.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), "pricelint-amounts-"));
    const header = ["sku", "channel", "price", ...FIELDS.map(([, name]) => name)];
    const cells = ["A1", "web", "2.00", ...FIELDS.map((_, k) => valueOf(k))];
    writeFileSync(join(dir, "p.csv"), `${header.join(",")}\n${cells.join(",")}\n`);
    writeFileSync(join(dir, "p.json"), JSON.stringify([Object.fromEntries(header.map((h, i) => [h, cells[i]]))]));
    const offers = [await offerOf(dir, "p.csv", true), await offerOf(dir, "p.csv", false), await offerOf(dir, "p.json", true)];
    for (const offer of offers) {
      for (const [k, [field]] of FIELDS.entries()) expect([field, offer[field]]).toStrictEqual([field, parseAmount(valueOf(k))]);
    }
  });
});

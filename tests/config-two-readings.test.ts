/**
 * Input that pricelint could read two ways is refused, or read the one way the docs say, never
 * settled by the order of columns or keys: a header name written in NFC and in NFD, a value map
 * at one level over a constant at the other, an `ignoreColumns` entry spelt in another case or
 * naming no column, a mapping shared with a profile's, a channel inheriting its own price, and a
 * `timezone` column in a feed whose rows take no zone.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";
import { check, loadConfig, type PricelintError, type Report } from "../src/index.js";
import { failure } from "./helpers/failure.js";

/** `unità` with its last letter as one code point (NFC), and as `a` + U+0300 COMBINING GRAVE ACCENT (NFD). */
const NFC = "prezzo unit\u00e0";
const NFD = "prezzo unita\u0300";

/** Checks one prices feed, `file` holding `text`, with `feed`'s settings and the rule that fires on a sale price not below the price. */
async function run(file: string, text: string, feed: Record<string, unknown> = {}): Promise<Report> {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-two-readings-"));
  writeFileSync(join(dir, file), text);
  const config = { currency: "EUR", feeds: [{ kind: "prices", path: file, ...feed }], rules: ["price/sale-not-below-regular"] };
  writeFileSync(join(dir, "c.json"), JSON.stringify(config));
  return check(await loadConfig(join(dir, "c.json")), { at: new Date("2026-11-20T12:00:00Z") });
}

/** The issues validateConfig finds in `config`, as `path: message`. */
function issues(config: Record<string, unknown>): string[] {
  try {
    validateConfig({ currency: "EUR", ...config }, "c.json");
    return [];
  } catch (error) {
    return (error as PricelintError).issues.map((i) => `${i.path}: ${i.message}`);
  }
}

const rules = (report: Report) => report.findings.map((f) => f.rule);

describe("header names that are one name in NFC", () => {
  it("F35 two header names written one in NFC, one in NFD: exit 2, whichever comes first", async () => {
    expect(NFC).not.toBe(NFD);
    expect(NFC.normalize("NFC")).toBe(NFD.normalize("NFC"));
    for (const header of [`sku,channel,${NFC},${NFD}`, `sku,channel,${NFD},${NFC}`]) {
      const error = await failure(run("p.csv", `${header}\nA,web,12.00,10.00\n`, { columns: { price: NFC } }));
      expect([error.code, error.message]).toStrictEqual([
        "config",
        `p.csv: columns 3 and 4 of the header are one name, "${NFC}", written two ways (NFC): rename one`,
      ]);
    }
    // The same text twice is still F06.
    const same = await failure(run("p.csv", "sku,channel,price,price\nA,web,12.00,10.00\n"));
    expect(same.message).toBe(
      'p.csv: column "price" appears more than once in the header (columns 3 and 4): rename one, or map the field to the one meant',
    );
  });

  it("J25 a JSON key given twice in one object, in NFC and in NFD: the row is rejected as duplicate_field; across rows, one column", async () => {
    const rows = [
      `{"sku":"A","channel":"web","${NFC}":"12.00","${NFD}":"10.00"}`,
      `{"sku":"B","channel":"web","${NFD}":"10.00"}`,
      `{"sku":"C","channel":"web","${NFC}":"9.00"}`,
    ];
    const report = await run("p.jsonl", rows.join("\n") + "\n", { columns: { price: NFC } });
    // Row 1 names the price twice; rows 2 and 3 each once, in either form: both are read.
    expect(report.summary.rows).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    expect(report.findings.map((f) => [f.rule, f.values["code"], f.message])).toStrictEqual([
      [
        "feed/invalid-row",
        "duplicate_field",
        `p.jsonl:1:3 (${NFC}): keys "${NFC}" and "${NFD}" are one name written two ways (NFC) in the object (first "12.00", then "10.00"): give it once`,
      ],
    ]);
  });
});

describe("a value map and a constant at two levels of a feed", () => {
  const shelf = (feed: Record<string, unknown>) => ({
    feeds: [{ path: "shelf.csv", ...feed }],
  });

  it("C44 a value map at the top level over a view's constant, or the other way round: exit 2, as within one level", () => {
    expect(
      issues(
        shelf({
          values: { channel: { store: "click_collect" } },
          views: [{ kind: "prices", constants: { channel: "store" } }, { kind: "inventory" }],
        }),
      ),
    ).toStrictEqual([
      "feeds[0].values.channel: channel is set as a constant in the prices view and has a value map at the feed's top level: would the map apply to the constant? Give the constant as the value it stands for, and drop the map (or give it in the views that read the field from a column)",
    ]);
    expect(
      issues(
        shelf({
          constants: { location: "MI01" },
          views: [{ kind: "prices", values: { location: { MI01: "TO01" } } }, { kind: "inventory" }],
        }),
      ),
    ).toStrictEqual([
      "feeds[0].views[0].values.location: location is set as a constant at the feed's top level and has a value map in the prices view: would the map apply to the constant? Give the constant as the value it stands for, and drop the map (or give it in the views that read the field from a column)",
    ]);
    // Both at the top level of a feed with views, as C36 says within one level.
    expect(
      issues(
        shelf({
          constants: { channel: "store" },
          values: { channel: { store: "click_collect" } },
          views: [{ kind: "prices" }, { kind: "inventory" }],
        }),
      ),
    ).toStrictEqual([
      "feeds[0].values.channel: channel is set as a constant and has a value map: would the map apply to the constant? Give the constant as the value it stands for, and drop the map",
    ]);
    // One view's map and another view's constant never meet.
    expect(
      issues(
        shelf({
          views: [
            { kind: "prices", constants: { location: "MI01" } },
            { kind: "inventory", values: { location: { MI01: "TO01" } } },
          ],
        }),
      ),
    ).toStrictEqual([]);
  });
});

describe("ignoreColumns", () => {
  const csv = "sku,channel,price,sale_price\nA,web,10.00,10.00\n";
  const jsonl = '{"sku":"A","channel":"web","price":"10.00","sale_price":"10.00"}\n';

  it("C45 an entry matches its column as a mapping does (in NFC, ignoring case); one naming no column but spelt near one is exit 2", async () => {
    // Read, the sale price equal to the price fires the rule; left unread, nothing does.
    expect(rules(await run("p.csv", csv))).toStrictEqual(["price/sale-not-below-regular"]);
    for (const entry of ["sale_price", "Sale_Price", "SALE_PRICE"]) {
      expect([entry, rules(await run("p.csv", csv, { ignoreColumns: [entry] }))]).toStrictEqual([entry, []]);
      expect([entry, rules(await run("p.jsonl", jsonl, { ignoreColumns: [entry] }))]).toStrictEqual([entry, []]);
    }
    // A header in NFD, the entry in NFC: one name.
    const accented = await run("p.csv", `sku,channel,price,${NFD}\nA,web,10.00,x\n`, { ignoreColumns: [NFC] });
    expect(rules(accented)).toStrictEqual([]);
    // A typo would leave the column meant read: refused, naming it.
    for (const typo of ["sale_prize", "sale-price", "sale price"]) {
      const csvTypo = await failure(run("p.csv", csv, { ignoreColumns: ["notes", typo] }));
      expect([csvTypo.code, csvTypo.message]).toStrictEqual([
        "config",
        `p.csv: column "${typo}" (listed in ignoreColumns) is not in the header: did you mean "sale_price"? As written, the entry leaves no column unread`,
      ]);
      const jsonTypo = await failure(run("p.jsonl", jsonl, { ignoreColumns: [typo] }));
      expect([jsonTypo.code, jsonTypo.message]).toStrictEqual([
        "config",
        `p.jsonl: column "${typo}" (listed in ignoreColumns) is in no record of the file: did you mean "sale_price"? As written, the entry leaves no column unread`,
      ]);
    }
    // An entry near no column leaves nothing read that was meant not to be: a pattern's files may differ in columns.
    expect(rules(await run("p.csv", csv, { ignoreColumns: ["notes"] }))).toStrictEqual(["price/sale-not-below-regular"]);
    expect(rules(await run("p.jsonl", jsonl, { ignoreColumns: ["notes"] }))).toStrictEqual(["price/sale-not-below-regular"]);
  });

  it("a constant over a column listed in another case is the constant, as when listed as written", async () => {
    const report = await run("p.csv", "sku,channel,price\nA,app,2.00\n", { constants: { channel: "web" }, ignoreColumns: ["CHANNEL"] });
    expect(report.summary.rows).toMatchObject({ read: 1, accepted: 1 });
    expect(rules(report)).toStrictEqual([]);
  });
});

describe("a mapping under a profile", () => {
  it("C46 the config maps a field to the column the profile maps another field to: the message says which mapping is whose", () => {
    expect(issues({ feeds: [{ profile: "google-local-inventory", path: "local.tsv", columns: { sale_price: "price" } }] })).toStrictEqual([
      `feeds[0].columns: column "price" is mapped to price and sale_price (prices): a column gives one field (only a window's ends may share one, sale_start and sale_end or a promotion's start and end; or size and size_unit, a measure); the google-local-inventory profile maps price to it, the config sale_price: a profile's mapping gives way only where the config maps that field, so map price to another column too, or set it under "constants"`,
    ]);
    // Without a profile, the config maps both, and the message is as before.
    expect(issues({ feeds: [{ kind: "prices", path: "p.csv", columns: { price: "amount", sale_price: "amount" } }] })).toStrictEqual([
      `feeds[0].columns: column "amount" is mapped to price and sale_price: a column gives one field (only a window's ends may share one, sale_start and sale_end or a promotion's start and end; or size and size_unit, a measure)`,
    ]);
  });
});

describe("inheritFrom", () => {
  it("C47 inheritFrom naming the feed's own channel, one that is not located: exit 2", () => {
    expect(issues({ feeds: [{ kind: "prices", path: "web.csv", constants: { channel: "web" }, inheritFrom: "web" }] })).toStrictEqual([
      "feeds[0].inheritFrom: inheritFrom names web, the channel of this feed's own rows: a web row without a price would take it from the web row of the same sku, which gives the very offer the row gives (web is not located); name the channel whose prices these rows take, or drop inheritFrom",
    ]);
    // Offers naming it are the feed's own rows too.
    expect(
      issues({ feeds: [{ kind: "prices", path: "p.csv", offers: [{ channel: "app" }, { channel: "web" }], inheritFrom: "app" }] }),
    ).toHaveLength(1);
    // A located channel's rows may take the price of its row without a location (a chain's national price).
    expect(issues({ feeds: [{ kind: "prices", path: "s.csv", constants: { channel: "store" }, inheritFrom: "store" }] })).toStrictEqual([]);
    expect(issues({ feeds: [{ kind: "prices", path: "s.csv", constants: { channel: "store" }, inheritFrom: "web" }] })).toStrictEqual([]);
  });
});

describe("a row zone column in a feed whose rows take none", () => {
  const text = "sku,channel,price,sale_price,sale_start,sale_end,timezone\nA,web,10.00,8.00,2026-11-20,2026-11-25,America/New_York\n";

  it("C48 a timezone column in a prices feed: exit 2 unless listed in ignoreColumns", async () => {
    const error = await failure(run("p.csv", text));
    expect([error.code, error.message]).toStrictEqual([
      "config",
      'p.csv: column "timezone" gives each row a time zone, which prices rows do not take: their times without an offset are read in the feed\'s "timezone", else their store\'s, else the config\'s, whatever the column says; write the offset into the times or set the feed\'s "timezone", or list "timezone" in "ignoreColumns" if the column is not meant',
    ]);
    // Its synonyms too, and in JSON.
    await expect(run("p.csv", text.replace(",timezone\n", ",TZ\n"))).rejects.toThrow('p.csv: column "TZ" gives each row a time zone');
    const json = '{"sku":"A","channel":"web","price":"10.00","sale_start":"2026-11-20","tz":"America/New_York"}\n';
    await expect(run("p.jsonl", json)).rejects.toThrow('p.jsonl: column "tz" gives each row a time zone');
    const ignored = await run("p.csv", text, { ignoreColumns: ["timezone"] });
    expect(ignored.summary.rows).toMatchObject({ read: 1, accepted: 1 });
    // No time read from a column: the zone misleads nothing (a store's export that carries its zone).
    const timeless = await run("p.csv", "sku,channel,location,price,timezone\nA,store,NY1,10.00,America/New_York\n");
    expect(timeless.summary.rows).toMatchObject({ read: 1, accepted: 1 });
    // A time given as a constant is read in a zone too, which the column may contradict.
    const constant = "sku,channel,price,timezone\nA,web,1.00,America/New_York\n";
    await expect(run("p.csv", constant, { constants: { valid_from: "2026-06-10T00:00" } })).rejects.toThrow(
      'p.csv: column "timezone" gives each row a time zone',
    );
  });

  it("F36 a field's name beside another spelling of it (sale_price and salePrice) could be either: exit 2, unless one is mapped or ignored", async () => {
    const text = "sku,channel,price,sale_price,salePrice\nA,web,10.00,10.00,8.00\n";
    const error = await failure(run("p.csv", text));
    expect([error.code, error.message]).toStrictEqual([
      "config",
      'p.csv: columns "sale_price" and "salePrice" could each be sale_price: map the one meant in "columns"',
    ]);
    // Keys that differ from row to row, in memory: the same two spellings of one field.
    const memory = check(
      {
        currency: "EUR",
        feeds: {
          prices: [
            { sku: "A", channel: "web", price: "10.00", salePrice: "10.00" },
            { sku: "B", channel: "web", price: "10.00", sale_price: "12.00" },
          ],
        },
        rules: [],
      } as never,
      { at: new Date("2026-11-20T12:00:00Z") },
    );
    await expect(memory).rejects.toThrow('columns "sale_price" and "salePrice" could each be sale_price');
    // Said which: mapped, or the other left unread. A sale price equal to the price fires sale-not-below-regular.
    const mapped = await run("p.csv", text, { columns: { sale_price: "sale_price" } });
    expect(mapped.findings.map((f) => f.rule)).toContain("price/sale-not-below-regular");
    const ignored = await run("p.csv", text, { ignoreColumns: ["salePrice"] });
    expect(ignored.findings.map((f) => f.rule)).toContain("price/sale-not-below-regular");
  });

  it("F37 under a Google profile, an attribute spelt two ways (sale_price and Sale Price, an item's <g:Sale_Price>) could be either: exit 2", async () => {
    // A2's 3.00 in the second spelling was dropped with a warning, and its 92.5 % discount never judged.
    const profiled = async (file: string, text: string, feed: Record<string, unknown> = {}) => {
      const dir = mkdtempSync(join(tmpdir(), "pricelint-two-readings-"));
      writeFileSync(join(dir, file), text);
      const config = { currency: "USD", feeds: [{ profile: "google-products", path: file, ...feed }], rules: ["price/excessive-discount"] };
      writeFileSync(join(dir, "c.json"), JSON.stringify(config));
      return check(await loadConfig(join(dir, "c.json")), { at: new Date("2026-11-20T12:00:00Z") });
    };
    const tsv = "id\tprice\tsale_price\tsale price\nA1\t30.00 USD\t25.00 USD\t\nA2\t40.00 USD\t\t3.00 USD\n";
    const error = await failure(profiled("p.tsv", tsv));
    expect([error.code, error.message]).toStrictEqual([
      "config",
      'p.tsv: columns "sale_price" and "sale price" could each be sale_price: map the one meant in "columns"',
    ]);
    const xml =
      '<?xml version="1.0"?><rss xmlns:g="http://base.google.com/ns/1.0"><channel>\n' +
      "<item><g:id>A1</g:id><g:price>30.00 USD</g:price><g:sale_price>25.00 USD</g:sale_price></item>\n" +
      "<item><g:id>A2</g:id><g:price>40.00 USD</g:price><g:Sale_Price>3.00 USD</g:Sale_Price></item>\n</channel></rss>\n";
    await expect(profiled("p.xml", xml)).rejects.toThrow('columns "sale_price" and "Sale_Price" could each be sale_price');
    // Mapped by the config, the column is the user's choice: the other is left unread, with a warning.
    const mapped = await profiled("p.tsv", tsv, { columns: { sale_price: "sale price" } });
    expect(mapped.findings.map((f) => [f.rule, f.sku])).toContainEqual(["price/excessive-discount", "A2"]);
  });

  it("a stores feed reads its timezone column", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pricelint-two-readings-"));
    writeFileSync(join(dir, "s.csv"), "location,timezone\nNY1,America/New_York\n");
    const config = { currency: "USD", feeds: [{ kind: "stores", path: "s.csv" }], rules: [] };
    writeFileSync(join(dir, "c.json"), JSON.stringify(config));
    const report = await check(await loadConfig(join(dir, "c.json")), { at: new Date("2026-11-20T12:00:00Z") });
    expect(report.summary.rows).toMatchObject({ read: 1, accepted: 1 });
  });
});

/**
 * What `init --from` is not sure of is a TODO that says what it could not decide, never a silent
 * guess: a sale price whose window it cannot name, a name that means different things in
 * different languages or exports, two columns or two kinds that fit alike. The expected remarks
 * and findings below were worked out from the files' contents and from how a sale price applies
 * (inside its window; always when it has none), not taken from a run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as toYaml } from "yaml";
import { starterConfig, type Starter } from "../src/setup/starter.js";
import { runCli } from "./helpers/run-cli.js";

/** Writes files into a new folder; returns the folder. */
function folder(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), "pricelint-init-doubts-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function starter(...files: string[]): Promise<Starter> {
  return starterConfig(files.map((file) => ({ file, path: basename(file) })));
}

/** One feed's draft and what was made of it. */
async function feedOf(dir: string, name: string) {
  const { feeds, draft } = await starter(join(dir, name));
  return { feed: feeds[0]!, draft: draft.feeds[0]! };
}

type Config = { timezone: string; feeds: { path: string; columns?: Record<string, string>; ignoreColumns?: string[] }[] };

/** Runs `init --from` into `dir`'s config.yaml and returns the config it wrote. */
async function init(dir: string, ...files: string[]): Promise<{ path: string; config: Config; text: string; stdout: string }> {
  const path = join(dir, "config.yaml");
  const { code, stdout, stderr } = await runCli(["init", "--from", ...files.map((f) => join(dir, f)), "--out", path]);
  expect(code, stderr).toBe(0);
  const text = readFileSync(path, "utf8");
  return { path, config: parseYaml(text) as Config, text, stdout };
}

/** The JSON report check writes for a config at an instant. */
function reportPath(config: string, at: string): string {
  return `${config}.${at.replace(/\W/g, "")}.json`;
}

/** Runs check on a config at an instant; returns the exit code and each finding as `rule sku`. */
async function findings(config: string, at: string): Promise<{ code: number; found: string[] }> {
  const out = reportPath(config, at);
  const { code, stderr } = await runCli(["check", "--config", config, "--at", at, "--no-progress", "--format", `json:${out}`]);
  expect(stderr).toBe("");
  const report = JSON.parse(readFileSync(out, "utf8")) as { findings: { rule: string; sku: string | null }[] };
  return { code, found: report.findings.map((f) => `${f.rule} ${f.sku ?? "-"}`).sort() };
}

/** Rewrites a config as a user who did what a TODO said. */
function edit(path: string, change: (config: Config) => void): void {
  const config = parseYaml(readFileSync(path, "utf8")) as Config;
  change(config);
  writeFileSync(path, toYaml(config));
}

/** Two weekly promotions, in Italian, with their dates day-first (the hunt's offerte.csv). */
const OFFERTE = [
  "codice articolo;descrizione;prezzo;prezzo promo;data inizio;data fine",
  "A1;Pasta;1,20;0,99;01/03/2026;07/03/2026",
  "A2;Olio;7,90;6,50;01/04/2026;15/04/2026",
  "",
].join("\n");

describe("a sale price init maps without its window", () => {
  it("is a TODO naming the date columns it left out, whose mapping, done, ends the sale when its dates say", async () => {
    const dir = folder({ "offerte.csv": OFFERTE, "app.csv": "sku,price\nA1,1.20\nA2,7.90\n" });
    const { path, config, text } = await init(dir, "offerte.csv", "app.csv");
    expect(text).toContain(
      '    # TODO sale_price ("prezzo promo") is read without its window: no column is known as sale_start or sale_end, so check takes it as in force at every instant. Date columns left unmapped: "data inizio", "data fine": if they are sale_start and sale_end, map them (columns: { sale_start: "data inizio", sale_end: "data fine" })\n',
    );
    expect(config.feeds[0]!.columns).toStrictEqual({ sku: "codice articolo", price: "prezzo", sale_price: "prezzo promo" });
    edit(path, (c) => Object.assign(c.feeds[0]!.columns!, { sale_start: "data inizio", sale_end: "data fine" }));
    // 3 March: A1's promotion (1–7 March) is on, the web sells it at 0.99 and the app at 1.20; A2's starts in April.
    expect(await findings(path, "2026-03-03T12:00:00Z")).toStrictEqual({ code: 0, found: ["channel/app-differs-from-web A1"] });
    // 20 May: both promotions are over, so the web's prices are the app's; the feed still holds
    // the two sale prices whose windows ended (price/stale-sale, a warning).
    expect(await findings(path, "2026-05-20T12:00:00Z")).toStrictEqual({
      code: 0,
      found: ["price/stale-sale A1", "price/stale-sale A2"],
    });
  });

  it.each([
    [
      "English start date / end date",
      "sku,price,promo_price,start date,end date\nA1,10.00,8.00,2026-03-01,2026-03-07\n",
      "promo_price",
      '"start date", "end date"',
    ],
    ["plain start / end", "promo_id,sku,promo price,start,end\nP1,A1,0.99,2026-03-01,2026-03-07\n", "promo price", '"start", "end"'],
    // No name tells these are dates: their cells do.
    [
      "columns known by their cells alone",
      "sku,price,sale_price,dal,al\nA1,10.00,8.00,2026-03-01,2026-03-07\n",
      "sale_price",
      '"dal", "al"',
    ],
  ])("names the date columns: %s", async (_, content, sale, dated) => {
    const dir = folder({ "prices.csv": content });
    const { draft } = await feedOf(dir, "prices.csv");
    const todo = draft.after.find((a) => a.startsWith(`TODO sale_price (${JSON.stringify(sale)}) is read without its window`));
    expect(todo).toContain(`Date columns left unmapped: ${dated}: if they are sale_start and sale_end, map them`);
  });

  it("U26 names date columns known by their cells alone, written day or month first, no dateFormat yet guessed", async () => {
    for (const [content, dated] of [
      ["Artikelnummer;Preis;Aktionspreis;Aktion von;Aktion bis\n1;10,00;8,00;05.03.2026;13.03.2026\n", '"Aktion von", "Aktion bis"'],
      ["sku,price,sale_price,dal,al\nA1,10.00,8.00,05/03/2026 08:00,13/03/2026 20:00\n", '"dal", "al"'],
      ["sku,price,sale_price,dal,al\nA1,10.00,8.00,2026/03/05,2026/03/13\n", '"dal", "al"'],
    ] as const) {
      const { draft } = await feedOf(folder({ "prices.csv": content }), "prices.csv");
      const todo = draft.after.find((a) => a.includes("is read without its window"));
      expect(todo, content).toContain(`Date columns left unmapped: ${dated}: if they are sale_start and sale_end, map them`);
    }
  });

  it("names the end a sale lacks when it has a start; says nothing of a window when the file holds no dates", async () => {
    const dir = folder({ "prices.csv": "sku,price,sale_price,sale_start,end date\nA1,10.00,8.00,2026-03-01,2026-03-07\n" });
    const { draft } = await feedOf(dir, "prices.csv");
    expect(draft.after).toContain(
      'TODO the sale is read without sale_end: no column is known as it, so the sale never ends. Date columns left unmapped: "end date": if it is sale_end, map it (columns: { sale_end: "end date" })',
    );
    // A sale price with no window is in force always (Google's, with no sale_price_effective_date).
    const undated = folder({ "web.csv": "id,title,price,sale_price,updated by\nP1,Pasta,1.29,0.99,anna\n" });
    expect((await feedOf(undated, "web.csv")).draft.after.filter((a) => a.includes("sale_start"))).toStrictEqual([]);
  });
});

describe("a name that means the field in some feeds only", () => {
  it("leaves Croatian PDV (VAT) out, under ignoreColumns, and check reads the file without a location or a warning", async () => {
    const dir = folder({ "cijene.csv": "Šifra;Naziv;MPC;PDV;Akcijska cijena\n1001;Mlijeko;1,29;25;0,99\n1002;Kruh;0,89;5;\n" });
    const { feed, draft } = await feedOf(dir, "cijene.csv");
    expect(feed.columns).toStrictEqual({ sku: "Šifra", price: "MPC", sale_price: "Akcijska cijena" });
    expect(feed.constants).toStrictEqual({ channel: "web" });
    expect(draft.ignore).toStrictEqual([
      {
        key: "PDV",
        value: "PDV",
        note: "VAT (Croatian, Serbian and Bosnian porez na dodanu vrijednost), not location: the Croatian headers say so",
      },
    ]);
    const { path, config, stdout } = await init(dir, "cijene.csv");
    expect(config.feeds[0]!.ignoreColumns).toStrictEqual(["PDV"]);
    expect(stdout.split("\n")[1]).toBe(
      `  ${join(dir, "cijene.csv")}: prices; sku ← Šifra, price ← MPC, sale_price ← Akcijska cijena, channel = web; left out: PDV`,
    );
    expect(await findings(path, "2026-03-03T12:00:00Z")).toStrictEqual({ code: 0, found: [] });
  });

  it("takes PDV for the point of sale beside Italian headers, saying why", async () => {
    const dir = folder({ "listino.csv": "codice articolo;PDV;prezzo\nA1;MI01;1,20\n" });
    const { feed, draft } = await feedOf(dir, "listino.csv");
    expect(feed.columns["location"]).toBe("PDV");
    expect(draft.columns.find((c) => c.key === "location")?.note).toBe(
      "the point of sale (Italian punto vendita, Spanish punto de venta, French point de vente): the Italian headers say so; elsewhere it may be VAT (Croatian, Serbian and Bosnian porez na dodanu vrijednost)",
    );
  });

  it.each([
    ["no language", "sku,pdv,price\nA1,MI01,1.20\n", "pdv", "the headers do not tell which"],
    ["Italian and Croatian both", "codice articolo;PDV;cijena\nA1;MI01;1,20\n", "PDV", "the headers point both ways"],
  ])("leaves PDV out with a TODO when the headers do not settle it: %s", async (_, content, name, why) => {
    const dir = folder({ "prices.csv": content });
    const { feed, draft } = await feedOf(dir, "prices.csv");
    expect(feed.columns["location"]).toBeUndefined();
    expect(draft.ignore).toBeUndefined();
    expect(draft.after).toContain(
      `TODO unmapped: "${name}" may be location, the point of sale (Italian punto vendita, Spanish punto de venta, French point de vente), or VAT (Croatian, Serbian and Bosnian porez na dodanu vrijednost), and ${why}: if it is the location, map it (columns: { location: "${name}" }), else list it under ignoreColumns`,
    );
  });

  it("takes Konzum's English AnchorPrice as reference_price only with a TODO that says it may be the price-cap anchor", async () => {
    const { draft } = await starter("fixtures/hr-konzum/konzum_store0204_2025-07-03_excerpt.csv");
    expect(draft.feeds[0]!.columns.find((c) => c.key === "reference_price")).toStrictEqual({
      key: "reference_price",
      value: "AnchorPrice",
      note: "TODO taken as reference_price (the price before a reduction, which the omnibus rules compare the sale with), but it may be the price on 2 May 2025 that Croatia's price caps refer to (Konzum's AnchorPrice, sidrena cijena), and the headers do not tell which: if it is, remove it from columns and list it under ignoreColumns",
    });
  });

  it("leaves the Croatian sidrena cijena out beside Croatian headers: no announced reduction, no Omnibus finding from it", async () => {
    // 1001 is on sale at 1.49 with an anchor price of 1.79: read as a reference price, its sale
    // would be an announced reduction with no history to judge it by (omnibus/insufficient-history).
    const header =
      "ŠIFRA PROIZVODA,NAZIV PROIZVODA,MPC,MPC ZA VRIJEME POSEBNOG OBLIKA PRODAJE,NAJNIŽA CIJENA U POSLJEDNJIH 30 DANA,SIDRENA CIJENA NA 2.5.2025";
    const dir = folder({ "konzum.csv": `${header}\n1001,Mlijeko,1.99,1.49,1.89,1.79\n1002,Kruh,0.99,,0.99,0.95\n` });
    const { feed, draft } = await feedOf(dir, "konzum.csv");
    expect(feed.columns["reference_price"]).toBeUndefined();
    expect(draft.ignore?.map((e) => e.value)).toStrictEqual(["SIDRENA CIJENA NA 2.5.2025"]);
    const { path } = await init(dir, "konzum.csv");
    expect(await findings(path, "2025-07-03T12:00:00Z")).toStrictEqual({ code: 0, found: [] });
  });

  it("reads Amazon's flat file: standard_price is the price, its list_price (the manufacturer's) is left out", async () => {
    const listings = [
      "item_sku\titem_name\tstandard_price\tlist_price\tsale_price\tsale_from_date\tsale_end_date\tquantity",
      "AB-1\tKettle\t29.99\t39.99\t24.99\t2026-03-01\t2026-03-31\t12",
      "AB-2\tToaster\t49.99\t59.99\t\t\t\t3",
      "AB-3\tMixer\t89.00\t99.00\t79.00\t2026-03-05\t2026-03-20\t0",
      "",
    ].join("\n");
    const dir = folder({ "amazon_listings.txt": listings, "app.csv": "sku,price\nAB-1,29.99\nAB-2,49.99\nAB-3,89.00\n" });
    const { feed, draft } = await feedOf(dir, "amazon_listings.txt");
    expect(feed.columns).toMatchObject({ sku: "item_sku", price: "standard_price", sale_price: "sale_price" });
    expect(draft.ignore).toStrictEqual([
      {
        key: "list_price",
        value: "list_price",
        note: `the manufacturer's suggested price (Amazon's list_price is; its selling price is standard_price), not price: "item_sku", "standard_price" and "sale_from_date" show Amazon's inventory flat file`,
      },
    ]);
    const { path } = await init(dir, "amazon_listings.txt", "app.csv");
    // 10 March: AB-1 (to 31 March) and AB-3 (5–20 March) are on sale on the web below the app's
    // prices; AB-2 sells at 49.99 in both.
    expect(await findings(path, "2026-03-10T12:00:00Z")).toStrictEqual({
      code: 0,
      found: ["channel/app-differs-from-web AB-1", "channel/app-differs-from-web AB-3"],
    });
  });

  it("takes a list_price nothing else names the price of, with a TODO", async () => {
    const dir = folder({ "prices.csv": "sku,list_price,sale_price\nA1,10.00,8.00\n" });
    const { feed, draft } = await feedOf(dir, "prices.csv");
    expect(feed.columns["price"]).toBe("list_price");
    expect(draft.columns.find((c) => c.key === "price")?.note).toBe(
      "TODO taken as price (the price the rows sell at), but it may be the manufacturer's suggested price (Amazon's list_price is; its selling price is standard_price), and the headers do not tell which: if it is, map the selling price's column as price instead, and list this one under ignoreColumns",
    );
  });
});

describe("ties", () => {
  it("between columns named alike is a TODO naming them all, on the one taken", async () => {
    const dir = folder({ "multi.csv": "sku,name_en,price_de,price_fr,price_it\nA1,Kettle,29.99,31.99,30.49\n" });
    const { draft } = await feedOf(dir, "multi.csv");
    expect(draft.columns).toStrictEqual([
      {
        key: "price",
        value: "price_de",
        note: 'by its name without the language suffix; TODO "price_de", "price_fr", "price_it" could each be price, by names that rank alike: "price_de" is taken only for coming first; map the one meant',
      },
    ]);
  });

  it("between kinds is a TODO naming the columns the other kind would read, and how to read both", async () => {
    const dir = folder({ "negozi_stock.csv": "sku,store,qty,price\nA1,S1,3,1.20\nA2,S1,0,7.90\n" });
    const { draft } = await feedOf(dir, "negozi_stock.csv");
    expect(draft.settings[0]).toStrictEqual({
      key: "kind",
      value: "prices",
      note: 'TODO a tie: inventory would take 3 fields too, and prices comes first only by the order kinds are tried in: if the rows are inventory, make that the kind; if they are both, replace "kind" with "views": [{ "kind": "prices" }, { "kind": "inventory" }] (docs/feeds.md, "One file, several kinds"); either way, add { available: "qty" } to columns (left out here)',
    });
    // Done as it says, for both: check reads each row as a price and as stock (one channel, no sale, no availability: nothing to find).
    const { path } = await init(dir, "negozi_stock.csv");
    edit(path, (c) => {
      const feed = c.feeds[0]! as Config["feeds"][number] & { kind?: string; views?: unknown };
      delete feed.kind;
      feed.views = [{ kind: "prices" }, { kind: "inventory" }];
      feed.columns = { ...feed.columns, available: "qty" };
    });
    expect(await findings(path, "2026-03-03T12:00:00Z")).toStrictEqual({ code: 0, found: [] });
    const report = JSON.parse(readFileSync(reportPath(path, "2026-03-03T12:00:00Z"), "utf8")) as { summary: { feeds: unknown[] } };
    expect(report.summary.feeds).toStrictEqual([{ file: "negozi_stock.csv", kind: "prices+inventory", read: 2, accepted: 2, rejected: 0 }]);
    // A field ahead is no tie: prices reads sku, location, price and sale_price, inventory three of them.
    const shelf = folder({ "shelf.csv": "sku,store,qty,price,sale_price\nA1,S1,3,1.20,0.99\n" });
    expect((await feedOf(shelf, "shelf.csv")).draft.settings[0]).toStrictEqual({
      key: "kind",
      value: "prices",
      note: "4 fields; inventory would take 3",
    });
  });
});

describe("the headers' language", () => {
  it.each([
    ["Spanish", "Código;Nombre;Precio;PDV", "Spanish"],
    ["French", "Référence;Libellé;Prix;PDV", "French"],
  ])("settles PDV as the point of sale in %s", async (_, header, language) => {
    const dir = folder({ "prices.csv": `${header}\nA1;Pasta;1,20;S1\n` });
    const { draft } = await feedOf(dir, "prices.csv");
    expect(draft.columns.find((c) => c.key === "location")?.note).toMatch(
      new RegExp(`: the ${language} headers say so; elsewhere it may be VAT`),
    );
  });
});

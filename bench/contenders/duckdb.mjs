// DuckDB's SQL on the same feed, the same four checks, with DECIMAL columns (exact, as
// pricelint; auto-detected types would read the amounts as floats).
// Usage: node bench/contenders/duckdb.mjs prices.csv  → one JSON line {wallMs, maxRssKiB, counts}
import { DuckDBInstance } from "@duckdb/node-api";

const started = performance.now();
const db = await DuckDBInstance.create(":memory:");
const sql = await db.connect();
const path = process.argv[2].replaceAll("'", "''");
await sql.run(`
  CREATE TABLE p AS
  SELECT sku, channel, location, price, sale_price, coalesce(sale_price, price) AS eff
  FROM read_csv('${path}', header = true, columns = {
    'sku': 'VARCHAR', 'channel': 'VARCHAR', 'location': 'VARCHAR', 'currency': 'VARCHAR',
    'price': 'DECIMAL(18,2)', 'sale_price': 'DECIMAL(18,2)'
  })`);
const count = async (query) => Number((await sql.runAndReadAll(query)).getRows()[0][0]);
const counts = {
  "channel/app-differs-from-web": await count(`
    SELECT count(*) FROM p a JOIN p w ON a.sku = w.sku
    WHERE a.channel = 'app' AND w.channel = 'web' AND a.location IS NULL AND w.location IS NULL AND a.eff <> w.eff`),
  "channel/click-collect-above-store": await count(`
    SELECT count(*) FROM p c JOIN p s ON c.sku = s.sku AND c.location = s.location
    WHERE c.channel = 'click_collect' AND s.channel = 'store' AND c.eff > s.eff`),
  "channel/online-differs-from-store": await count(`
    SELECT count(*) FROM p w JOIN p s ON w.sku = s.sku
    WHERE w.channel = 'web' AND w.location IS NULL AND s.channel = 'store' AND s.location IS NOT NULL AND abs(w.eff - s.eff) > 0.01`),
  "price/sale-not-below-regular": await count(`SELECT count(*) FROM p WHERE sale_price IS NOT NULL AND sale_price >= price`),
};
const rows = await count("SELECT count(*) FROM p");
const wallMs = performance.now() - started;
console.log(JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS, rows, counts }));

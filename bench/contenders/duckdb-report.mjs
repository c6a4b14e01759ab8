// DuckDB doing what the pricelint CLI does rather than only counting: the same four checks, each
// finding with its rule, sku, location, channels, values, message and source lines, sorted as
// pricelint's report (rule, sku, location) and written to a JSON file. DECIMAL columns, as in
// duckdb.mjs. The line numbers are the rows' numbers in the order read (DuckDB keeps insertion
// order by default, and row_number() OVER () follows it here, though SQL does not promise it):
// they are written, not checked; the counts are.
// Usage: node bench/contenders/duckdb-report.mjs prices.csv REPORT.json → one JSON line {wallMs, maxRssKiB, rows, counts}
import { DuckDBInstance } from "@duckdb/node-api";
import { rmSync } from "node:fs";

const [csv, report] = process.argv.slice(2);
if (!csv || !report) {
  console.error("usage: node bench/contenders/duckdb-report.mjs prices.csv REPORT.json");
  process.exit(2);
}
const started = performance.now();
const db = await DuckDBInstance.create(":memory:");
const sql = await db.connect();
const quote = (text) => `'${text.replaceAll("'", "''")}'`;
await sql.run(`
  CREATE TABLE p AS
  SELECT sku, channel, location, price, sale_price, coalesce(sale_price, price) AS eff, row_number() OVER () + 1 AS line
  FROM read_csv(${quote(csv)}, header = true, columns = {
    'sku': 'VARCHAR', 'channel': 'VARCHAR', 'location': 'VARCHAR', 'currency': 'VARCHAR',
    'price': 'DECIMAL(18,2)', 'sale_price': 'DECIMAL(18,2)'
  })`);
// One finding a row: the pair's two offers (a, b), or one offer for the sale rule.
await sql.run(`
  CREATE TABLE f AS
  SELECT 'channel/app-differs-from-web' AS rule, a.sku, NULL::VARCHAR AS location, ['app', 'web'] AS channels,
         format('app {} differs from web {}', a.eff::VARCHAR, w.eff::VARCHAR) AS message,
         MAP {'app.effectivePrice': a.eff::VARCHAR, 'web.effectivePrice': w.eff::VARCHAR} AS "values", [a.line, w.line] AS lines
  FROM p a JOIN p w ON a.sku = w.sku
  WHERE a.channel = 'app' AND w.channel = 'web' AND a.location IS NULL AND w.location IS NULL AND a.eff <> w.eff
  UNION ALL
  SELECT 'channel/click-collect-above-store', c.sku, c.location, ['click_collect', 'store'],
         format('click_collect {} is above store {} at {}', c.eff::VARCHAR, s.eff::VARCHAR, c.location),
         MAP {'click_collect.effectivePrice': c.eff::VARCHAR, 'store.effectivePrice': s.eff::VARCHAR}, [c.line, s.line]
  FROM p c JOIN p s ON c.sku = s.sku AND c.location = s.location
  WHERE c.channel = 'click_collect' AND s.channel = 'store' AND c.eff > s.eff
  UNION ALL
  SELECT 'channel/online-differs-from-store', w.sku, s.location, ['store', 'web'],
         format('web {} differs from store {} at {}', w.eff::VARCHAR, s.eff::VARCHAR, s.location),
         MAP {'web.effectivePrice': w.eff::VARCHAR, 'store.effectivePrice': s.eff::VARCHAR}, [w.line, s.line]
  FROM p w JOIN p s ON w.sku = s.sku
  WHERE w.channel = 'web' AND w.location IS NULL AND s.channel = 'store' AND s.location IS NOT NULL AND abs(w.eff - s.eff) > 0.01
  UNION ALL
  SELECT 'price/sale-not-below-regular', sku, location, [channel],
         format('sale price {} is not below the regular price {}', sale_price::VARCHAR, price::VARCHAR),
         MAP {'salePrice': sale_price::VARCHAR, 'price': price::VARCHAR}, [line]
  FROM p WHERE sale_price IS NOT NULL AND sale_price >= price`);
await sql.run(`COPY (SELECT * FROM f ORDER BY rule, sku, location NULLS FIRST) TO ${quote(report)} (FORMAT JSON, ARRAY true)`);
const counts = {};
for (const [rule, n] of (await sql.runAndReadAll("SELECT rule, count(*) FROM f GROUP BY rule")).getRows()) counts[rule] = Number(n);
const rows = Number((await sql.runAndReadAll("SELECT count(*) FROM p")).getRows()[0][0]);
const wallMs = performance.now() - started;
if (!process.env.KEEP) rmSync(report, { force: true });
console.log(JSON.stringify({ wallMs, maxRssKiB: process.resourceUsage().maxRSS, rows, counts }));

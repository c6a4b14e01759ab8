#!/usr/bin/env bash
# Writes every kind of report the project produces into OUTDIR, so that two builds can be
# compared byte for byte (`diff -r before after`) when code moves without meaning to change:
# the demo in every format, with --explain, with 1-3 workers, as shards merged back, over a
# window; the whole MIMIT and Konzum files of ../shared/realdata with 1-3 workers (skipped
# when ../shared is absent). Run `npm run build` first; it uses dist/cli.js.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/report-corpus.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cli() { node dist/cli.js "$@" --no-progress >/dev/null 2>>"$out/stderr.txt"; echo "${*//$out/OUT} -> $?" >>"$out/exit-codes.txt"; }
: >"$out/exit-codes.txt"
: >"$out/stderr.txt"

demo=(check --config fixtures/demo/pricelint.config.json)
at=(--at 2026-11-20T00:30:00+01:00)
for fmt in json jsonl sarif junit markdown html table; do
  cli "${demo[@]}" "${at[@]}" --format "$fmt:$out/demo.$fmt"
done
cli "${demo[@]}" "${at[@]}" --explain --format "json:$out/demo-explain.json"
for w in 2 3; do cli "${demo[@]}" "${at[@]}" --workers "$w" --format "json:$out/demo-workers$w.json"; done
for k in 1 2 3; do cli "${demo[@]}" "${at[@]}" --shard "$k/3" --format "json:$out/demo-shard$k.json"; done
node dist/cli.js merge "$out"/demo-shard1.json "$out"/demo-shard2.json "$out"/demo-shard3.json --format "json:$out/demo-merged.json" >/dev/null 2>>"$out/stderr.txt"
echo "merge -> $?" >>"$out/exit-codes.txt"
cli "${demo[@]}" --from 2026-11-15T00:00:00+01:00 --to 2026-12-08T00:00:00+01:00 --format "json:$out/demo-window.json"
cli "${demo[@]}" "${at[@]}" --baseline "$out/demo.json" --format "json:$out/demo-baseline.json"

real=../shared/realdata
if [ -d "$real" ]; then
  tmp="$out/configs"
  mkdir -p "$tmp"
  real=$(cd "$real" && pwd)
  cat >"$tmp/mimit.json" <<EOF
{
  "timezone": "Europe/Rome", "currency": "EUR", "minorUnits": { "EUR": 3 },
  "channels": { "self": { "located": true }, "attended": { "located": true } },
  "feeds": [
    { "kind": "prices", "path": "$real/it_mimit/prezzo_alle_8_2026-08-21_raw.csv", "delimiter": "|", "skipLines": 1,
      "columns": { "sku": "descCarburante", "location": "idImpianto", "price": "prezzo", "channel": "isSelf" },
      "values": { "channel": { "1": "self", "0": "attended" } } }
  ],
  "rules": ["price/non-positive", "price/conflicting-duplicate", "$PWD/fixtures/it-mimit/self-above-attended.json"]
}
EOF
  feeds=""
  for f in "$real"/hr_konzum/konzum_store*_2025-07-03.csv; do
    store=$(basename "$f" | sed -E 's/konzum_store([0-9]+)_.*/\1/')
    feeds="$feeds${feeds:+,}{ \"kind\": \"prices\", \"path\": \"$f\", \"columns\": { \"sku\": \"ProductId\", \"price\": \"Price\", \"sale_price\": \"SpecialPrice\", \"lowest_price_30d\": \"BestPrice30\" }, \"constants\": { \"channel\": \"store\", \"location\": \"$store\" } }"
  done
  echo "{ \"timezone\": \"Europe/Zagreb\", \"currency\": \"EUR\", \"feeds\": [ $feeds ], \"rules\": [\"all\"] }" >"$tmp/konzum.json"
  for w in 1 2 3; do
    cli check --config "$tmp/mimit.json" --at 2026-08-21T08:00:00+02:00 --workers "$w" --format "json:$out/mimit-workers$w.json" --format "sarif:$out/mimit-workers$w.sarif"
    cli check --config "$tmp/konzum.json" --at 2025-07-03T12:00:00+02:00 --workers "$w" --format "json:$out/konzum-workers$w.json" --format "jsonl:$out/konzum-workers$w.jsonl"
  done
fi
ls "$out" | wc -l

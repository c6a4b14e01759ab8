import { BUILTIN_CHANNELS } from "../config/channels.js";
import { looseName } from "../model/synonyms.js";

/**
 * Words in file names that suggest a built-in channel (English, Italian, Croatian, German,
 * French, Spanish), by channel; a channel's own id suggests it too. Matched by {@link looseName}.
 */
const CHANNEL_WORDS: Readonly<Record<string, readonly string[]>> = {
  store: [
    "stores",
    "shop",
    "shops",
    "instore",
    "negozio",
    "negozi",
    "punto vendita",
    "filiale",
    "filialen",
    "trgovina",
    "magasin",
    "tienda",
  ],
  web: ["online", "ecommerce", "eshop", "webshop", "website", "site", "sito", "internet"],
  app: ["mobile"],
  click_collect: ["click and collect", "pickup", "ritiro"],
  e_reservation: ["reservation", "reserve", "prenotazione"],
  marketplace: ["market place"],
  call_center: ["callcenter", "phone"],
};

const BY_WORD: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const channel of Object.keys(BUILTIN_CHANNELS)) map.set(looseName(channel), channel);
  for (const [channel, words] of Object.entries(CHANNEL_WORDS)) for (const word of words) map.set(looseName(word), channel);
  return map;
})();

/**
 * The built-in channel a file's name suggests (`web.jsonl`, `prezzi_negozi.csv`,
 * `click_collect.csv`), or null: its words, and runs of up to three words joined, looked up in {@link CHANNEL_WORDS}.
 */
export function channelOfFileName(path: string): string | null {
  const base = path.split(/[\\/]/).pop() ?? "";
  const stem = withoutExtensions(base);
  const words = stem
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w !== "");
  for (let i = 0; i < words.length; i++) {
    for (let n = Math.min(3, words.length - i); n >= 1; n--) {
      const found = BY_WORD.get(words.slice(i, i + n).join(""));
      if (found !== undefined) return found;
    }
  }
  return null;
}

/** A file name without its endings (`prices.tsv.gz` → `prices`): each `.` and 1 to 8 letters or digits at its end. */
function withoutExtensions(name: string): string {
  let end = name.length;
  for (;;) {
    const dot = name.lastIndexOf(".", end - 1);
    if (dot <= 0 || end - dot - 1 < 1 || end - dot - 1 > 8 || !/^[a-z0-9]+$/i.test(name.slice(dot + 1, end))) return name.slice(0, end);
    end = dot;
  }
}

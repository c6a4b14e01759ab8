import { FEED_FIELDS, type FeedKind } from "../model/fields.js";
import { inferFeed, type FeedGuess } from "./infer-feed.js";
import type { ConfigDraft, Entry } from "./write-config.js";

/** A file given to `init --from`: where to read it, and its path as the config names it (from the config's folder). */
export interface GivenFile {
  readonly file: string;
  readonly path: string;
}

/** A starter config, with what it was made of. */
export interface Starter {
  readonly draft: ConfigDraft;
  /** The files that became feeds, in the order given, with what was made of each. */
  readonly feeds: readonly (FeedGuess & GivenFile)[];
  /** The files left out, and why. */
  readonly skipped: readonly (GivenFile & { readonly reason: string })[];
}

/** Where the JSON Schema of the config is, from a config in a project that installed pricelint. */
const SCHEMA = "./node_modules/pricelint/dist/config.schema.json";

/** The currency a starter config names when no file tells one: to be checked (it says so). */
const PLACEHOLDER_CURRENCY = "EUR";

/**
 * A starter config for the given files: one feed per file that can be read (see {@link inferFeed}),
 * the config's currency and zone from what the files show (else placeholders marked TODO), and
 * the recommended rules. Files that cannot be used are listed, with why, in its remarks.
 */
export async function starterConfig(files: readonly GivenFile[]): Promise<Starter> {
  const feeds: (FeedGuess & GivenFile)[] = [];
  const skipped: (GivenFile & { reason: string })[] = [];
  for (const { file, path } of files) {
    const inferred = await inferFeed(file, path);
    if (inferred.ok) feeds.push({ ...inferred.feed, file, path });
    else skipped.push({ file, path, reason: inferred.reason });
  }
  const about = [
    `Written by pricelint init --from: ${feeds.length} feed(s) from ${files.length} file(s). Every guess is remarked on; what needs your eye says TODO.`,
  ];
  for (const s of skipped) about.push(`skipped ${s.path}: ${s.reason}`);
  const settings: Entry<string>[] = [timezoneOf(feeds), currencyOf(feeds)];
  return { draft: { about, schema: SCHEMA, settings, feeds: feeds.map((f) => f.draft), rules: ["recommended"] }, feeds, skipped };
}

function timezoneOf(feeds: readonly FeedGuess[]): Entry<string> {
  const zones = merged(feeds.map((f) => f.zones));
  const top = zones[0];
  if (top !== undefined) {
    // As many stores in another zone: the one set is a guess, by its name alone.
    const tied = zones.filter(([, n]) => n === top[1]).map(([z]) => z);
    if (tied.length > 1) {
      return {
        key: "timezone",
        value: top[0],
        note: `TODO a tie: as many stores are in ${tied.slice(0, -1).join(", ")} as in ${tied.at(-1)!} (${top[1]} each), and ${top[0]} is set only for coming first in the alphabet: set the zone of dates and times written without an offset where no store's zone applies (rows of no store)`,
      };
    }
    return {
      key: "timezone",
      value: top[0],
      note: `the zone most stores of the stores feed are in${zones.length > 1 ? ` (of ${zones.map(([z]) => z).join(", ")})` : ""}`,
    };
  }
  return {
    key: "timezone",
    value: "UTC",
    note: "TODO the zone of dates and times written without an offset: no file tells it (e.g. Europe/Rome)",
  };
}

function currencyOf(feeds: readonly FeedGuess[]): Entry<string> {
  const currencies = merged(feeds.map((f) => f.currencies));
  const top = currencies[0];
  const priced = feeds.some((f) => PRICED.has(f.kind));
  if (top !== undefined) {
    const others =
      currencies.length > 1
        ? `; the rows name ${currencies.map(([c, n]) => `${c} ${n}×`).join(", ")} in the first rows, this is for rows that name none`
        : "";
    // As many rows name another: the one set is a guess, by its code alone.
    const tied = currencies.filter(([, n]) => n === top[1]).map(([c]) => c);
    const tie =
      tied.length > 1
        ? `; TODO a tie: ${tied.join(" and ")} are named as often, and ${top[0]} is set only for coming first in the alphabet: set the currency meant for rows that name none`
        : "";
    // A file whose amounts name no currency takes this one: said, as a file that names none alone is.
    // So is a file whose currency column is empty on some rows: an empty cell names no currency.
    return { key: "currency", value: top[0], note: `named by the rows${others}${tie}${unnamedNote(feeds)}` };
  }
  // No row names one, but feeds whose columns name their currency read it as a constant: the config takes it.
  const fixed = merged(
    feeds.filter((f) => typeof f.constants["currency"] === "string").map((f) => new Map([[String(f.constants["currency"]), 1]])),
  );
  const first = fixed[0];
  if (first !== undefined) {
    const readIn = (code: string) => {
      const paths = feeds.filter((f) => f.constants["currency"] === code).map(pathOf);
      return `${paths.join(", ")} ${paths.length === 1 ? "is" : "are"} read in`;
    };
    const others = fixed.slice(1).map(([code]) => `${readIn(code)} ${code}`);
    // A constant taken from a sign several currencies use is a guess, said in its TODO.
    const guessed = feeds.some((f) => f.constants["currency"] === first[0] && f.currencyGuessed);
    return {
      key: "currency",
      value: first[0],
      note: `the currency ${readIn(first[0])} (constants${guessed ? ", a guess: see the TODO there" : ""})${others.length > 0 ? `; ${others.join("; ")}: this is for amounts that name none` : ""}${unnamedNote(feeds)}`,
    };
  }
  return {
    key: "currency",
    value: PLACEHOLDER_CURRENCY,
    note: priced
      ? "TODO the currency of amounts that name none: no file tells it"
      : "TODO the currency of locations and amounts that name none: no file tells it",
  };
}

/**
 * A TODO naming the files whose amounts name no currency and take the config's: those without a
 * currency column, and those whose currency column is empty on some rows. Empty when there are none.
 */
function unnamedNote(feeds: readonly FeedGuess[]): string {
  const silent = feeds.filter(namesNone).map(silentOf);
  if (silent.length === 0) return "";
  return `; TODO ${silent.join(", ")} name${silent.length === 1 ? "s" : ""} no currency, and ${silent.length === 1 ? "its" : "their"} amounts are read in this one: check that they are`;
}

/** Whether some of a feed's amounts name no currency: no currency column, or rows that leave it empty. */
function namesNone(f: FeedGuess): boolean {
  if (!PRICED.has(f.kind) || f.constants["currency"] !== undefined) return false;
  return (f.currencies.size === 0 && holdsAmounts(f)) || f.unnamed.rows > 0;
}

/** A feed that names no currency, as the TODO names it: its path, and how many of its rows where others name one. */
function silentOf(f: FeedGuess): string {
  const { rows, of } = f.unnamed;
  return rows > 0 && rows < of ? `${pathOf(f)} (${rows} of ${of} rows)` : pathOf(f);
}

/** Whether a feed's columns give amounts (a price, a cost, a promotion's value) and no currency. */
function holdsAmounts(f: FeedGuess): boolean {
  if (!PRICED.has(f.kind) || f.columns["currency"] !== undefined || f.constants["currency"] !== undefined) return false;
  return FEED_FIELDS[f.kind].some((spec) => spec.type === "money" && f.columns[spec.name] !== undefined);
}

/** A feed's path as the config gives it. */
const pathOf = (f: FeedGuess): string => String(f.draft.settings.find((e) => e.key === "path")?.value ?? "?");

/** Kinds whose rows hold amounts. */
const PRICED: ReadonlySet<FeedKind> = new Set(["prices", "price_history", "promotions", "catalogue"]);

/** Counts summed over maps, most frequent first (then by name). */
function merged(maps: readonly ReadonlyMap<string, number>[]): [string, number][] {
  const total = new Map<string, number>();
  for (const map of maps) for (const [k, n] of map) total.set(k, (total.get(k) ?? 0) + n);
  return [...total].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

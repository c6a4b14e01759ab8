import { AmountParser, formatAmount, MAX_DECIMALS, type Micros, type RoundingMode } from "../money/amount.js";
import { isCurrencyCode, minorUnits } from "../money/currencies.js";
import { PricelintError } from "../model/errors.js";
import { compareText } from "../text/compare.js";
import { fnv1a } from "../text/hash.js";
import type { PreviousEntry } from "./previous-offers.js";

/**
 * The snapshot's text, before gzip: a header line, one line per offer, and an end line counting
 * them. Fields are separated by tabs; a tab, a line break or a backslash in a value is written
 * `\t`, `\n`, `\r`, `\\`. An offer is a row as it stood at its location: a channel's default row
 * comes again, with that store as its location, at each store where a promotion limited to
 * stores made it an offer of that store at another effective price, its last field `default`
 * (an offer of the store's own has it empty). The header says so (`defaultsAtStores`); a snapshot
 * written before it did not keep them: where a default row stood at a store, its effective price
 * there is not known. An offer's tax basis (`true`: its amounts include tax) is, with its
 * currency, what makes them comparable with today's; version 1 kept neither field, and its
 * amounts are compared on today's basis, as the version that wrote it compared them.
 *
 *     pricelint-snapshot <TAB> 2 <TAB> {"at":…,"settings":{…},"digest":…,"defaultsAtStores":true}
 *     sku  channel  location  currency  tax_included  price  sale_price  effective_price  file  line  default?
 *     end <TAB> N
 */
export const SNAPSHOT_FORMAT = "pricelint-snapshot";
/** The version written. */
export const SNAPSHOT_VERSION = 2;
/** The versions read: 1 has no tax_included field. */
const VERSIONS_READ = ["1", "2"];

/** The parts of a config that make amounts of two runs comparable; a snapshot of other settings is refused. */
export interface SnapshotSettings {
  /** The run's channels, sorted. */
  readonly channels: readonly string[];
  readonly currency: string | null;
  readonly minorUnits: Readonly<Record<string, number>>;
  readonly rounding: RoundingMode;
}

/** A snapshot's header. */
export interface SnapshotHeader {
  readonly version: number;
  /** The instant its effective prices were taken at. */
  readonly at: string;
  readonly settings: SnapshotSettings;
  readonly digest: string;
  /** Whether a default row comes again at each store where a promotion limited to stores gave it another effective price. */
  readonly defaultsAtStores: boolean;
}

/** The settings of a config, in a stable order. */
export function snapshotSettings(
  channels: Iterable<string>,
  currency: string | null,
  minorUnits: Readonly<Record<string, number>> | undefined,
  rounding: RoundingMode | undefined,
): SnapshotSettings {
  const units = Object.fromEntries(Object.entries(minorUnits ?? {}).sort(([a], [b]) => compareText(a, b)));
  return { channels: [...channels].sort(compareText), currency, minorUnits: units, rounding: rounding ?? "half-up" };
}

/** The settings' digest: FNV-1a of their JSON, 8 hex digits. */
export function settingsDigest(settings: SnapshotSettings): string {
  return fnv1a(JSON.stringify(settings)).toString(16).padStart(8, "0");
}

/**
 * How two runs' settings differ, each difference named (`currency: EUR in the snapshot, CHF
 * now`); empty when they agree.
 */
export function settingsDifferences(then: SnapshotSettings, now: SnapshotSettings, what: string): string[] {
  const out: string[] = [];
  const show = (v: unknown) => (v === null ? "none" : typeof v === "string" ? v : JSON.stringify(v));
  const missing = now.channels.filter((c) => !then.channels.includes(c));
  const extra = then.channels.filter((c) => !now.channels.includes(c));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      ...(extra.length > 0 ? [`${extra.join(", ")} only in ${what}`] : []),
      ...(missing.length > 0 ? [`${missing.join(", ")} only now`] : []),
    ];
    out.push(`channels differ (${parts.join("; ")})`);
  }
  if (then.currency !== now.currency) out.push(`currency: ${show(then.currency)} in ${what}, ${show(now.currency)} now`);
  // Minor units as they apply: {"EUR": 2} is what no override gives anyway.
  const codes = new Set([...Object.keys(then.minorUnits), ...Object.keys(now.minorUnits)]);
  if ([...codes].some((code) => minorUnits(code, then.minorUnits) !== minorUnits(code, now.minorUnits)))
    out.push(`minorUnits: ${show(then.minorUnits)} in ${what}, ${show(now.minorUnits)} now`);
  if (then.rounding !== now.rounding) out.push(`rounding: ${then.rounding} in ${what}, ${now.rounding} now`);
  return out;
}

/** The header line (without its line break). */
export function headerLine(at: string, settings: SnapshotSettings): string {
  return `${SNAPSHOT_FORMAT}\t${SNAPSHOT_VERSION}\t${JSON.stringify({ at, settings, digest: settingsDigest(settings), defaultsAtStores: true })}`;
}

/** Whether text starts as a snapshot's header does. */
export function looksLikeSnapshot(text: string): boolean {
  return text.startsWith(`${SNAPSHOT_FORMAT}\t`);
}

/**
 * Reads a header line; an `io` error names what is wrong: not a snapshot, another version, a
 * header that does not parse, or settings that do not match their digest (an edited header).
 */
export function parseHeader(line: string, file: string): SnapshotHeader {
  if (!looksLikeSnapshot(line))
    throw new PricelintError("io", `not a pricelint snapshot (its first line does not start with "${SNAPSHOT_FORMAT}")`, file);
  const [, version, json] = line.split("\t");
  if (version === undefined || !VERSIONS_READ.includes(version))
    throw new PricelintError(
      "io",
      `a snapshot of format version ${version ?? "(none)"}; this pricelint reads versions ${VERSIONS_READ.join(" and ")}: write it again with this version`,
      file,
    );
  let head: { at?: unknown; settings?: SnapshotSettings; digest?: unknown; defaultsAtStores?: unknown };
  try {
    head = JSON.parse(json ?? "") as typeof head;
  } catch {
    throw new PricelintError("io", "the snapshot's header is not valid JSON", file);
  }
  const settings = head.settings;
  if (
    typeof head.at !== "string" ||
    typeof head.digest !== "string" ||
    typeof settings !== "object" ||
    settings === null ||
    !Array.isArray(settings.channels)
  )
    throw new PricelintError("io", "the snapshot's header lacks at, settings or digest", file);
  if (settingsDigest(settings) !== head.digest)
    throw new PricelintError("io", "the snapshot's header does not match its digest: it was edited", file);
  return { version: Number(version), at: head.at, settings, digest: head.digest, defaultsAtStores: head.defaultsAtStores === true };
}

/** One offer's line (without its line break); amounts with every decimal they have. */
export function offerLine(entry: PreviousEntry, decimals = 0): string {
  const amount = (value: Micros | null) => (value === null ? "" : formatAmount(value, decimals));
  return [
    escape(entry.sku),
    escape(entry.channel),
    entry.location === null ? "" : escape(entry.location),
    entry.currency,
    String(entry.taxIncluded),
    amount(entry.price),
    amount(entry.salePrice),
    amount(entry.effectivePrice),
    escape(entry.file),
    String(entry.line),
    entry.defaultAtStore ? "default" : "",
  ].join("\t");
}

/** The end line, counting the offers. */
export function endLine(count: number): string {
  return `end\t${count}`;
}

/** Reads the lines after a header, one at a time: offers, then the end line. */
export class SnapshotLines {
  private readonly parser = new AmountParser({ decimal: "." });
  /** Offers read. */
  count = 0;
  /** The end line's count, once read. */
  ended: number | null = null;
  /** The fields of an offer line: 10, or 9 in a snapshot of version 1 (no tax basis). */
  private readonly width: 9 | 11;

  /**
   * `channels`: the snapshot's (its header's settings): an offer of another channel is a damaged
   * line; `version`: its header's; `cited`: the file as its offers' sources name it (default: `file`).
   */
  constructor(
    private readonly file: string,
    private readonly channels: readonly string[],
    version: number,
    private readonly cited = file,
  ) {
    this.width = version === 1 ? 9 : 11;
  }

  /**
   * The offer on line `line` (its text without the line break), its source being that line of
   * the snapshot; null for the end line. A line that does not read is an `io` error naming it.
   */
  read(text: string, line: number): PreviousEntry | null {
    if (this.ended !== null) this.fail(line, "a line after the end line");
    // Shown as `\r`, not printed: a terminal shows a carriage return as nothing, or moves back over the line.
    if (text.endsWith("\r")) this.fail(line, "the line ends with a carriage return (\\r): its line ends were converted to CRLF");
    const fields = text.split("\t");
    if (fields.length === 2 && fields[0] === "end") {
      const count = /^\d+$/.test(fields[1]!) ? Number(fields[1]) : -1;
      if (count !== this.count) this.fail(line, `the end line counts ${fields[1]} offers, but ${this.count} were read`);
      this.ended = count;
      return null;
    }
    const width = this.width;
    if (fields.length !== width) this.fail(line, `${fields.length} fields where an offer has ${width}`);
    // Version 1 kept no tax basis, and compared amounts whatever theirs: not recorded; nor did it mark a default row at a store.
    const basis = width === 11 ? fields.splice(4, 1)[0]! : null;
    const standing = width === 11 ? fields.pop()! : "";
    const [sku, channel, location, currency, price, sale, effective] = fields as [string, string, string, string, string, string, string];
    if (sku === "" || channel === "" || currency === "") this.fail(line, "an offer without sku, channel or currency");
    const channelText = unescape(channel);
    if (!this.channels.includes(channelText))
      this.fail(line, `the channel "${channelText}" is not one of the snapshot's (${this.channels.join(", ")})`);
    if (!isCurrencyCode(currency)) this.fail(line, `the currency "${currency}" is not an ISO 4217 code`);
    if (basis !== null && basis !== "true" && basis !== "false") this.fail(line, `the tax basis "${basis}" is neither true nor false`);
    if (standing !== "" && (standing !== "default" || location === ""))
      this.fail(line, `the last field "${standing}" is neither empty nor "default" (a default row again at a store)`);
    this.count++;
    return {
      sku: unescape(sku),
      channel: channelText,
      location: location === "" ? null : unescape(location),
      currency,
      taxIncluded: basis === null ? null : basis === "true",
      ...(standing === "default" ? { defaultAtStore: true } : {}),
      price: this.amount(price, line, "price"),
      salePrice: this.amount(sale, line, "sale price"),
      effectivePrice: this.amount(effective, line, "effective price"),
      file: this.cited,
      line,
    };
  }

  private amount(text: string, line: number, what: string): Micros | null {
    if (text === "") return null;
    if (!this.parser.parse(text) || this.parser.currencies !== null || this.parser.decimals > MAX_DECIMALS)
      this.fail(line, `the ${what} "${text}" is not an amount`);
    return this.parser.value;
  }

  private fail(line: number, what: string): never {
    throw new PricelintError("io", [{ path: `line ${line}`, message: `${what}: the snapshot is damaged; write it again` }], this.file);
  }
}

function escape(text: string): string {
  return /[\t\n\r\\]/.test(text) ? text.replace(/[\t\n\r\\]/g, (c) => ESCAPES[c]!) : text;
}

function unescape(text: string): string {
  return text.includes("\\") ? text.replace(/\\[tnr\\]/g, (c) => UNESCAPES[c]!) : text;
}

const ESCAPES: Readonly<Record<string, string>> = { "\t": "\\t", "\n": "\\n", "\r": "\\r", "\\": "\\\\" };
const UNESCAPES: Readonly<Record<string, string>> = { "\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\" };

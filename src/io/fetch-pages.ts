import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import { join } from "node:path";

/** How pages are fetched: every bound has a default, and none can be switched off. */
export interface FetchOptions {
  /** Requests in flight at once (default 4). */
  readonly concurrency?: number | undefined;
  /** Milliseconds one request may take, from connecting to the last byte (default 15 000). */
  readonly timeoutMs?: number | undefined;
  /** Milliseconds all the pages may take together (default 600 000): pages not fetched by then fail. */
  readonly deadlineMs?: number | undefined;
  /** Further tries of a page answered 429 or 5xx, or whose connection failed (default 2). */
  readonly retries?: number | undefined;
  /** Milliseconds before the first retry (default 500), doubling for each further one. */
  readonly backoffMs?: number | undefined;
  /** The longest `Retry-After` honoured, in milliseconds (default 30 000): a server asking for longer fails the page. */
  readonly maxRetryAfterMs?: number | undefined;
  /** Bytes one page may have (default 5 MiB): reading stops past them. */
  readonly maxBytes?: number | undefined;
  /** Redirects followed for one page (default 5); a redirect back to a URL already visited is a loop. */
  readonly maxRedirects?: number | undefined;
  /** A folder where pages are kept between runs (created if missing); null: no cache. */
  readonly cacheDir?: string | null | undefined;
  /**
   * Seconds a cached page is used without asking the server (default 0). Past them a page with an
   * ETag or Last-Modified is asked for again conditionally (304: the cached copy), else fetched anew.
   */
  readonly maxAgeSeconds?: number | undefined;
  /** Default: `pricelint (+https://github.com/…; price check of landing pages)`. */
  readonly userAgent?: string | undefined;
  /** The clock (default Date.now), for the cache's ages and the deadline. */
  readonly now?: (() => number) | undefined;
}

export const DEFAULT_FETCH = {
  concurrency: 4,
  timeoutMs: 15_000,
  deadlineMs: 600_000,
  retries: 2,
  backoffMs: 500,
  maxRetryAfterMs: 30_000,
  maxBytes: 5 << 20,
  maxRedirects: 5,
  maxAgeSeconds: 0,
  userAgent: "pricelint/0.1 (landing page price check; +https://www.npmjs.com/package/pricelint)",
} as const;

/** A page as fetched: its bytes, the URL they came from after redirects, the charset its Content-Type names. */
export interface FetchedPage {
  readonly url: string;
  readonly ok: true;
  readonly finalUrl: string;
  readonly body: Uint8Array;
  readonly charset: string | null;
  /** Whether the bytes came from the cache (without a request, or after a 304). */
  readonly fromCache: boolean;
  /** Requests made for it, retries and redirects included. */
  readonly requests: number;
}

/** A page that could not be fetched, and why (one line, naming the URL where it failed). */
export interface FailedPage {
  readonly url: string;
  readonly ok: false;
  readonly reason: string;
  readonly requests: number;
}

/**
 * Fetches pages over HTTP(S), politely and within bounds, and yields them in the order of `urls`:
 * at most `concurrency` requests at once (and as many pages held), each within its timeout and
 * byte limit, retried with backoff on 429 and 5xx (honouring Retry-After) and on a failed
 * connection, redirects followed up to a limit and never in a loop, only http and https, a
 * user-agent naming pricelint, and an on-disk cache when a folder is given. A page that fails is a
 * {@link FailedPage}: nothing here throws or waits past the deadline.
 */
export async function* fetchPages(urls: readonly string[], options: FetchOptions = {}): AsyncGenerator<FetchedPage | FailedPage> {
  const o = { ...DEFAULT_FETCH, cacheDir: null, now: Date.now, ...definedOnly(options) };
  const deadline = o.now() + o.deadlineMs;
  const width = Math.max(1, Math.floor(o.concurrency));
  const started: Promise<FetchedPage | FailedPage>[] = [];
  const start = (i: number) => {
    if (i < urls.length) started[i] = fetchPage(urls[i]!, o, deadline);
  };
  for (let i = 0; i < Math.min(width, urls.length); i++) start(i);
  for (let i = 0; i < urls.length; i++) {
    const page = await started[i]!;
    delete started[i];
    start(i + width);
    yield page;
  }
}

type Resolved = { readonly [K in Exclude<keyof FetchOptions, "cacheDir">]-?: Exclude<FetchOptions[K], undefined> } & {
  readonly cacheDir: string | null;
};

function definedOnly(options: FetchOptions): Partial<Resolved> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<Resolved>;
}

/** Why a request failed, and whether trying again may help. */
class Failure extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

interface CacheEntry {
  readonly url: string;
  readonly finalUrl: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly charset: string | null;
  readonly fetchedAt: number;
}

async function fetchPage(url: string, o: Resolved, deadline: number): Promise<FetchedPage | FailedPage> {
  let requests = 0;
  const failed = (reason: string): FailedPage => ({ url, ok: false, reason, requests });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return failed(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return failed(`${url}: only http and https URLs are fetched`);
  const cache = o.cacheDir === null ? null : await readCache(o.cacheDir, url);
  if (cache !== null && o.now() - cache.entry.fetchedAt < o.maxAgeSeconds * 1000) {
    return { url, ok: true, finalUrl: cache.entry.finalUrl, body: cache.body, charset: cache.entry.charset, fromCache: true, requests };
  }
  const conditional: Record<string, string> = {};
  if (cache?.entry.etag) conditional["if-none-match"] = cache.entry.etag;
  if (cache?.entry.lastModified) conditional["if-modified-since"] = cache.entry.lastModified;
  const visited = new Set<string>([parsed.href]);
  let current = parsed;
  let redirects = 0;
  for (let attempt = 0; ;) {
    const left = deadline - o.now();
    if (left <= 0) return failed(`${current.href}: not fetched within the deadline of ${o.deadlineMs / 1000} s for all pages`);
    let answer: Answer;
    requests++;
    try {
      // A request the deadline for all pages cuts short says so, not the time that happened to be left.
      const limit =
        left < o.timeoutMs
          ? { ms: left, reason: `no complete answer before the deadline of ${o.deadlineMs / 1000} s for all pages` }
          : { ms: o.timeoutMs, reason: `no complete answer within ${o.timeoutMs / 1000} s` };
      answer = await request(
        current,
        { ...conditional, "user-agent": o.userAgent, accept: "text/html,application/xhtml+xml", "accept-encoding": "identity" },
        limit,
        o.maxBytes,
      );
    } catch (error) {
      const f = error instanceof Failure ? error : new Failure(String(error), true);
      if (!f.retry || attempt >= o.retries)
        return failed(`${current.href}: ${f.message}${attempt > 0 ? ` (after ${attempt + 1} tries)` : ""}`);
      await sleep(Math.min(o.backoffMs * 2 ** attempt, Math.max(0, deadline - o.now())));
      attempt++;
      continue;
    }
    const { status, headers } = answer;
    if (status >= 300 && status < 400 && status !== 304) {
      const location = headers.location;
      if (location === undefined) return failed(`${current.href}: HTTP ${status} without a Location`);
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        return failed(`${current.href}: HTTP ${status} to "${location}", which is not a URL`);
      }
      if (next.protocol !== "http:" && next.protocol !== "https:")
        return failed(`${current.href}: redirected to ${next.href}; only http and https URLs are fetched`);
      if (visited.has(next.href)) return failed(`${current.href}: a redirect loop (back to ${next.href})`);
      if (++redirects > o.maxRedirects) return failed(`${url}: more than ${o.maxRedirects} redirects`);
      visited.add(next.href);
      current = next;
      continue;
    }
    if (status === 304 && cache !== null) {
      await writeCache(o.cacheDir!, { ...cache.entry, fetchedAt: o.now() }, null);
      return { url, ok: true, finalUrl: cache.entry.finalUrl, body: cache.body, charset: cache.entry.charset, fromCache: true, requests };
    }
    if (status === 429 || status >= 500) {
      const wait = retryAfter(headers["retry-after"], o.now());
      if (attempt >= o.retries) return failed(`${current.href}: HTTP ${status}${attempt > 0 ? ` after ${attempt + 1} tries` : ""}`);
      if (wait !== null && wait > o.maxRetryAfterMs)
        return failed(
          `${current.href}: HTTP ${status}, asked to retry after ${Math.ceil(wait / 1000)} s, beyond the ${o.maxRetryAfterMs / 1000} s honoured`,
        );
      await sleep(Math.min(wait ?? o.backoffMs * 2 ** attempt, Math.max(0, deadline - o.now())));
      attempt++;
      continue;
    }
    if (status !== 200) return failed(`${current.href}: HTTP ${status}`);
    const charset = charsetOf(headers["content-type"]);
    const entry: CacheEntry = {
      url,
      finalUrl: current.href,
      etag: typeof headers.etag === "string" ? headers.etag : null,
      lastModified: typeof headers["last-modified"] === "string" ? headers["last-modified"] : null,
      charset,
      fetchedAt: o.now(),
    };
    if (o.cacheDir !== null) await writeCache(o.cacheDir, entry, answer.body);
    return { url, ok: true, finalUrl: current.href, body: answer.body, charset, fromCache: false, requests };
  }
}

/** One GET, without following redirects, within `limit.ms` from start to last byte (else failed saying `limit.reason`) and `maxBytes` of body. */
function request(
  url: URL,
  headers: Record<string, string>,
  limit: { readonly ms: number; readonly reason: string },
  maxBytes: number,
): Promise<Answer> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise<Answer>((resolve, reject) => {
    let settled = false;
    const finish = (error: Failure | null, answer?: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error !== null) {
        req.destroy();
        reject(error);
      } else resolve(answer!);
    };
    // agent: false: one connection per request, closed after it; nothing lingers between pages or runs.
    const req = client.request(url, { method: "GET", headers, agent: false }, (res) => {
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > maxBytes) {
        finish(new Failure(`the page has ${declared} bytes, more than the limit of ${maxBytes}`, false));
        return;
      }
      const parts: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > maxBytes) finish(new Failure(`the page is larger than the limit of ${maxBytes} bytes (stopped reading there)`, false));
        else parts.push(chunk);
      });
      res.on("end", () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on("error", (e) => finish(new Failure(`the connection failed: ${e.message}`, true)));
      res.on("aborted", () => finish(new Failure("the connection closed before the page's end", true)));
    });
    const timer = setTimeout(() => finish(new Failure(limit.reason, false)), limit.ms);
    req.on("error", (e) => finish(new Failure(`the connection failed: ${e.message}`, true)));
    req.end();
  });
}

/** Milliseconds a Retry-After asks for (seconds, or an HTTP date), null when it is absent or unreadable. */
function retryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function charsetOf(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  for (const part of contentType.split(";").slice(1)) {
    const at = part.indexOf("=");
    if (at < 0 || part.slice(0, at).trim().toLowerCase() !== "charset") continue;
    const value = part
      .slice(at + 1)
      .trim()
      .replaceAll('"', "")
      .toLowerCase();
    return value === "" ? null : value;
  }
  return null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function cacheKey(url: string): string {
  return createHash("sha256").update(url).digest("hex");
}

async function readCache(dir: string, url: string): Promise<{ entry: CacheEntry; body: Buffer } | null> {
  const key = cacheKey(url);
  try {
    const entry = JSON.parse(await readFile(join(dir, `${key}.json`), "utf8")) as CacheEntry;
    if (entry.url !== url || typeof entry.fetchedAt !== "number") return null;
    return { entry, body: await readFile(join(dir, `${key}.html`)) };
  } catch {
    // A missing or unreadable entry is no entry: the page is fetched.
    return null;
  }
}

/** Writes an entry (and its body, unless null: a 304 keeps the body) through a temporary file, so a reader never sees half of one. */
async function writeCache(dir: string, entry: CacheEntry, body: Buffer | null): Promise<void> {
  const key = cacheKey(entry.url);
  try {
    await mkdir(dir, { recursive: true });
    if (body !== null) {
      await writeFile(join(dir, `${key}.html.tmp`), body);
      await rename(join(dir, `${key}.html.tmp`), join(dir, `${key}.html`));
    }
    await writeFile(join(dir, `${key}.json.tmp`), JSON.stringify(entry));
    await rename(join(dir, `${key}.json.tmp`), join(dir, `${key}.json`));
  } catch {
    // A cache that cannot be written costs a fetch next time, not this run.
  }
}

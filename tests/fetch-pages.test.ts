/**
 * The page fetcher's bounds, against a server on the loopback address only: concurrency never
 * exceeded, a page that never answers, a 50 MB page, a redirect loop, retries, the cache.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchPages, type FailedPage, type FetchedPage, type FetchOptions } from "../src/io/fetch-pages.js";

let server: Server;
let base = "";
/** What the server saw: requests in flight now and at most, requests per path, bytes of the big page written. */
const seen = { inFlight: 0, maxInFlight: 0, byPath: new Map<string, number>(), bigBytes: 0, userAgents: new Set<string>(), conditional: 0 };
const hung: ServerResponse[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url!, "http://x");
  const path = url.pathname;
  seen.byPath.set(path, (seen.byPath.get(path) ?? 0) + 1);
  seen.userAgents.add(req.headers["user-agent"] ?? "");
  seen.inFlight++;
  seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
  let done = false;
  const end = () => {
    if (!done) {
      done = true;
      seen.inFlight--;
    }
  };
  res.on("close", end);
  if (path.startsWith("/slow/")) {
    // Answers after 100 ms: long enough for requests to overlap.
    setTimeout(() => res.end(`<p>${path}</p>`), 100);
  } else if (path === "/never") {
    hung.push(res); // never answers
  } else if (path === "/big") {
    // 50 MB, chunked (no Content-Length), written as fast as the client reads.
    const chunk = Buffer.alloc(1 << 16, 0x61);
    const write = () => {
      while (seen.bigBytes < 50 << 20) {
        seen.bigBytes += chunk.byteLength;
        if (!res.write(chunk)) {
          res.once("drain", write);
          return;
        }
      }
      res.end();
    };
    res.on("error", () => {});
    write();
  } else if (path === "/declared-big") {
    res.writeHead(200, { "content-length": String(50 << 20) });
    res.write("x");
  } else if (path === "/loop-a") {
    res.writeHead(302, { location: "/loop-b" }).end();
  } else if (path === "/loop-b") {
    res.writeHead(301, { location: `${base}/loop-a` }).end();
  } else if (path.startsWith("/hop/")) {
    const n = Number(path.slice(5));
    res.writeHead(302, { location: n === 0 ? "/ok" : `/hop/${n - 1}` }).end();
  } else if (path === "/ok") {
    res.writeHead(200, { "content-type": "text/html; charset=ISO-8859-1" }).end("<p>ok</p>");
  } else if (path === "/flaky") {
    // 503 twice, then the page.
    const n = seen.byPath.get(path)!;
    if (n <= 2) res.writeHead(503, { "retry-after": "0" }).end();
    else res.end("<p>third time</p>");
  } else if (path === "/busy") {
    res.writeHead(429).end();
  } else if (path === "/later") {
    res.writeHead(503, { "retry-after": "3600" }).end();
  } else if (path === "/etag") {
    if (req.headers["if-none-match"] === '"v1"') {
      seen.conditional++;
      res.writeHead(304).end();
    } else res.writeHead(200, { etag: '"v1"' }).end("<p>tagged</p>");
  } else if (path === "/ftp") {
    res.writeHead(302, { location: "ftp://127.0.0.1/x" }).end();
  } else res.writeHead(404).end();
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hung) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function all(urls: string[], options: FetchOptions = {}): Promise<(FetchedPage | FailedPage)[]> {
  const out: (FetchedPage | FailedPage)[] = [];
  for await (const page of fetchPages(urls, { backoffMs: 5, ...options })) out.push(page);
  return out;
}

const text = (page: FetchedPage | FailedPage) => (page.ok ? Buffer.from(page.body).toString("latin1") : `failed: ${page.reason}`);

describe("fetching pages (loopback server)", () => {
  it("never has more requests in flight than its concurrency, and gives the pages in the order asked", async () => {
    seen.maxInFlight = 0;
    const urls = Array.from({ length: 12 }, (_, i) => `${base}/slow/${i}`);
    const pages = await all(urls, { concurrency: 3 });
    expect(pages.map(text)).toStrictEqual(urls.map((_, i) => `<p>/slow/${i}</p>`));
    expect(seen.maxInFlight).toBe(3);
    expect([...seen.userAgents].every((ua) => ua.startsWith("pricelint/"))).toBe(true);
  });

  it("gives up on a page that never answers at its timeout, and fetches the others meanwhile", async () => {
    const pages = await all([`${base}/never`, `${base}/slow/x`], { timeoutMs: 200 });
    expect(pages.map(text)).toStrictEqual([`failed: ${base}/never: no complete answer within 0.2 s`, "<p>/slow/x</p>"]);
    expect(pages[0]!.requests).toBe(1);
  });

  it("stops reading a 50 MB page at its byte limit", async () => {
    const pages = await all([`${base}/big`, `${base}/declared-big`], { maxBytes: 1 << 20 });
    expect(pages.map(text)).toStrictEqual([
      `failed: ${base}/big: the page is larger than the limit of ${1 << 20} bytes (stopped reading there)`,
      `failed: ${base}/declared-big: the page has ${50 << 20} bytes, more than the limit of ${1 << 20}`,
    ]);
    // The server stopped writing once the client hung up: far less than the 50 MB was ever sent.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.bigBytes).toBeLessThan(50 << 20);
  });

  it("refuses a redirect loop, and more redirects than its limit; follows fewer, and reads the charset", async () => {
    const pages = await all([`${base}/loop-a`, `${base}/hop/3`, `${base}/hop/2`, `${base}/ftp`], { maxRedirects: 3 });
    expect(pages.map(text)).toStrictEqual([
      `failed: ${base}/loop-b: a redirect loop (back to ${base}/loop-a)`,
      `failed: ${base}/hop/3: more than 3 redirects`,
      "<p>ok</p>",
      `failed: ${base}/ftp: redirected to ftp://127.0.0.1/x; only http and https URLs are fetched`,
    ]);
    const ok = pages[2] as FetchedPage;
    expect([ok.finalUrl, ok.charset, ok.requests]).toStrictEqual([`${base}/ok`, "iso-8859-1", 4]);
  });

  it("retries 5xx and 429 with backoff, up to its retries, and refuses a Retry-After beyond its bound", async () => {
    const pages = await all([`${base}/flaky`, `${base}/busy`, `${base}/later`], { retries: 2 });
    expect(pages.map(text)).toStrictEqual([
      "<p>third time</p>",
      `failed: ${base}/busy: HTTP 429 after 3 tries`,
      `failed: ${base}/later: HTTP 503, asked to retry after 3600 s, beyond the 30 s honoured`,
    ]);
    expect([seen.byPath.get("/flaky"), seen.byPath.get("/busy"), seen.byPath.get("/later")]).toStrictEqual([3, 3, 1]);
    expect(pages.map((p) => p.requests)).toStrictEqual([3, 3, 1]);
  });

  it("refuses what is not http(s), and what is not a URL, without a request", async () => {
    const pages = await all(["file:///etc/passwd", "not a url"]);
    expect(pages.map(text)).toStrictEqual([
      "failed: file:///etc/passwd: only http and https URLs are fetched",
      'failed: "not a url" is not a URL',
    ]);
    expect(pages.map((p) => p.requests)).toStrictEqual([0, 0]);
  });

  it("keeps pages in its cache: used without a request while fresh, revalidated by ETag after", async () => {
    const cacheDir = join(mkdtempSync(join(tmpdir(), "pricelint-fetch-")), "cache");
    let clock = 1_000_000;
    const options = { cacheDir, maxAgeSeconds: 60, now: () => clock };
    const before = seen.byPath.get("/etag") ?? 0;
    const first = (await all([`${base}/etag`], options))[0] as FetchedPage;
    expect([text(first), first.fromCache, first.requests]).toStrictEqual(["<p>tagged</p>", false, 1]);
    expect(readdirSync(cacheDir).sort()).toHaveLength(2);
    clock += 59_000;
    const fresh = (await all([`${base}/etag`], options))[0] as FetchedPage;
    expect([text(fresh), fresh.fromCache, fresh.requests]).toStrictEqual(["<p>tagged</p>", true, 0]);
    clock += 2_000;
    const revalidated = (await all([`${base}/etag`], options))[0] as FetchedPage;
    expect([text(revalidated), revalidated.fromCache, revalidated.requests]).toStrictEqual(["<p>tagged</p>", true, 1]);
    expect(seen.byPath.get("/etag")! - before).toBe(2);
    expect(seen.conditional).toBe(1);
  });

  it("fails the pages left when the deadline for all of them has passed", async () => {
    const pages = await all([`${base}/never`, `${base}/slow/late`], { timeoutMs: 10_000, deadlineMs: 150, concurrency: 1 });
    expect(pages.map(text)).toStrictEqual([
      // Cut short by the deadline for all pages, however much of it was left when the request began.
      `failed: ${base}/never: no complete answer before the deadline of 0.15 s for all pages`,
      `failed: ${base}/slow/late: not fetched within the deadline of 0.15 s for all pages`,
    ]);
  });
});

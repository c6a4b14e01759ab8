/**
 * Real-browser tests run in a headless Chromium driven by playwright-core. Where it comes from, first match:
 *
 * 1. PRICELINT_CHROMIUM=/path/to/chrome: that binary (a missing file fails the tests, naming it).
 * 2. Debian's /usr/bin/chromium, when the machine has it.
 * 3. The devDependency @sparticuz/chromium, which ships a compressed Chromium inside its npm package and
 *    unpacks it to the temp folder on first use: nothing is downloaded, and no system package or root is needed.
 *
 * PRICELINT_SKIP_BROWSER=1 skips the browser tests instead.
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const SKIP_BROWSER = process.env.PRICELINT_SKIP_BROWSER === "1";
const SYSTEM_CHROMIUM = "/usr/bin/chromium";

/** No sandbox (CI runs as root), and nothing that phones home on a closed network; `headless: true` adds --headless. */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The Chromium binary to drive, and where it came from (for error messages). */
export async function chromiumExecutable(): Promise<{ path: string; source: string }> {
  const fromEnv = process.env.PRICELINT_CHROMIUM;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!existsSync(fromEnv)) throw new Error(`PRICELINT_CHROMIUM names ${fromEnv}, which does not exist.`);
    return { path: fromEnv, source: "PRICELINT_CHROMIUM" };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: "the system's Chromium" };
  const packaged = (await import("@sparticuz/chromium")).default;
  return { path: await packaged.executablePath(), source: "@sparticuz/chromium" };
}

/** Starts Chromium with a fresh profile (Playwright makes a new empty user-data-dir per launch). */
export async function launchChromium(): Promise<Browser> {
  const { path, source } = await chromiumExecutable();
  try {
    return await chromium.launch({ executablePath: path, headless: true, args: ARGS });
  } catch (error) {
    const unpacked = join(tmpdir(), "chromium");
    const hint = path === unpacked ? ` If an earlier run was stopped while unpacking it, delete ${unpacked} and run the tests again.` : "";
    throw new Error(`Chromium from ${source} (${path}) did not start: ${String(error)}.${hint}`, { cause: error });
  }
}

/**
 * One Chromium for the tests of the enclosing `describe`, started before them and closed after:
 * call it inside the `describe`, and the function it returns inside each test. A launch failure
 * (no Chromium) fails every test with its message, rather than only the suite.
 */
export function suiteBrowser(): () => Browser {
  let launched: Browser | undefined;
  let launchError: unknown = null;
  beforeAll(async () => {
    launched = await launchChromium().catch((error: unknown) => ((launchError = error), undefined));
  });
  afterAll(async () => {
    await launched?.close();
  });
  return () => {
    if (!launched) throw launchError;
    return launched;
  };
}

/** What a page did besides render: other requests, dialogs, errors, CSP violations, console errors. */
export interface PageLog {
  readonly requests: string[];
  readonly dialogs: string[];
  readonly errors: string[];
  readonly console: string[];
  /** CSP violations the page reported (`securitypolicyviolation` events). */
  violations(): Promise<string[]>;
}

export const PAGE_URL = "http://pricelint.test/report.html";

/**
 * Opens `html` as the one document at PAGE_URL. The page is served from the test through request
 * interception: nothing reaches the network, and any other request the page makes is recorded and refused.
 */
export async function openPage(browser: Browser, html: string): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(5_000); // a page whose script broke fails fast rather than at the test's timeout
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") consoleErrors.push(message.text());
  });
  await page.addInitScript({
    content:
      "window.__cspViolations = [];" +
      "document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));",
  });
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === PAGE_URL) return route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
    requests.push(url);
    return route.abort();
  });
  await page.goto(PAGE_URL);
  const violations = () => page.evaluate("window.__cspViolations.slice()") as Promise<string[]>;
  return { page, log: { requests, dialogs, errors, console: consoleErrors, violations } };
}

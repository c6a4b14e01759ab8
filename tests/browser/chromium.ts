/**
 * Real-browser tests run in Debian's Chromium (/usr/bin/chromium), driven by playwright-core.
 * Playwright's own browser download does not work here, so `.ci/run` installs the Debian package.
 *
 * - PRICELINT_SKIP_BROWSER=1 skips the browser tests (say, on a machine without Chromium).
 *   Without it, a missing Chromium FAILS them with a message saying how to install it.
 * - PRICELINT_CHROMIUM=/path/to/chrome uses another Chromium or Chrome binary.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.PRICELINT_CHROMIUM ?? "/usr/bin/chromium";
export const SKIP_BROWSER = process.env.PRICELINT_SKIP_BROWSER === "1";

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

/** Starts Chromium with a fresh profile (Playwright makes a new empty user-data-dir per launch). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, and the browser tests need it. ` +
        "Run .ci/run (it installs Debian's chromium), or `apt-get install -y chromium`; " +
        "or set PRICELINT_SKIP_BROWSER=1 to skip the browser tests.",
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
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

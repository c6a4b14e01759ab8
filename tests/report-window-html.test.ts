/**
 * The HTML page's own text, read without its script: it names the window a `--from/--to` check
 * covered (as the table and Markdown do), and a page that holds the first findings of each rule
 * counts, under "Shown", the findings it holds.
 */
import { describe, expect, it } from "vitest";
import { check } from "../src/index.js";
import { formatHtml } from "../src/report/html.js";

const prices = ["A", "B", "C", "D", "E"].map((sku) => ({ sku, channel: "web", price: "0.00" }));
const config = { timezone: "Europe/Rome", currency: "EUR", feeds: { prices }, rules: ["price/non-positive"] };

/** The page's static number in the cell whose attribute is `attr="key"`. */
function cell(page: string, attr: string, key: string): number {
  const m = new RegExp(`${attr}="${key}">(\\d+)<`).exec(page);
  if (m === null) throw new Error(`no ${attr}="${key}" cell`);
  return Number(m[1]);
}

describe("the HTML page", () => {
  it("says the window a --from/--to check covered, in its title and header, as the other formats do", async () => {
    const window = { from: new Date("2026-06-03T10:00:00Z"), to: new Date("2026-06-04T10:00:00Z") };
    const page = formatHtml(await check(config, { window }));
    const [from, to] = ["2026-06-03T10:00:00.000Z", "2026-06-04T10:00:00.000Z"];
    expect(page).toContain(`<title>pricelint report · from ${from} to ${to}</title>`);
    expect(page).toContain(
      `<p class="meta">Checked from <time datetime="${from}">${from}</time> to <time datetime="${to}">${to}</time> · pricelint `,
    );
    expect(page).not.toContain("Checked at");
    // One instant: as before.
    const instant = formatHtml(await check(config, { at: window.from }));
    expect(instant).toContain(`<title>pricelint report · ${from}</title>`);
    expect(instant).toContain(`<p class="meta">Checked at <time datetime="${from}">${from}</time> · pricelint `);
  });

  it("counts under Shown, per severity, only the findings it holds when each rule's are capped", async () => {
    // Five errors of one rule, A's waived; the page holds the first two in report order (A, B): one waived, one error.
    const waivers = [{ rule: "price/non-positive", sku: "A", until: "2099-12-31", reason: "test" }];
    const report = await check({ ...config, waivers }, { at: new Date("2026-06-03T10:00:00Z") });
    const page = formatHtml(report, { maxPerRule: 2 });
    const shown = ["error", "warning", "info", "waived", "all"].map((key) => cell(page, "data-shown", key));
    const total = ["error", "warning", "info", "waived", "all"].map((key) => cell(page, "data-total", key));
    expect(total).toStrictEqual([4, 0, 0, 1, 5]);
    expect(shown).toStrictEqual([1, 0, 0, 1, 2]);
    // The whole page: every finding held, Shown is the total.
    const whole = formatHtml(report);
    expect(["error", "waived", "all"].map((key) => cell(whole, "data-shown", key))).toStrictEqual([4, 1, 5]);
  });
});

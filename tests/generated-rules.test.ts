/**
 * src/rules/builtin.ts and the README's rule tables are generated from rules/ by
 * scripts/generate-rules.mjs: this fails when they drift, and shows that the check would notice.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SCRIPT = "scripts/generate-rules.mjs";

function generator(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
  return { status, stdout, stderr };
}

/** A copy of what the generator reads and writes, to change without touching the repository. */
function copy(): string {
  const root = mkdtempSync(join(tmpdir(), "pricelint-generate-"));
  cpSync("rules", join(root, "rules"), { recursive: true });
  cpSync("README.md", join(root, "README.md"));
  mkdirSync(join(root, "src/rules"), { recursive: true });
  cpSync("src/rules/builtin.ts", join(root, "src/rules/builtin.ts"));
  return root;
}

function editRule(root: string, path: string, edit: (rule: Record<string, unknown>) => void): void {
  const file = join(root, "rules", path);
  const rule = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  edit(rule);
  writeFileSync(file, `${JSON.stringify(rule, null, 2)}\n`);
}

describe("the files generated from rules/", () => {
  it("are up to date (npm run generate:rules)", () => {
    expect(generator("--check")).toStrictEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("are reported stale when a rule file changes, and regenerated", () => {
    const root = copy();
    expect(generator("--check", "--root", root).status).toBe(0);

    editRule(root, "price/below-map.json", (rule) => (rule.recommended = false));
    const stale = generator("--check", "--root", root);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toBe("README.md is out of date with rules/: run npm run generate:rules\n");

    expect(generator("--root", root).status).toBe(0);
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain(
      "| `price/below-map` | offer | warning |  | The public effective price is below the minimum advertised price. | — |",
    );
    expect(generator("--check", "--root", root).status).toBe(0);
  });

  it("bundle a new rule file and list it with its options", () => {
    const root = copy();
    const rule = {
      id: "price/round-number",
      description: "The price ends in .00.",
      severity: "info",
      scope: "offer",
      recommended: false,
      options: { step: { type: "money", default: "1", min: "0.01", description: "the step" } },
      conditions: { all: [{ fact: "price", operator: "equal", value: "1" }] },
    };
    writeFileSync(join(root, "rules/price/round-number.json"), JSON.stringify(rule));
    const stale = generator("--check", "--root", root);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toBe(
      [
        "src/rules/builtin.ts is out of date with rules/: run npm run generate:rules",
        "README.md is out of date with rules/: run npm run generate:rules",
        "",
      ].join("\n"),
    );
    expect(generator("--root", root).status).toBe(0);
    const builtin = readFileSync(join(root, "src/rules/builtin.ts"), "utf8");
    // In path order: between price/non-positive and price/sale-not-below-regular.
    expect(builtin).toContain(
      [
        'import priceNonPositive from "../../rules/price/non-positive.json";',
        'import priceRoundNumber from "../../rules/price/round-number.json";',
        'import priceSaleNotBelowRegular from "../../rules/price/sale-not-below-regular.json";',
      ].join("\n"),
    );
    expect(builtin).toContain("    priceNonPositive,\n    priceRoundNumber,\n    priceSaleNotBelowRegular,\n");
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toContain("| `price/round-number` | offer | info |  | The price ends in .00. | `step` |");
    expect(readme).toContain('| `price/round-number` | `step` | money ≥ 0.01 | `"1"` | the step |');
  });

  it("refuse a built-in rule file that is not complete", () => {
    const root = copy();
    editRule(root, "price/below-cost.json", (rule) => {
      rule.id = "price/below-kost";
      delete rule.recommended;
      (rule.options as Record<string, Record<string, unknown>>).minMargin!.description = "";
    });
    const refused = generator("--check", "--root", root);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      [
        'rules/price/below-cost.json: its id is "price/below-kost", but its path says "price/below-cost"',
        'rules/price/below-cost.json: "recommended" must be true or false',
        "rules/price/below-cost.json: options.minMargin needs a description",
        "",
      ].join("\n"),
    );
  });
});

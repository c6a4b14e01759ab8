/** Every config shown in docs/feeds.md is accepted as it is written: the page cannot drift from the schema. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../src/config/parse-config.js";

const PAGE = readFileSync("docs/feeds.md", "utf8");
const BLOCKS = [...PAGE.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("docs/feeds.md", () => {
  it("shows configs", () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(BLOCKS.map((block, i) => [i + 1, block]))("config %i is valid", (_, block) => {
    expect(() => validateConfig(JSON.parse(block), "docs/feeds.md")).not.toThrow();
  });
});

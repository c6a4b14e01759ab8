import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { PricelintError } from "../model/errors.js";

const CONFIG = {
  $schema: "./node_modules/pricelint/dist/config.schema.json",
  timezone: "Europe/Rome",
  currency: "EUR",
  feeds: [
    { kind: "stores", path: "feeds/stores.csv" },
    { kind: "catalogue", path: "feeds/catalogue.csv" },
    { kind: "prices", path: "feeds/store.csv", constants: { channel: "store" } },
    { kind: "prices", path: "feeds/web.csv", constants: { channel: "web" } },
    { kind: "prices", path: "feeds/click_collect.csv", constants: { channel: "click_collect" } },
  ],
  rules: ["recommended", "./rules/house.json"],
  ruleSettings: { "channel/online-differs-from-store": { tolerance: "0.01" } },
};

const HOUSE_RULE = {
  id: "house/web-not-above-store",
  description: "The web price never exceeds the store price at any store.",
  severity: "warning",
  scope: "pair",
  channels: ["web", "store"],
  options: { tolerance: { type: "money", default: "0.01", description: "a web price this much above the store's is fine" } },
  conditions: {
    all: [{ fact: "web", path: "$.effectivePrice", operator: "greaterThan", value: { fact: "store", path: "$.effectivePrice" } }],
  },
  message: "web {web.effectivePrice} is above store {store.effectivePrice} at {location|every location}",
};

/** `pricelint init`: writes a starter config and house rule file, never over existing files. */
export async function init(dir = "."): Promise<string> {
  const files: [string, unknown][] = [
    ["pricelint.config.json", CONFIG],
    ["rules/house.json", HOUSE_RULE],
  ];
  for (const [name] of files) {
    if (existsSync(join(dir, name))) throw new PricelintError("usage", `${name} already exists; pricelint init writes only new files`);
  }
  for (const [name, content] of files) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${JSON.stringify(content, null, 2)}\n`, { flag: "wx" });
  }
  return [
    "wrote pricelint.config.json and rules/house.json",
    "next: point the feeds at your files (columns, constants and values map your column names),",
    "then run: npx pricelint check",
  ].join("\n");
}

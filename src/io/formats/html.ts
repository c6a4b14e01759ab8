import { readHtmlPage } from "../html-page.js";
import type { TextFormat } from "./format.js";

/**
 * Product pages (HTML): one page a file, its records the offers of its schema.org Product markup
 * in JSON-LD (see io/html-page.ts). Read as a prices feed of the channel `landing_page`, each
 * offer matched to its item after the catalogue is loaded (pipeline/landing-pages.ts).
 */
export const html: TextFormat = {
  name: "html",
  extensions: [".html", ".htm"],
  binary: false,
  options: ["encoding"],
  fixedWidth: false,
  read: (text, options) => readHtmlPage(text, { limits: options.limits, encoding: options.encoding }),
};

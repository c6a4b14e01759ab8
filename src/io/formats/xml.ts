import { readXml } from "../xml.js";
import type { TextFormat } from "./format.js";

/**
 * XML feeds: RSS 2.0 `<item>` and Atom `<entry>` elements (or the elements `recordElement` names)
 * are the records, their child elements the columns by local name (`g:price` → `price`), streamed.
 */
export const xml: TextFormat = {
  name: "xml",
  extensions: [".xml"],
  binary: false,
  options: ["encoding", "decimal", "thousands", "recordElement"],
  fixedWidth: false,
  read: (text, options) =>
    readXml(text, {
      limits: options.limits,
      recordElement: options.recordElement,
      encoding: options.encoding,
      ignored: options.ignoreColumns,
    }),
};

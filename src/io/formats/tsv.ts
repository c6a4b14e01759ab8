import { delimitedFormat } from "./delimited-format.js";

/** Tab-separated values, as Google Merchant Center's text feeds are. */
export const tsv = delimitedFormat("tsv", "\t", [".tsv", ".tab"]);

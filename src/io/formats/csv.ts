import { delimitedFormat } from "./delimited-format.js";

/** Comma-separated values (RFC 4180 quoting); the default format. */
export const csv = delimitedFormat("csv", ",", [".csv"]);

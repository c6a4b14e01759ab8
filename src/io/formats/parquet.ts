import { readParquet } from "../parquet.js";
import type { BinaryFormat } from "./format.js";

/** Apache Parquet: read from the file's bytes, one row group at a time; its schema gives the columns. */
export const parquet: BinaryFormat = {
  name: "parquet",
  extensions: [".parquet"],
  binary: true,
  options: [],
  fixedWidth: true,
  read: (source, options) => readParquet(source, options.limits, undefined, options.ignoreColumns),
};

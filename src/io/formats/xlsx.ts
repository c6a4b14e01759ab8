import { readXlsx } from "../xlsx.js";
import type { BinaryFormat } from "./format.js";

/**
 * An Excel workbook (Office Open XML, .xlsx): one sheet of it, by name or the first. The header
 * row is complete, so cells stand by their column under it (`fixedWidth`): each record has the
 * header's width, missing cells absent, and a value right of the header's last column makes the
 * row a problem record, as a CSV row with more cells than its header is.
 */
export const xlsx: BinaryFormat = {
  name: "xlsx",
  extensions: [".xlsx"],
  binary: true,
  options: ["sheet", "skipLines", "decimal", "thousands"],
  fixedWidth: true,
  read: (source, options) => readXlsx(source, options),
};

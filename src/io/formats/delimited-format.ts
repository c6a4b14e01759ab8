import { DelimitedSplitter, readDelimited } from "../delimited.js";
import type { FormatReadOptions, KeySample, TextFormat } from "./format.js";

/** A delimited text format (CSV, TSV): one header line, then one record a line, cells split by `delimiter`. */
export function delimitedFormat(name: string, delimiter: string, extensions: readonly string[]): TextFormat {
  const options = (o: Pick<FormatReadOptions, "delimiter" | "quotes" | "skipLines">) => ({
    delimiter: o.delimiter ?? delimiter,
    quotes: o.quotes ?? true,
    skipLines: o.skipLines,
  });
  return {
    name,
    extensions,
    binary: false,
    delimiter,
    options: ["delimiter", "quotes", "skipLines", "encoding", "decimal", "thousands"],
    fixedWidth: true,
    read: (text, o) => readDelimited(text, { ...options(o), limits: o.limits, sink: o.sink, before: o.before }),
    sampleKeys(samples, o): KeySample | null {
      const header = new DelimitedSplitter(options(o));
      header.push(samples[0] ?? "", false);
      if (!header.headerRead) return null;
      const records = samples.slice(1).map((text) => {
        // The whole records after the sample's first line break, split as the reader splits them
        // (quotes included), under a header of their own so that they come out as records.
        const start = text.indexOf("\n") + 1;
        if (start === 0) return [];
        const splitter = new DelimitedSplitter({ ...options(o), skipLines: 0 });
        return splitter
          .push(`h\n${text.slice(start)}`, false)
          .filter((record) => record.problem === undefined)
          .map((record) => record.cells.map((c) => (typeof c === "string" ? c : "")));
      });
      return { columns: header.columns, headerLine: header.headerLine, records };
    },
  };
}

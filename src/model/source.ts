/** Where a piece of data came from: a feed file (as named in the config) and its line. */
export interface Source {
  readonly file: string;
  readonly line: number;
}

/** Entries in their sources' file and line order. */
export function bySource(a: { readonly source: Source }, b: { readonly source: Source }): number {
  return a.source.file < b.source.file ? -1 : a.source.file > b.source.file ? 1 : a.source.line - b.source.line;
}

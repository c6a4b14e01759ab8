/** Where a piece of data came from: a feed file (as named in the config) and its line. */
export interface Source {
  readonly file: string;
  readonly line: number;
}

import { utf8 } from "./utf8-out.js";

/**
 * What `make` gives of texts that come again and again (rule ids, locations, channels, file
 * names), kept for up to `max` texts, then all forgotten at once: the writers and finding ids
 * meet the same few texts finding after finding.
 */
export class Kept<T> {
  private readonly made = new Map<string, T>();

  constructor(
    private readonly max: number,
    private readonly make: (text: string) => T,
  ) {}

  of(text: string): T {
    let value = this.made.get(text);
    if (value === undefined) {
      value = this.make(text);
      if (this.made.size >= this.max) this.made.clear();
      this.made.set(text, value);
    }
    return value;
  }
}

/** JSON.stringify of texts, kept (see {@link Kept}). */
export const keptJson = (max: number): Kept<string> => new Kept(max, (text) => JSON.stringify(text));

/** JSON.stringify of texts in UTF-8, between `before` and `after`, kept (see {@link Kept}). */
export const keptJsonBytes = (max: number, before = "", after = ""): Kept<Uint8Array> =>
  new Kept(max, (text) => utf8(`${before}${JSON.stringify(text)}${after}`));

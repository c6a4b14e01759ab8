/**
 * A copy of `text` that does not point into the string it was cut from. V8 keeps a substring of
 * 13 or more characters as a view of its parent, so one kept cell would keep a whole read chunk
 * of the feed alive. A JSON round trip is the portable way to get a flat copy; it runs once per
 * distinct string kept, never per row.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/** One shared, detached copy of each distinct string: channels, locations, currencies, dates. */
export class StringPool {
  private readonly pool = new Map<string, string>();

  intern(text: string): string {
    let hit = this.pool.get(text);
    if (hit === undefined) {
      hit = detach(text);
      this.pool.set(hit, hit);
    }
    return hit;
  }
}

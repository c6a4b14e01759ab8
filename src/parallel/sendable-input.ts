/**
 * In-memory rows as worker threads can be given them, each value read there as one thread reads
 * it (see toCell in io/json.ts). A thread gets its input by structured clone, which cannot carry
 * a function or a symbol, nor an object holding one (a run with workers would stop with a
 * DataCloneError where one thread rejects the row), and which copies a class instance as a plain
 * object of its own fields: a decimal.js `Decimal` would reach the thread without the `toJSON`
 * one thread reads it by, and be rejected as a nested object. So each value goes as something
 * that reads the same:
 * - a value with a `toJSON` as what it gives, called once here, as one thread calls it; when
 *   that is an object or a list, or a throw, the thread is given an object whose `toJSON` gives
 *   it (or throws the same message), so that it reads it as one thread does;
 * - any other object in a field (a nested object, a Map) as an empty one: rejected whatever it holds;
 * - a row that is no object as null (rejected all the same);
 * - a function or a symbol, which nothing else reads as, as null, and is put back in the thread.
 * Text, numbers, booleans, null, Dates and boxed primitives go as they are.
 */

/**
 * A value sent otherwise than as it is, to be put back in the thread: its feed kind, row, key,
 * and its place in the key's lists (none: the key's own value); as what (a function or a
 * symbol, sent as null; an object whose `toJSON` gives the value sent there, or throws `text`).
 */
export interface PutBack {
  readonly kind: string;
  readonly row: number;
  readonly key: string;
  readonly items: readonly number[];
  readonly as: "function" | "symbol" | "toJSON" | { readonly throws: string };
}

/** Rows given by kind, alone or with their setting (as CheckInput's in-memory feeds). */
type GivenFeeds = Record<string, readonly unknown[] | { readonly rows: readonly unknown[] }>;

/**
 * The input with its in-memory rows as threads can be given them, and the values to put back in
 * the thread. Only the rows that need it are copied (`every`: all of them, for an input whose
 * rows could still not be cloned, such as a Proxy): the input itself when none does.
 */
export function sendableInput(input: unknown, every = false): { readonly input: unknown; readonly putBacks: readonly PutBack[] } {
  const given = (input as { feeds?: unknown }).feeds;
  if (typeof given !== "object" || given === null || Array.isArray(given)) return { input, putBacks: [] };
  const putBacks: PutBack[] = [];
  let changed = false;
  const feeds: Record<string, unknown> = {};
  for (const [kind, value] of Object.entries(given as Partial<GivenFeeds>)) {
    // A kind left undefined is no feed (see prepare).
    if (value === undefined) continue;
    const rows = rowsOf(value);
    let sendable: unknown[] | null = null;
    for (let row = 0; row < rows.length; row++) {
      const sent = every || !sentAsIs(rows[row]) ? sendableRow(rows[row], kind, row, putBacks) : rows[row];
      if (sent === rows[row]) continue;
      // A hole stays a hole in the copy, as it is in the rows given.
      sendable ??= rows.slice();
      sendable[row] = sent;
    }
    changed ||= sendable !== null;
    feeds[kind] = sendable === null ? value : Array.isArray(value) ? sendable : { ...value, rows: sendable };
  }
  return changed ? { input: { ...(input as object), feeds }, putBacks } : { input, putBacks };
}

/** Puts back, in the thread, what {@link sendableInput} sent otherwise than as it was. */
export function putBack(input: unknown, putBacks: readonly PutBack[]): void {
  const feeds = (input as { feeds: GivenFeeds }).feeds;
  // In the order they were found: what a toJSON gave is put back before the object that gives it.
  for (const { kind, row, key, items, as } of putBacks) {
    let target = rowsOf(feeds[kind]!)[row] as object;
    let at: string | number = key;
    for (const item of items) {
      target = ownValue(target, at) as object;
      at = item;
    }
    const sent = ownValue(target, at);
    const value =
      as === "function"
        ? () => undefined
        : as === "symbol"
          ? Symbol()
          : as === "toJSON"
            ? { toJSON: () => sent }
            : {
                toJSON: () => {
                  throw new Error(as.throws);
                },
              };
    // By descriptor, not by assignment: a row's own key "__proto__" stays a key.
    Object.defineProperty(target, at, { value, enumerable: true, writable: true, configurable: true });
  }
}

function ownValue(target: object, key: string | number): unknown {
  return Object.getOwnPropertyDescriptor(target, key)?.value;
}

function rowsOf(value: GivenFeeds[string]): readonly unknown[] {
  return Array.isArray(value) ? value : (value as { readonly rows: readonly unknown[] }).rows;
}

/**
 * Whether a row reaches a thread by structured clone as it reads: an object whose every value
 * does, or a row that is no object and no list, function nor symbol (rejected as it is).
 * Checked without building anything, so that rows of text and numbers are sent uncopied.
 */
function sentAsIs(row: unknown): boolean {
  if (typeof row !== "object" || row === null) return typeof row !== "function" && typeof row !== "symbol";
  if (Array.isArray(row)) return false;
  for (const value of Object.values(row)) if (!valueSentAsIs(value)) return false;
  return true;
}

/** Text, a number, a boolean, null, a Date or a boxed primitive, or a list of those: cloned as it reads. */
function valueSentAsIs(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(valueSentAsIs);
  if (typeof value !== "object" || value === null) return typeof value !== "function" && typeof value !== "symbol";
  return value instanceof Date || isBoxed(value);
}

/** A boxed primitive (new String("A")): read as the value it boxes, and cloned as one. */
function isBoxed(value: object): boolean {
  return value instanceof String || value instanceof Number || value instanceof Boolean;
}

/** A row as it can be cloned: a row that is no object as null; an object as its own keys, each value sendable. */
function sendableRow(row: unknown, kind: string, index: number, putBacks: PutBack[]): unknown {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return null;
  // Object.entries, as the reader reads a row; fromEntries keeps a key "__proto__" a key.
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      sendableValue(value, [], (items, as) => putBacks.push({ kind, row: index, key, items, as })),
    ]),
  );
}

/** A value as it can be cloned and is read the same, at `items` in its field's lists; what must be put back is said where. */
function sendableValue(value: unknown, items: readonly number[], putAt: (items: readonly number[], as: PutBack["as"]) => void): unknown {
  if (typeof value === "function" || typeof value === "symbol") {
    putAt(items, typeof value === "function" ? "function" : "symbol");
    return null;
  }
  if (typeof value !== "object" || value === null || value instanceof Date || isBoxed(value)) return value;
  if (Array.isArray(value)) return Array.from(value as unknown[], (item, i) => sendableValue(item, [...items, i], putAt));
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  // Any other object is rejected as a nested object, whatever it holds.
  if (typeof toJSON !== "function") return {};
  let json: unknown;
  try {
    json = (toJSON as (key: string) => unknown).call(value, "");
  } catch (error) {
    // The thread is given a toJSON that throws what the reader names of this one.
    putAt(items, { throws: error instanceof Error ? error.message : String(error) });
    return null;
  }
  // Text, a number, a Date: read there as what it is, as one thread reads what toJSON gives.
  if (typeof json !== "object" || json === null || json instanceof Date || isBoxed(json)) return sendableValue(json, items, putAt);
  // An object (rejected whatever it holds) or a list, given back by a toJSON of the thread's.
  const sent = Array.isArray(json) ? sendableValue(json, items, putAt) : {};
  putAt(items, "toJSON");
  return sent;
}

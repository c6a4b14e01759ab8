/**
 * In-memory rows as worker threads can be given them. A thread gets its input by structured
 * clone, which cannot carry a function or a symbol, nor an object holding one: such a row would
 * stop a run with workers (DataCloneError) where one thread rejects it as a bad row. Here each
 * value goes as something that reads the same (see toCell in io/json.ts): an object nested in a
 * field as an empty one and a list nested in a list as an empty one (each rejected whatever it
 * holds), a row that is no object as null (rejected all the same). A function or a symbol, which
 * nothing else reads as, goes as null with its place, and is put back in the thread.
 */

/** A function or a symbol sent as null: its feed kind, row, key, and place in the key's list (null: the key's own value). */
export interface SentAsNull {
  readonly kind: string;
  readonly row: number;
  readonly key: string;
  readonly item: number | null;
  readonly type: "function" | "symbol";
}

/** Rows given by kind, alone or with their setting (as CheckInput's in-memory feeds). */
type GivenFeeds = Record<string, readonly unknown[] | { readonly rows: readonly unknown[] }>;

/**
 * A copy of the input whose in-memory rows can be cloned, and the values to put back in the
 * thread. Only for a run whose input could not be cloned as given: it copies every row.
 */
export function sendableInput(input: unknown): { readonly input: unknown; readonly sentAsNull: readonly SentAsNull[] } {
  const given = (input as { feeds?: unknown }).feeds;
  if (typeof given !== "object" || given === null || Array.isArray(given)) return { input, sentAsNull: [] };
  const sentAsNull: SentAsNull[] = [];
  const feeds: Record<string, unknown> = {};
  for (const [kind, value] of Object.entries(given as Partial<GivenFeeds>)) {
    // A kind left undefined is no feed (see prepare).
    if (value === undefined) continue;
    const rows = rowsOf(value);
    const sendable: unknown[] = [];
    for (let row = 0; row < rows.length; row++) sendable.push(sendableRow(rows[row], kind, row, sentAsNull));
    feeds[kind] = Array.isArray(value) ? sendable : { ...value, rows: sendable };
  }
  return { input: { ...(input as object), feeds }, sentAsNull };
}

/** Puts back, in the thread, the functions and symbols {@link sendableInput} sent as null. */
export function putBack(input: unknown, sentAsNull: readonly SentAsNull[]): void {
  const feeds = (input as { feeds: GivenFeeds }).feeds;
  for (const { kind, row, key, item, type } of sentAsNull) {
    const value = type === "function" ? () => undefined : Symbol();
    const target = rowsOf(feeds[kind]!)[row] as object;
    // By descriptor, not by assignment: a row's own key "__proto__" stays a key.
    if (item === null) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    else (Object.getOwnPropertyDescriptor(target, key)!.value as unknown[])[item] = value;
  }
}

function rowsOf(value: GivenFeeds[string]): readonly unknown[] {
  return Array.isArray(value) ? value : (value as { readonly rows: readonly unknown[] }).rows;
}

/** A row as it can be cloned: a row that is no object as null; an object as its own keys, each value sendable. */
function sendableRow(row: unknown, kind: string, index: number, sentAsNull: SentAsNull[]): unknown {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return null;
  // Object.entries, as the reader reads a row; fromEntries keeps a key "__proto__" a key.
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => {
      const sentAs = (item: number | null, type: SentAsNull["type"]) => sentAsNull.push({ kind, row: index, key, item, type });
      return [key, sendableValue(value, sentAs)];
    }),
  );
}

/** A field's value as it can be cloned; a function or a symbol in it is sent as null, and said where. */
function sendableValue(value: unknown, sentAs: (item: number | null, type: SentAsNull["type"]) => void): unknown {
  if (!Array.isArray(value)) return sendableItem(value, (type) => sentAs(null, type));
  return Array.from(value as unknown[], (item, i) => (Array.isArray(item) ? [] : sendableItem(item, (type) => sentAs(i, type))));
}

function sendableItem(value: unknown, sentAs: (type: SentAsNull["type"]) => void): unknown {
  if (typeof value === "function" || typeof value === "symbol") {
    sentAs(typeof value === "function" ? "function" : "symbol");
    return null;
  }
  return typeof value === "object" && value !== null && !(value instanceof Date) ? {} : value;
}

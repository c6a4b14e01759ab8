/**
 * A value as a message quotes it: JSON, cut to 60 characters so that the message stays one line;
 * `undefined` as "nothing". A config given in code may hold what JSON cannot write (a bigint, a
 * cycle): it is named by its type.
 */
export function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = typeof value === "object" ? "an object" : `a ${typeof value}`;
  }
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

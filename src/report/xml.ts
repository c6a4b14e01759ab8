import { unicodeEscape, visibleBidi } from "../text/terminal.js";

/**
 * Characters XML 1.0 cannot carry at all, not even as a character reference: C0 controls other
 * than tab, line feed and carriage return, lone surrogates, and U+FFFE / U+FFFF.
 */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/**
 * Escapes text for an XML attribute value: the five markup characters, tab and line breaks as
 * references; characters XML cannot carry, and bidi controls (which reorder what a dashboard
 * shows), as visible escapes (`\u0000`, `\u202e`), as the table writes them: dropped,
 * `bad\u0000nul` and `badnul` would be one name.
 */
export function xmlAttr(text: string): string {
  return visibleBidi(text)
    .replace(NOT_XML, unicodeEscape)
    .replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c]!);
}

/** Escapes text for XML element content: the five markup characters and carriage returns (which parsers would fold); characters XML cannot carry as in {@link xmlAttr}. */
export function xmlText(text: string): string {
  return visibleBidi(text)
    .replace(NOT_XML, unicodeEscape)
    .replace(/[&<>"'\r]/g, (c) => ENTITIES[c]!);
}

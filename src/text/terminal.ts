/**
 * Text for one line of a terminal, whatever an input put in it: line breaks and tabs become
 * spaces, and control and bidi characters (an escape sequence, U+202E) become visible escapes
 * (`\u001b`), so no input can move the cursor, recolour, hide or reorder what is shown.
 */
export function terminalLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, unicodeEscape);
}

/** A character as the escape JSON and JavaScript write it, `\u202e`: visible, whatever it does when shown. */
export function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Characters that reorder the text around them (bidi embeddings, overrides and isolates): shown, they can make one text read as another. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** The text with each bidi control written as a visible escape (`\u202e`), as {@link terminalLine} writes it. */
export function visibleBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, unicodeEscape);
}

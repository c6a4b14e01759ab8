import { unicodeEscape, visibleBidi } from "../text/terminal.js";

/** Control characters HTML's text may not hold: C0 but tab, line feed and carriage return, DEL and C1. */
const HTML_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Text or attribute value as HTML: the five characters that can end or open markup become
 * references; bidi controls, and control characters other than tab and line breaks (which HTML
 * holds as parse errors: an ESC, a NEL), visible escapes (`\u202e`, `\u001b`), so none reorders
 * or hides what is shown.
 */
export function escapeHtml(text: string): string {
  return visibleBidi(text)
    .replace(HTML_CONTROLS, unicodeEscape)
    .replace(/[&<>"']/g, (c) => {
      switch (c) {
        case "&":
          return "&amp;";
        case "<":
          return "&lt;";
        case ">":
          return "&gt;";
        case '"':
          return "&quot;";
        default:
          return "&#39;";
      }
    });
}

/**
 * A label cut to `max` characters (code points, so no surrogate pair is split), ending in "…" when
 * cut; not escaped. A chart's label column has a fixed width: the whole text goes in the mark's `<title>`.
 */
export function clipLabel(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join("")}…`;
}

/** A coordinate rounded to a tenth of a pixel, so the same counts give the same bytes. */
export function px(v: number): number {
  return Math.round(v * 10) / 10;
}

/** "1 finding", "2 findings". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * The opening of an inline chart: `role="img"` with its summary as `aria-label`, and a `<title>`
 * (a tooltip, and the name where `aria-label` is not read). Sized by its viewBox; the page's style
 * lets it shrink to the page's width. Plain presentation attributes only: no `style` attribute and
 * no script, so the page's CSP (style and script by hash) draws it as it is.
 */
export function svgOpen(id: string, width: number, height: number, title: string, summary: string): string {
  return (
    `<svg class="chart" id="${escapeHtml(id)}" viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}" ` +
    `role="img" aria-label="${escapeHtml(summary)}" font-family="system-ui,sans-serif" font-size="11">` +
    `<title>${escapeHtml(title)}</title>`
  );
}

/** Monospace text's width per character at font-size 11, near enough to lay out a label column. */
export const MONO_CHAR = 6.7;

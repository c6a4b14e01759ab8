import { createHash } from "node:crypto";
import { escapeHtml } from "./svg-text.js";

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("base64");

/**
 * The policy of a self-contained page: nothing may load, and only the page's own style (and
 * script, if it has one) run, by hash. Trusted Types with no policy stays, so no string-to-HTML
 * sink could be used even if one were injected.
 */
export function pagePolicy(style: string, script: string | null): string {
  return [
    "default-src 'none'",
    script === null ? "script-src 'none'" : `script-src 'sha256-${sha256(script)}'`,
    `style-src 'sha256-${sha256(style)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

/** A self-contained page from its doctype to `<body>`: its policy, generator, title and style. */
export function pageHead(page: {
  readonly policy: string;
  readonly generator: string;
  readonly title: string;
  readonly style: string;
}): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${page.policy}">
<meta name="generator" content="${escapeHtml(page.generator)}">
<title>${escapeHtml(page.title)}</title>
<style>${page.style}</style>
</head>
<body>`;
}

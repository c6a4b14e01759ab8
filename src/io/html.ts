/**
 * A small streaming scanner of HTML that finds what a product page's price markup needs: the text
 * of each `<script type="application/ld+json">`, the page's canonical URL (`<link rel="canonical">`)
 * and the charset a `<meta>` declares. It follows the HTML tokenizer where that matters here:
 * comments and `<!…>`/`<?…>` declarations are skipped, tag and attribute names are case-insensitive,
 * attribute values may be quoted either way or not at all and hold character references, and the
 * contents of `script`, `style` and the other raw-text elements end only at their end tag (so a `<`
 * or `<!--` inside JavaScript is no tag, and a `</script>` inside a JSON string ends the script, as
 * in a browser). Nothing but the JSON-LD text is kept, and each at most `maxChars` characters long:
 * memory stays bounded whatever the page.
 */

/** What the scanner found, in page order. */
export type HtmlItem =
  /** A JSON-LD script's text (null: longer than the limit, dropped unread), and the line its tag starts on. */
  | { readonly kind: "json-ld"; readonly text: string | null; readonly line: number }
  | { readonly kind: "canonical"; readonly href: string; readonly line: number }
  | { readonly kind: "charset"; readonly charset: string; readonly line: number };

/** Elements whose contents are text up to their end tag (the HTML standard's raw text and escapable raw text elements, and xmp, iframe, noembed, noframes). */
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"]);

/** Characters of one tag kept for reading its attributes: a longer tag (an inline image's data URL) is skipped unread. */
const MAX_TAG_CHARS = 1 << 16;

const enum State {
  Text,
  /** After `<`. */
  Open,
  /** After `<!`, and `<!-`. */
  Bang,
  BangDash,
  Comment,
  /** `<?…>`, `<!DOCTYPE …>`, `<![CDATA[…]]>` outside foreign content: up to the next `>`. */
  Bogus,
  EndTag,
  Tag,
  Raw,
}

export class HtmlScanner {
  private state = State.Text;
  private line = 1;
  private items: HtmlItem[] = [];
  /** The tag being read: its name, whether the name is complete, its text after the name, the quote it is in, its line. */
  private tagName = "";
  private naming = false;
  private tagText = "";
  private tagOverflow = false;
  private quote = 0;
  /** After an `=` in the tag (and any spaces): a quote there opens a value. */
  private afterEquals = false;
  private tagLine = 0;
  /** In a comment: the dashes just before, whether `--!` is just before, and the characters since `<!--`. */
  private dashes = 0;
  private bang = false;
  private commentChars = 0;
  /** In raw text: the end tag sought (`</script`), how much of it matched, and what is kept (JSON-LD only). */
  private rawEnd = "";
  private matched = 0;
  private capture = false;
  private raw: string[] = [];
  private rawLength = 0;
  private rawOverflow = false;
  private rawLine = 0;

  constructor(private readonly maxChars: number) {}

  /** Scans a chunk of the page; returns what completed in it. */
  push(chunk: string): HtmlItem[] {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.state === State.Text) {
        const lt = chunk.indexOf("<", i);
        const end = lt < 0 ? n : lt;
        this.countLines(chunk, i, end);
        if (lt < 0) break;
        this.state = State.Open;
        this.tagLine = this.line;
        i = lt + 1;
        continue;
      }
      if (this.state === State.Raw) {
        i = this.rawText(chunk, i);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line++;
      this.step(c);
      i++;
    }
    return this.take();
  }

  /** Ends the page: a script still open at its end is kept as it is (a browser runs it too). */
  end(): HtmlItem[] {
    if (this.state === State.Raw && this.capture) this.finishScript();
    this.state = State.Text;
    return this.take();
  }

  private take(): HtmlItem[] {
    const out = this.items;
    this.items = [];
    return out;
  }

  private countLines(text: string, from: number, to: number): void {
    for (let k = text.indexOf("\n", from); k >= 0 && k < to; k = text.indexOf("\n", k + 1)) this.line++;
  }

  private step(c: number): void {
    switch (this.state) {
      case State.Open:
        if (c === 33 /* ! */) this.state = State.Bang;
        else if (c === 47 /* / */) this.state = State.EndTag;
        else if (c === 63 /* ? */) this.state = State.Bogus;
        else if (isAsciiLetter(c)) {
          this.state = State.Tag;
          this.tagName = String.fromCharCode(c | 0x20);
          this.naming = true;
          this.tagText = "";
          this.tagOverflow = false;
          this.quote = 0;
          this.afterEquals = false;
        } else {
          this.state = State.Text;
          if (c === 60 /* < */) this.state = State.Open;
        }
        return;
      case State.Bang:
        this.state = c === 45 /* - */ ? State.BangDash : c === 62 /* > */ ? State.Text : State.Bogus;
        return;
      case State.BangDash:
        if (c === 45) {
          this.state = State.Comment;
          this.dashes = 0;
          this.commentChars = 0;
          this.bang = false;
        } else this.state = c === 62 ? State.Text : State.Bogus;
        return;
      case State.Comment:
        // As the HTML tokenizer ends a comment: at `-->` (or more dashes), at `--!>`, and at once
        // at `<!-->` and `<!--->`, which a browser takes as empty comments.
        if (c === 62 && (this.dashes >= 2 || this.bang || this.commentChars === this.dashes)) this.state = State.Text;
        else if (c === 45) {
          this.dashes++;
          this.bang = false;
        } else {
          this.bang = c === 33 && this.dashes >= 2;
          this.dashes = 0;
        }
        this.commentChars++;
        return;
      case State.Bogus:
      case State.EndTag:
        if (c === 62) this.state = State.Text;
        return;
      case State.Tag:
        this.tagChar(c);
        return;
      default:
        return;
    }
  }

  private tagChar(c: number): void {
    if (this.naming) {
      if (isSpace(c) || c === 47 || c === 62) this.naming = false;
      else {
        this.tagName += String.fromCharCode(isAsciiUpper(c) ? c | 0x20 : c);
        return;
      }
    }
    if (this.quote !== 0) {
      if (c === this.quote) this.quote = 0;
    } else if ((c === 34 || c === 39) && this.afterEquals) {
      // A quote opens a value only after `=` (possibly with spaces between): elsewhere it is part of a name.
      this.quote = c;
      this.afterEquals = false;
    } else if (c === 62) {
      this.endTag();
      return;
    } else if (c === 61 /* = */) this.afterEquals = true;
    else if (!isSpace(c)) this.afterEquals = false;
    if (this.tagOverflow) return;
    if (this.tagText.length >= MAX_TAG_CHARS) {
      this.tagOverflow = true;
      this.tagText = "";
      return;
    }
    this.tagText += String.fromCharCode(c);
  }

  private endTag(): void {
    const name = this.tagName;
    const attributes = this.tagOverflow ? null : parseAttributes(this.tagText);
    this.state = State.Text;
    if (attributes !== null) {
      if (name === "link" && relHas(attributes.get("rel"), "canonical")) {
        const href = attributes.get("href");
        if (href !== undefined && href.trim() !== "") this.items.push({ kind: "canonical", href: href.trim(), line: this.tagLine });
      } else if (name === "meta") {
        const charset = attributes.get("charset") ?? charsetOfContentType(attributes.get("http-equiv"), attributes.get("content"));
        if (charset !== undefined && charset.trim() !== "")
          this.items.push({ kind: "charset", charset: charset.trim().toLowerCase(), line: this.tagLine });
      }
    }
    if (!RAW_TEXT.has(name)) return;
    this.state = State.Raw;
    this.rawEnd = `</${name}`;
    this.matched = 0;
    this.capture = name === "script" && attributes !== null && isJsonLdType(attributes.get("type"));
    this.raw = [];
    this.rawLength = 0;
    this.rawOverflow = false;
    this.rawLine = this.tagLine;
  }

  /** Reads raw text from `i` up to its end tag (then the tag's end is read as an end tag's); returns where it stopped. */
  private rawText(chunk: string, i: number): number {
    const n = chunk.length;
    const target = this.rawEnd;
    const from = i;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (this.matched === target.length) {
        if (isSpace(c) || c === 47 || c === 62) {
          // The end tag: what came before its `</name` is the element's text.
          this.keep(chunk.slice(from, i));
          this.countLines(chunk, from, i);
          if (this.capture) {
            this.dropTail(target.length);
            this.finishScript();
          }
          this.state = State.EndTag;
          return i;
        }
        this.matched = 0;
      }
      const expected = target.charCodeAt(this.matched);
      if (c === expected || (this.matched >= 2 && isAsciiLetter(c) && (c | 0x20) === expected)) this.matched++;
      else this.matched = c === 60 ? 1 : 0;
      i++;
    }
    this.keep(chunk.slice(from, n));
    this.countLines(chunk, from, n);
    return n;
  }

  private keep(text: string): void {
    if (!this.capture || text === "") return;
    this.rawLength += text.length;
    if (this.rawOverflow) return;
    // The end tag's own characters are kept until it is known to be one: room for them beyond the limit.
    if (this.rawLength > this.maxChars + this.rawEnd.length) {
      this.rawOverflow = true;
      this.raw = [];
      return;
    }
    this.raw.push(text);
  }

  /** Drops the last `count` characters kept (the end tag's `</script`). */
  private dropTail(count: number): void {
    this.rawLength -= count;
    if (this.rawOverflow) return;
    const text = this.raw.join("");
    this.raw = [text.slice(0, Math.max(0, text.length - count))];
  }

  private finishScript(): void {
    const overflow = this.rawOverflow || this.rawLength > this.maxChars;
    this.items.push({ kind: "json-ld", text: overflow ? null : this.raw.join(""), line: this.rawLine });
    this.raw = [];
    this.capture = false;
  }
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAsciiUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** HTML's whitespace: tab, line feed, form feed, carriage return, space. */
function isSpace(c: number): boolean {
  return c === 9 || c === 10 || c === 12 || c === 13 || c === 32;
}

/** Whether a script's `type` says JSON-LD (compared as the HTML standard compares MIME types: case-insensitive, parameters aside). */
export function isJsonLdType(type: string | undefined): boolean {
  if (type === undefined) return false;
  const essence = type.split(";")[0]!.trim().toLowerCase();
  return essence === "application/ld+json";
}

function relHas(rel: string | undefined, token: string): boolean {
  return (
    rel !== undefined &&
    rel
      .toLowerCase()
      .split(/[\t\n\f\r ]+/)
      .includes(token)
  );
}

function charsetOfContentType(httpEquiv: string | undefined, content: string | undefined): string | undefined {
  if (httpEquiv?.trim().toLowerCase() !== "content-type" || content === undefined) return undefined;
  const at = content.toLowerCase().indexOf("charset=");
  if (at < 0) return undefined;
  return content
    .slice(at + 8)
    .split(";")[0]!
    .replace(/["']/g, "")
    .trim();
}

/**
 * A tag's attributes (the text after its name) by lower-case name, values with their character
 * references decoded; the first of a repeated name wins, as in HTML.
 */
export function parseAttributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && (isSpace(text.charCodeAt(i)) || text[i] === "/")) i++;
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i)) && text[i] !== "/" && text[i] !== "=" && text[i] !== ">") i++;
    if (i === start) {
      i++;
      continue;
    }
    const name = text.slice(start, i).toLowerCase();
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    let value = "";
    if (text[i] === "=") {
      i++;
      while (i < n && isSpace(text.charCodeAt(i))) i++;
      const q = text[i];
      if (q === '"' || q === "'") {
        const close = text.indexOf(q, i + 1);
        const end = close < 0 ? n : close;
        value = text.slice(i + 1, end);
        i = end + 1;
      } else {
        const s = i;
        while (i < n && !isSpace(text.charCodeAt(i)) && text[i] !== ">") i++;
        value = text.slice(s, i);
      }
    }
    if (!out.has(name)) out.set(name, decodeCharacterReferences(value));
  }
  return out;
}

const NAMED: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  plus: "+",
  sol: "/",
  colon: ":",
  semi: ";",
};

/** Decodes `&amp;`, `&#43;`, `&#x2B;` and a few other named references in an attribute's value; unknown ones stay as they are. */
export function decodeCharacterReferences(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : "\uFFFD";
    }
    return NAMED[ref] ?? whole;
  });
}

/**
 * The JSON text of a JSON-LD script: without the `<!-- … -->` or `<![CDATA[ … ]]>` (with `//`
 * before each) that some page builders wrap it in.
 */
export function unwrapJsonLd(text: string): string {
  let t = text.trim();
  for (const [open, close] of [
    ["<!--", "-->"],
    ["//<![CDATA[", "//]]>"],
    ["<![CDATA[", "]]>"],
  ] as const) {
    if (t.startsWith(open) && t.endsWith(close)) t = t.slice(open.length, t.length - close.length).trim();
  }
  return t;
}

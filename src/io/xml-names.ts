/** The namespace the `xml` prefix is bound to in every document. */
const XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

/**
 * Google's namespace (`xmlns:g="http://base.google.com/ns/1.0"`): its elements are Google's
 * attributes, named by their local name in any record (`<g:price>` is `price`), as the record's
 * own are; an element of another namespace (Google's custom attributes' `c:`,
 * `http://base.google.com/cns/1.0`) is not.
 */
export const GOOGLE_NAMESPACE = "http://base.google.com/ns/1.0";

/**
 * Whether a namespace name is Google's written otherwise: with `https:`, a trailing `/`, or
 * capitals (`https://base.google.com/ns/1.0/`). Namespace names are compared exactly, so such a
 * binding would make no element Google's.
 */
export function misspeltGoogleNamespace(uri: string): boolean {
  if (uri === GOOGLE_NAMESPACE) return false;
  let text = uri.trim().toLowerCase();
  if (text.endsWith("/")) text = text.slice(0, -1);
  return text === GOOGLE_NAMESPACE || text === `https${GOOGLE_NAMESPACE.slice(4)}`;
}

/** An element or attribute name as written: its prefix ("" for none) and local name. */
export interface XmlName {
  readonly prefix: string;
  readonly local: string;
}

/** Splits `g:price` into its prefix and local name; null for a name that is not a qualified name (`:a`, `a:`, `a:b:c`). */
export function splitName(name: string): XmlName | null {
  const colon = name.indexOf(":");
  if (colon < 0) return { prefix: "", local: name };
  if (colon === 0 || colon === name.length - 1 || name.indexOf(":", colon + 1) >= 0) return null;
  return { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

/**
 * The namespace prefixes in scope while a document is read element by element (Namespaces in
 * XML 1.0): an element's `xmlns` and `xmlns:p` attributes bind for it and what it holds. Only
 * elements that declare one make a new scope, so the common element costs a loop over its
 * attributes and nothing else.
 */
export class NamespaceScopes {
  private current: ReadonlyMap<string, string> = new Map([["xml", XML_NAMESPACE]]);
  /** For each open element, the scope before it when it declared prefixes, else null. */
  private readonly saved: (ReadonlyMap<string, string> | null)[] = [];

  /** Enters an element, given its attributes as written; returns whether it declares a prefix (or the default namespace). */
  open(attributes: Readonly<Record<string, string>>): boolean {
    let next: Map<string, string> | null = null;
    for (const name in attributes) {
      if (name === "xmlns") (next ??= new Map(this.current)).set("", attributes[name]!);
      else if (name.startsWith("xmlns:")) (next ??= new Map(this.current)).set(name.slice(6), attributes[name]!);
    }
    this.saved.push(next === null ? null : this.current);
    if (next !== null) this.current = next;
    return next !== null;
  }

  /** Leaves the element entered last. */
  close(): void {
    const before = this.saved.pop();
    if (before) this.current = before;
  }

  /**
   * The namespace of a name with this prefix: for an element without one, the default namespace
   * ("" if none); for an attribute without one, "" (attributes take no default); undefined when
   * the prefix is not bound here.
   */
  uri(prefix: string, attribute = false): string | undefined {
    if (prefix === "") return attribute ? "" : (this.current.get("") ?? "");
    const uri = this.current.get(prefix);
    return uri === "" ? undefined : uri;
  }
}

/** Whether an attribute declares a namespace prefix (`xmlns`, `xmlns:g`) rather than holding a value. */
export function isNamespaceDeclaration(name: string): boolean {
  return name === "xmlns" || name.startsWith("xmlns:");
}

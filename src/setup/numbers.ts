/** Separators a feed's numbers may group thousands with (the config's `thousands`). */
export type Grouping = "," | "." | "'" | " ";

/** How a file writes numbers, as far as its cells tell. */
export interface NumberGuess {
  readonly decimal: "." | ",";
  /** Set only when grouped numbers were seen. */
  readonly thousands: Grouping | undefined;
  /** Whether cells told the decimal separator (else `decimal` is the default, "."). */
  readonly known: boolean;
  /** What the cells showed, for the config's comments; null when there were none. */
  readonly note: string | null;
  /** Set when numbers were sampled but none showed its decimal separator (whole numbers only). */
  readonly decimalUnseen?: true;
}

/** Share of the telling cells that one decimal separator needs before it is taken. */
const AGREEMENT = 0.8;

/** What one cell tells: its decimal separator, its grouping separator, or that it could be read either way. */
interface Evidence {
  readonly decimal?: "." | ",";
  readonly thousands?: Grouping;
  readonly ambiguous?: boolean;
  /** A whole number written without separators (`12`): it tells nothing. */
  readonly whole?: boolean;
}

/**
 * The decimal and grouping separators of money and quantity cells, from evidence only: `1.234,56`
 * and `12,5` tell a decimal comma, `1,234.56` and `0.479` a decimal point; `2.479` or `1,234`
 * alone could be either (a decimal, or a grouped whole number), and leave the default ".". When the
 * cells disagree (less than {@link AGREEMENT} of them on one side), the default stays and the note
 * says why; so it does when every number is whole (`12`, `15`), which shows no decimal separator:
 * a later `1.234` would be read as 1.234.
 */
export function guessNumberFormat(cells: Iterable<string>): NumberGuess {
  const votes = { ".": [] as string[], ",": [] as string[] };
  const groups = new Map<Grouping, number>();
  const ambiguous: string[] = [];
  const whole: string[] = [];
  for (const cell of cells) {
    const evidence = evidenceOf(cell);
    if (evidence === null) continue;
    if (evidence.whole) whole.push(cell.trim());
    if (evidence.ambiguous) ambiguous.push(cell.trim());
    if (evidence.decimal !== undefined) votes[evidence.decimal].push(cell.trim());
    if (evidence.thousands !== undefined) groups.set(evidence.thousands, (groups.get(evidence.thousands) ?? 0) + 1);
  }
  const dots = votes["."].length;
  const commas = votes[","].length;
  const told = dots + commas;
  const examples = (list: readonly string[]) =>
    [...new Set(list)]
      .slice(0, 2)
      .map((c) => JSON.stringify(c))
      .join(", ");
  if (told === 0) {
    // Whole numbers grouped by a space or an apostrophe ("1 234", "1'234") say their grouping, whatever the decimal.
    const grouped = [...groups.keys()].find((g) => g === " " || g === "'");
    const unseen = `no sampled amount shows its decimal separator`;
    const keep = `the default decimal "." is kept, under which "1.234" reads as 1.234 and "12,50" is refused: set decimal (and thousands) as the file writes them`;
    if (grouped !== undefined && ambiguous.length === 0)
      return {
        decimal: ".",
        thousands: grouped,
        known: true,
        note: `TODO numbers: grouping ${JSON.stringify(grouped)} from whole numbers; ${unseen}: the default decimal "." is kept: set decimal if the file writes decimals with a comma`,
        decimalUnseen: true,
      };
    if (ambiguous.length === 0) {
      if (whole.length === 0) return { decimal: ".", thousands: undefined, known: false, note: null };
      return {
        decimal: ".",
        thousands: undefined,
        known: false,
        note: `TODO numbers: ${unseen} (${whole.length === 1 ? "the one there is whole" : `all ${whole.length} are whole`}, like ${examples(whole)}): ${keep}`,
        decimalUnseen: true,
      };
    }
    const comma = ambiguous.some((c) => c.includes(","));
    return {
      decimal: ".",
      thousands: undefined,
      known: false,
      note:
        `TODO numbers: cells like ${examples(ambiguous)} may be decimals or grouped whole numbers; the default decimal "." is kept` +
        (comma
          ? ', under which check refuses "1,234" as ambiguous: set decimal or thousands'
          : ": set decimal and thousands if that is wrong"),
    };
  }
  const decimal = dots >= commas ? "." : ",";
  const share = Math.max(dots, commas) / told;
  if (share < AGREEMENT) {
    return {
      decimal: ".",
      thousands: undefined,
      known: false,
      note: `TODO numbers: the cells disagree: ${dots} read with a decimal point (${examples(votes["."])}), ${commas} with a decimal comma (${examples(votes[","])}); the default decimal "." is kept`,
    };
  }
  let thousands: Grouping | undefined;
  let most = 0;
  for (const [group, n] of groups) {
    if (group !== decimal && n > most) {
      thousands = group;
      most = n;
    }
  }
  // With the decimal known, "1.299" beside decimal commas groups thousands: check would refuse it as ambiguous otherwise.
  const grouping: Grouping = decimal === "," ? "." : ",";
  if (thousands === undefined && ambiguous.some((c) => c.includes(grouping))) thousands = grouping;
  const minority = decimal === "." ? votes[","] : votes["."];
  const name = decimal === "." ? "decimal point" : "decimal comma";
  const notes = [`${name} from cells like ${examples(votes[decimal])}`];
  if (thousands !== undefined) notes.push(`grouping "${thousands}"`);
  if (minority.length > 0) notes.push(`${minority.length} cell(s) like ${examples(minority)} do not fit: check will reject their rows`);
  return { decimal, thousands, known: true, note: `numbers: ${notes.join("; ")}` };
}

/** What a cell's digits and separators tell, its currency and sign aside; null for no number. */
function evidenceOf(cell: string): Evidence | null {
  const text = cell.trim();
  const first = text.search(/\d/);
  if (first < 0) return null;
  let last = text.length - 1;
  while (last > first && !isDigit(text.charCodeAt(last))) last--;
  const body = text.slice(first, last + 1).replace(/[\u00a0\u202f\u2009]/g, " ");
  if (/^\d+$/.test(body)) return { whole: true };
  if (/^\d{1,3}(,\d{3})+\.\d+$/.test(body)) return { decimal: ".", thousands: "," };
  if (/^\d{1,3}(\.\d{3})+,\d+$/.test(body)) return { decimal: ",", thousands: "." };
  if (/^\d{1,3}( \d{3})+,\d+$/.test(body)) return { decimal: ",", thousands: " " };
  if (/^\d{1,3}( \d{3})+\.\d+$/.test(body)) return { decimal: ".", thousands: " " };
  if (/^\d{1,3}( \d{3})+$/.test(body)) return { thousands: " " };
  if (/^\d{1,3}('\d{3})+(\.\d+)?$/.test(body)) return body.includes(".") ? { decimal: ".", thousands: "'" } : { thousands: "'" };
  if (/^\d{1,3}(\.\d{3}){2,}$/.test(body)) return { decimal: ",", thousands: "." };
  if (/^\d{1,3}(,\d{3}){2,}$/.test(body)) return { decimal: ".", thousands: "," };
  const single = /^(\d+)([.,])(\d+)$/.exec(body);
  if (single === null) return null;
  const [, whole, separator, fraction] = single as unknown as [string, string, "." | ",", string];
  // Three digits after one separator, after one to three digits not led by a 0: a decimal, or a group of thousands.
  if (fraction.length === 3 && whole.length <= 3 && !whole.startsWith("0")) return { ambiguous: true };
  return { decimal: separator };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

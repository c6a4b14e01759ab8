import type { Finding } from "../model/finding.js";
import { countedAs } from "./digest.js";

const isTextOrNull = (value: unknown): boolean => value === null || typeof value === "string";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** A finding's source as the writers read it: a file and a line. */
const isSource = (value: unknown): boolean => isObject(value) && typeof value["file"] === "string" && typeof value["line"] === "number";

/** What the writers and merge read of a finding, of the types a report gives them. */
function isFinding(f: unknown): f is Finding {
  if (!isObject(f)) return false;
  const { id, rule, message, sku, location, promotion, channels, values, sources, waived } = f;
  return (
    typeof id === "string" &&
    typeof rule === "string" &&
    typeof message === "string" &&
    isTextOrNull(sku) &&
    isTextOrNull(location) &&
    isTextOrNull(promotion) &&
    Array.isArray(channels) &&
    channels.every((c) => typeof c === "string") &&
    isObject(values) &&
    Array.isArray(sources) &&
    sources.every(isSource) &&
    (waived === undefined || waived === null || (isObject(waived) && typeof waived["reason"] === "string"))
  );
}

/**
 * Why a finding is not one that merge and the writers can read (`is not a finding`: see isFinding;
 * `has no severity`: it must have one, or be waived, to be counted), or null when it is. Said of a
 * report read back (`readReport`, `merge`) and of one given to a writer, as code may build one.
 */
export function findingFault(f: unknown): string | null {
  if (!isFinding(f)) return "is not a finding";
  if (countedAs(f) === null) return "has no severity";
  return null;
}

/** The first of `findings` that merge and the writers cannot read, by its place, with why (see {@link findingFault}); null when there is none. */
export function firstFindingFault(findings: readonly unknown[]): { readonly index: number; readonly fault: string } | null {
  for (const [index, f] of findings.entries()) {
    const fault = findingFault(f);
    if (fault !== null) return { index, fault };
  }
  return null;
}

import type { ClockChanges } from "../rules/facts.js";
import type { CompiledRule } from "../rules/rule.js";

/** No rule reads `now`: the instants where the inputs change are all there is. */
export const NO_CLOCK: ClockChanges = { shifts: [], points: [] };

/**
 * Where the rules that compare `now` can turn, over them all: the shifts from the data's instants
 * other than 0 (those instants are change points already), and the fixed instants.
 */
export function clockOf(rules: readonly CompiledRule[]): ClockChanges {
  const shifts = new Set<number>();
  const points = new Set<number>();
  for (const rule of rules) {
    for (const s of rule.needs.clock?.shifts ?? []) if (s !== 0) shifts.add(s);
    for (const p of rule.needs.clock?.points ?? []) points.add(p);
  }
  return { shifts: [...shifts].sort((a, b) => a - b), points: [...points].sort((a, b) => a - b) };
}

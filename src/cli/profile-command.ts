import { PricelintError } from "../model/errors.js";
import { PROFILE_NAMES, profileNamed } from "../profiles/profiles.js";
import { nearest } from "../text/nearest.js";

/**
 * `pricelint profile [NAME] [--json]`: the profiles a feed may name, or one of them as the data it
 * is — its zone rule, its views (kind, columns, constants, value maps, offers, inheritance, the
 * fields without which a row is skipped, those that may repeat) and its attributes — so a user
 * can see what a profile reads, and override any part in the config (a view's every key in the
 * feed's `views`).
 */
export function showProfile(name: string | undefined, json: boolean): string {
  if (name === undefined) {
    const profiles = PROFILE_NAMES.map((n) => profileNamed(n)!);
    if (json)
      return JSON.stringify(
        profiles.map((p) => ({ name: p.name, description: p.description })),
        null,
        2,
      );
    const width = Math.max(...profiles.map((p) => p.name.length));
    return profiles.map((p) => `${p.name.padEnd(width)}  ${p.description}`).join("\n");
  }
  const profile = profileNamed(name);
  if (profile === undefined) {
    const near = nearest(name, PROFILE_NAMES);
    throw new PricelintError(
      "usage",
      `no profile "${name}"${near === null ? "" : `; did you mean "${near}"?`} (profiles: ${PROFILE_NAMES.join(", ")})`,
    );
  }
  if (json) return JSON.stringify(profile, null, 2);
  const lines = [`${profile.name} — ${profile.description}`, ""];
  lines.push(`Times without an offset are read in ${profile.timezone} (a feed's own "timezone" overrides it).`);
  if (profile.looseColumns)
    lines.push(
      "Columns match names that differ in case, spaces, _ and - (and, in XML, a g: prefix of Google's namespace); a column the file lacks is no error.",
    );
  lines.push("", "Attributes:");
  const width = Math.max(...profile.attributes.map((a) => a.attribute.length));
  for (const a of profile.attributes) lines.push(`  ${a.attribute.padEnd(width)}  → ${a.fields}: ${a.read}`);
  if (profile.unread.length > 0) lines.push("", "Not read:", ...profile.unread.map((u) => `  ${u}`));
  lines.push(
    "",
    "As data (override any part in the feed's entry of the config; a view's keys in its \"views\"):",
    JSON.stringify({ views: profile.views }, null, 2),
  );
  return lines.join("\n");
}

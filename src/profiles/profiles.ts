import { GOOGLE_LOCAL_INVENTORY } from "./google-local-inventory.js";
import { GOOGLE_PRODUCTS } from "./google-products.js";
import type { Profile } from "./profile.js";

/** The profiles a feed may name, by name. */
export const PROFILES: Readonly<Record<string, Profile>> = {
  [GOOGLE_PRODUCTS.name]: GOOGLE_PRODUCTS,
  [GOOGLE_LOCAL_INVENTORY.name]: GOOGLE_LOCAL_INVENTORY,
};

export const PROFILE_NAMES = [GOOGLE_PRODUCTS.name, GOOGLE_LOCAL_INVENTORY.name] as const;

/** The profile of that name, or undefined. */
export function profileNamed(name: string): Profile | undefined {
  return Object.hasOwn(PROFILES, name) ? PROFILES[name] : undefined;
}

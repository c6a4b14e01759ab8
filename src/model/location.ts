import type { Source } from "./source.js";

export const LOCATION_STATUSES = ["open", "temporarily_closed", "closed"] as const;
export type LocationStatus = (typeof LOCATION_STATUSES)[number];

/** A store, pickup point or price zone. */
export interface Location {
  readonly location: string;
  readonly name: string | null;
  readonly timezone: string | null;
  readonly status: LocationStatus | null;
  readonly clickCollect: boolean | null;
  readonly eReservation: boolean | null;
  readonly region: string | null;
  readonly country: string | null;
  readonly currency: string | null;
  readonly source: Source;
}

/** A location's fields beside its code: two rows of one location that differ on one dispute it. */
export const LOCATION_FIELDS = [
  "name",
  "timezone",
  "status",
  "clickCollect",
  "eReservation",
  "region",
  "country",
  "currency",
] as const satisfies readonly (keyof Location)[];

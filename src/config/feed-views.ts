import { FEED_FIELDS, isFeedField, type FeedKind } from "../model/fields.js";
import { profileNamed } from "../profiles/profiles.js";
import type { FeedView, OfferSpec } from "../profiles/profile.js";

/** What of a feed entry its views are made from (the config's feed, as zod reads it). */
export interface FeedViewsInput {
  readonly kind?: FeedKind | undefined;
  readonly profile?: string | undefined;
  readonly views?: readonly FeedView[] | undefined;
  readonly columns?: Readonly<Record<string, string>> | undefined;
  readonly constants?: FeedView["constants"];
  readonly values?: FeedView["values"];
  readonly offers?: readonly OfferSpec[] | undefined;
  readonly inheritFrom?: string | undefined;
  readonly timezone?: string | undefined;
}

/** A view as a feed's records go through it, with what its reader needs beyond the mapping. */
export interface ResolvedView extends FeedView {
  readonly looseColumns: boolean;
  /** Fields mapped by the profile (not the config): their columns may be absent. */
  readonly optionalColumns: ReadonlySet<string>;
  /**
   * The profile's column of each field the entry sets as a constant instead (a `{location}` path
   * placeholder over google-local-inventory's `store_code`): a file that has it is refused, as one
   * with the field's own column is (docs/bad-input.md C24).
   */
  readonly profileColumns: Readonly<Record<string, string>>;
}

/**
 * The views of a feed entry: its one `kind`; else its profile's views, each merged with the entry's
 * `views` of the same kind and then with the entry's own `columns`, `constants`, `values`,
 * `offers` and `inheritFrom` (each applied to the views of whose kind it is a field). The config
 * wins field by field: a field it maps to a column, or sets as a constant, is no longer the
 * profile's in any other way.
 */
export function feedViews(feed: FeedViewsInput): ResolvedView[] {
  const profile = feed.profile === undefined ? undefined : profileNamed(feed.profile);
  // Under a profile, a kind picks the profile's view of that kind.
  const base: FeedView[] =
    profile !== undefined
      ? profile.views.filter((v) => feed.kind === undefined || v.kind === feed.kind)
      : feed.kind !== undefined
        ? [{ kind: feed.kind }]
        : [];
  const fromProfile = new Map<FeedKind, FeedView>();
  if (profile !== undefined) for (const view of profile.views) fromProfile.set(view.kind, view);
  for (const view of feed.views ?? []) {
    const at = base.findIndex((b) => b.kind === view.kind);
    if (at >= 0) base[at] = merge(base[at]!, view);
    else base.push(view);
  }
  return base.map((view) => {
    const top: FeedView = {
      kind: view.kind,
      columns: only(view.kind, feed.columns),
      constants: only(view.kind, feed.constants),
      values: only(view.kind, feed.values),
      offers: view.kind === "prices" ? feed.offers : undefined,
      inheritFrom: view.kind === "prices" ? feed.inheritFrom : undefined,
    };
    const merged = merge(view, top);
    const mine = fromProfile.get(view.kind);
    const optional = new Set<string>();
    for (const [field, column] of Object.entries(merged.columns ?? {}))
      if (mine?.columns?.[field] === column && feed.columns?.[field] === undefined) optional.add(field);
    const profileColumns: Record<string, string> = {};
    for (const field of Object.keys(merged.constants ?? {}))
      if (mine?.columns?.[field] !== undefined && merged.columns?.[field] === undefined) profileColumns[field] = mine.columns[field];
    // A field the config maps to a column of its own is read as any column is, one value.
    const repeated = Object.entries(merged.repeated ?? {}).filter(([field]) => optional.has(field));
    return {
      ...merged,
      repeated: repeated.length === 0 ? undefined : Object.fromEntries(repeated),
      looseColumns: profile?.looseColumns ?? false,
      optionalColumns: optional,
      profileColumns,
    };
  });
}

/** `over` laid on `under`: maps key by key, a field's column and its constant replacing each other. */
function merge(under: FeedView, over: FeedView): FeedView {
  const columns = { ...under.columns };
  const constants = { ...under.constants };
  for (const field of Object.keys(over.constants ?? {})) delete columns[field];
  for (const field of Object.keys(over.columns ?? {})) delete constants[field];
  // Offers given over a channel column or constant replace it, and a channel given over offers replaces them.
  if (over.offers !== undefined) {
    delete columns["channel"];
    delete constants["channel"];
  }
  Object.assign(columns, over.columns);
  Object.assign(constants, over.constants);
  const channel = over.columns?.["channel"] !== undefined || over.constants?.["channel"] !== undefined;
  const offers = over.offers ?? (channel ? undefined : under.offers);
  const values = { ...under.values, ...over.values };
  return {
    kind: under.kind,
    ...(Object.keys(columns).length > 0 ? { columns } : {}),
    ...(Object.keys(constants).length > 0 ? { constants } : {}),
    ...(Object.keys(values).length > 0 ? { values } : {}),
    ...(offers !== undefined ? { offers } : {}),
    ...((over.inheritFrom ?? under.inheritFrom) !== undefined ? { inheritFrom: over.inheritFrom ?? under.inheritFrom } : {}),
    ...((over.skipWithout ?? under.skipWithout) !== undefined ? { skipWithout: over.skipWithout ?? under.skipWithout } : {}),
    ...((over.repeated ?? under.repeated) !== undefined ? { repeated: over.repeated ?? under.repeated } : {}),
  };
}

/** The entries of `map` whose keys are fields of `kind`; undefined when there are none. */
function only<T>(kind: FeedKind, map: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined {
  if (map === undefined) return undefined;
  const kept = Object.entries(map).filter(([field]) => isFeedField(kind, field));
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

/** The kinds a feed entry's views read, in order. */
export function feedKinds(feed: FeedViewsInput): FeedKind[] {
  return feedViews(feed).map((v) => v.kind);
}

/** The fields of any of `kinds`, for messages. */
export function fieldsOf(kinds: readonly FeedKind[]): string[] {
  return [...new Set(kinds.flatMap((k) => FEED_FIELDS[k].map((f) => f.name)))];
}

/** Built-in channels and whether each is located (its prices can differ per location). */
export const BUILTIN_CHANNELS: Readonly<Record<string, boolean>> = {
  store: true,
  click_collect: true,
  e_reservation: true,
  web: false,
  app: false,
  marketplace: false,
  call_center: false,
  landing_page: false,
};

/**
 * The channel a product page's offers are prices of, unless an html feed's constants name
 * another: what the web channel's own page shows, so no channel a sku is sold in apart.
 */
export const LANDING_PAGE_CHANNEL = "landing_page";

/**
 * Whether a channel is located (its prices may differ per location), by a config's registry
 * (`channelRegistry`), else as built in; a channel neither knows is taken to be.
 */
export function isLocated(channel: string, registry: ReadonlyMap<string, boolean> | null | undefined): boolean {
  return registry?.get(channel) ?? BUILTIN_CHANNELS[channel] ?? true;
}

/** The channels a config knows: the built-in ones, with its declarations added or overriding. */
export function channelRegistry(declared: Readonly<Record<string, { located: boolean }>> | undefined): Map<string, boolean> {
  const channels = new Map(Object.entries(BUILTIN_CHANNELS));
  for (const [id, { located }] of Object.entries(declared ?? {})) channels.set(id, located);
  return channels;
}

/** A product page whose JSON-LD gives the ids given and one offer at `price` USD; `head`: more of its head, before the JSON-LD. */
export const productPage = (ids: Record<string, string>, price: string, head = "") =>
  `<html><head>${head}<script type="application/ld+json">${JSON.stringify({
    "@context": "https://schema.org",
    "@type": "Product",
    name: "x",
    ...ids,
    offers: { "@type": "Offer", price, priceCurrency: "USD" },
  })}</script></head><body></body></html>\n`;

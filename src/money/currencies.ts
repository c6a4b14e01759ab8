/**
 * ISO 4217 minor units (the number of decimals of the currency's minor unit).
 * Currencies not listed here have 2. Source: ISO 4217 list one, as published by SIX.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BHD: 3,
  BIF: 0,
  CLF: 4,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  IQD: 3,
  ISK: 0,
  JOD: 3,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  PYG: 0,
  RWF: 0,
  TND: 3,
  UGX: 0,
  UYI: 0,
  UYW: 4,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
};

/** Active ISO 4217 alphabetic codes; a code outside this list is rejected as unknown. */
const ISO_CODES = new Set(
  (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD " +
    "BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD " +
    "EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD " +
    "IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL " +
    "MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN " +
    "PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN " +
    "SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES " +
    "VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG"
  ).split(" "),
);

/** Whether `code` is an active ISO 4217 currency code. */
export function isCurrencyCode(code: string): boolean {
  return ISO_CODES.has(code);
}

/**
 * What is said of a config's currency code (its `currency`, a `minorUnits` or `currencies` key)
 * written in another case than ISO 4217's (`eur`), or null: a feed's cell may write a code in any
 * case, the config writes it in capitals.
 */
export function codeInOtherCase(code: string): string | null {
  const upper = code.toUpperCase();
  return upper !== code && isCurrencyCode(upper)
    ? `"${code}" is ${upper} in another case: the config writes ISO 4217 codes in capitals`
    : null;
}

/** Minor units of `code`: the override when given, else ISO 4217, else 2. */
export function minorUnits(code: string, overrides?: Readonly<Record<string, number>>): number {
  return overrides?.[code] ?? MINOR_UNITS[code] ?? 2;
}

/**
 * Currency symbols a money cell may carry, and the codes each one can mean. A symbol
 * with several codes (`$`) is accepted only when the row's currency is one of them.
 */
export const CURRENCY_SYMBOLS: Readonly<Record<string, readonly string[]>> = {
  "€": ["EUR"],
  "£": ["GBP", "EGP", "GIP", "FKP", "SHP"],
  "¥": ["JPY", "CNY"],
  "₩": ["KRW"],
  "₹": ["INR"],
  "₺": ["TRY"],
  "₽": ["RUB"],
  zł: ["PLN"],
  Kč: ["CZK"],
  Ft: ["HUF"],
  "Fr.": ["CHF"],
  HK$: ["HKD"],
  US$: ["USD"],
  A$: ["AUD"],
  C$: ["CAD"],
  NZ$: ["NZD"],
  S$: ["SGD"],
  R$: ["BRL"],
  $: ["USD", "HKD", "CAD", "AUD", "NZD", "SGD", "MXN", "ARS", "CLP", "COP", "TWD"],
};

/** The dollars `$` may be (see CURRENCY_SYMBOLS). */
const DOLLARS = CURRENCY_SYMBOLS["$"]!;

/**
 * Currencies written as a word, in lower case (`15.00 Euro`, `kr 99`): the codes a word may mean.
 * Not read as the currency (`kr` is four countries' sign, `dollars` a dozen's): a cell's error
 * names the word and the code to write instead.
 */
export const CURRENCY_WORDS: Readonly<Record<string, readonly string[]>> = {
  euro: ["EUR"],
  euros: ["EUR"],
  dollar: DOLLARS,
  dollars: DOLLARS,
  pound: ["GBP"],
  pounds: ["GBP"],
  yen: ["JPY"],
  yuan: ["CNY"],
  rmb: ["CNY"],
  franc: ["CHF"],
  francs: ["CHF"],
  franken: ["CHF"],
  kr: ["SEK", "NOK", "DKK", "ISK"],
  kn: ["HRK"],
  rupee: ["INR"],
  rupees: ["INR"],
  zloty: ["PLN"],
  forint: ["HUF"],
  lira: ["TRY"],
  real: ["BRL"],
  reais: ["BRL"],
  lei: ["RON"],
};

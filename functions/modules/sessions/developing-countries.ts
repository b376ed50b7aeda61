/**
 * Which countries count as developing, for the funnel's developing-country
 * status and the evaluation's equity flag. Pure data — no I/O.
 *
 * Source: the UN Statistics Division's standard country or area codes for
 * statistical use (M49). Its note on "developed" and "developing" regions
 * reads: "in common practice, Japan in Asia, Canada and the United States in
 * Northern America, Australia and New Zealand in Oceania, and Europe are
 * considered 'developed' regions or areas". Agora follows that note: a
 * country is developed when M49 places it in Europe or Northern America, or
 * in the sub-region "Australia and New Zealand", or it is Japan; every other
 * ISO 3166-1 country is developing. (M49 stopped publishing the distinction
 * as a column in 2021; the note is the last statement of the common practice,
 * and it is what the IGF's evaluation forms meant by a "developing country".)
 * Changing the list changes only future counts: a proposal's status is
 * frozen in its funnel snapshot when it enters a stage.
 */

/** M49 Europe (Eastern, Northern, Southern, Western Europe), as ISO 3166-1 alpha-2. */
const M49_EUROPE = `
  BY BG CZ HU MD PL RO RU SK UA
  AX DK EE FO FI GG IE IM IS JE LT LV NO SE SJ GB
  AD AL BA ES GI GR HR IT ME MK MT PT RS SI SM VA
  AT BE CH DE FR LI LU MC NL
`;

/** M49 Northern America. */
const M49_NORTHERN_AMERICA = 'BM CA GL PM US';

/** M49 "Australia and New Zealand" (with their external territories), and Japan. */
const OTHER_DEVELOPED = 'AU CC CX HM NF NZ JP';

export const DEVELOPED_COUNTRIES: ReadonlySet<string> = new Set(`${M49_EUROPE} ${M49_NORTHERN_AMERICA} ${OTHER_DEVELOPED}`.split(/\s+/).filter(Boolean));

/** Whether an ISO 3166-1 alpha-2 country is developing under the M49 common practice (see above). */
export function isDevelopingCountry(country: string): boolean {
  return !DEVELOPED_COUNTRIES.has(country.toUpperCase());
}

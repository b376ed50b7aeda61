/**
 * Names people and organisations give themselves: what the directory shows
 * must read as what it is. A name is refused when it holds control
 * characters or bidirectional controls (which can make "Ministry" display
 * as something else), and otherwise normalised: Unicode NFKC (full-width
 * and compatibility forms folded), zero-width and invisible formatting
 * characters removed, runs of white space collapsed, trimmed. So
 * "Ministry of Digital Affairs\u200b" is stored as "Ministry of Digital
 * Affairs", and then meets the real one (the stakeholder service refuses a
 * name that collides with a verified stakeholder's).
 */

/** C0 and C1 controls (tabs and new lines included: a name is one line). */
const CONTROL = /\p{Cc}/u;
/** Bidirectional embeddings, overrides and isolates, and the implicit marks (U+200E, U+200F, U+061C). */
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
/** Zero-width and invisible characters: spaces, joiners, word joiner, BOM, soft hyphen, invisible operators, fillers. */
const INVISIBLE = /[\u200B-\u200D\u2060-\u2064\uFEFF\u00AD\u180E\u3164\uFFA0\u115F\u1160]/gu;

export type NameProblem = 'control' | 'bidi';

/** Why a raw name is refused, if it is. */
export function nameProblem(raw: string): NameProblem | undefined {
  if (CONTROL.test(raw)) return 'control';
  if (BIDI.test(raw)) return 'bidi';
  return undefined;
}

/** The name as stored: NFKC, no invisible characters, single spaces, trimmed. */
export function normaliseName(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
}

export const NAME_PROBLEMS: Record<NameProblem, string> = {
  control: 'must not contain control characters',
  bidi: 'must not contain bidirectional control characters',
};

/**
 * Input validation with zod: the first broken rule becomes a BAD_USER_INPUT
 * error that names the input field, e.g. `input.country`.
 */
import * as z from 'zod';
import { isCountryCode } from './countries';
import { BadUserInputError } from './errors';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root = 'input'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // A failed parse has at least one issue.
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const field = [root, ...issue.path].join('.');
  throw new BadUserInputError(`${field}: ${issue.message}`, field);
}

/** Trimmed text of bounded length. */
export const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

export const countryCode = z.string().refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code, e.g. "KE"');

/** A BCP 47 language tag, canonicalised (e.g. "en", "pt-BR"). */
export const languageTag = z.string().transform((value, ctx) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (canonical && value.length <= 35) return canonical;
  } catch {
    // falls through to the issue below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a BCP 47 language tag, e.g. "en" or "pt-BR"' });
  return z.NEVER;
});

export const email = z.email('must be an email address').max(254, 'must be at most 254 characters');

export const httpsUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(500, 'must be at most 500 characters');

/** The shared input rules: the first broken rule names its field; texts, countries, languages, emails and URLs. */
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { countryCode, email, httpsUrl, languageTag, parseInput, text } from '../../functions/core/validation';

const refusal = (field: string, message: string) => expect.objectContaining({ code: 'BAD_USER_INPUT', message: `${field}: ${message}`, details: { field } });
const issue = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
};

describe('parsing an input', () => {
  const schema = z.object({ name: text(1, 10), sections: z.array(z.object({ key: z.string() })) });

  it('gives the parsed value, with its transformations, when every rule holds', () => {
    expect(parseInput(schema, { name: '  Ada  ', sections: [{ key: 'summary' }] })).toEqual({ name: 'Ada', sections: [{ key: 'summary' }] });
  });

  it('refuses with the first broken rule, naming the field under `input`', () => {
    expect(() => parseInput(schema, { name: ' ', sections: [] })).toThrowError(refusal('input.name', 'must not be empty'));
  });

  it('names a nested field by its path, array positions included', () => {
    expect(() => parseInput(schema, { name: 'Ada', sections: [{ key: 'a' }, { key: 3 }] })).toThrowError(
      refusal('input.sections.1.key', 'Invalid input: expected string, received number'),
    );
  });

  it('names the field under another root when asked', () => {
    expect(() => parseInput(schema, { name: '', sections: [] }, 'filter')).toThrowError(refusal('filter.name', 'must not be empty'));
  });
});

describe('a bounded text', () => {
  it('is trimmed before its length is checked', () => {
    expect(text(1, 3).parse('  abc  ')).toBe('abc');
    expect(issue(text(1, 3), ' abcd ')).toBe('must be at most 3 characters');
  });

  it('says "must not be empty" when at least one character is required, else the minimum', () => {
    expect(issue(text(1, 5), '   ')).toBe('must not be empty');
    expect(issue(text(3, 5), ' ab ')).toBe('must be at least 3 characters');
    expect(text(3, 5).parse('abc')).toBe('abc');
  });
});

describe('a country', () => {
  it('is an ISO 3166-1 alpha-2 code', () => {
    expect(countryCode.parse('KE')).toBe('KE');
    expect(issue(countryCode, 'XX')).toBe('must be an ISO 3166-1 alpha-2 country code, e.g. "KE"');
    expect(issue(countryCode, 'Kenya')).toBe('must be an ISO 3166-1 alpha-2 country code, e.g. "KE"');
  });
});

describe('a language', () => {
  const message = 'must be a BCP 47 language tag, e.g. "en" or "pt-BR"';

  it('is a BCP 47 tag, stored in its canonical case', () => {
    expect(languageTag.parse('en')).toBe('en');
    expect(languageTag.parse('PT-br')).toBe('pt-BR');
  });

  it('is refused when it is not a tag', () => {
    expect(issue(languageTag, 'not a language')).toBe(message);
    expect(issue(languageTag, '')).toBe(message);
    expect(languageTag.safeParse('en_GB').error?.issues[0]).toMatchObject({ code: 'custom', message });
  });

  it('is accepted up to 35 characters and refused over that, even when well-formed', () => {
    // Prepare: private-use subtags make a well-formed tag of any length
    const atCap = 'en-x-aaaaaaaa-bbbbbbbb-cccccccc-ddd';
    const overCap = 'en-x-aaaaaaaa-bbbbbbbb-cccccccc-dddd';
    // Act, Assess
    expect(atCap).toHaveLength(35);
    expect(Intl.getCanonicalLocales(overCap)).toEqual([overCap]);
    expect(languageTag.parse(atCap)).toBe(atCap);
    expect(issue(languageTag, overCap)).toBe(message);
  });
});

describe('an email address', () => {
  it('is accepted up to 254 characters', () => {
    const atCap = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.org`;
    expect(atCap).toHaveLength(254);
    expect(email.parse('ada@example.org')).toBe('ada@example.org');
    expect(email.parse(atCap)).toBe(atCap);
  });

  it('is refused when malformed or over 254 characters', () => {
    const overCap = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.org`;
    expect(issue(email, 'ada.example.org')).toBe('must be an email address');
    expect(issue(email, overCap)).toBe('must be at most 254 characters');
  });
});

describe('a web address', () => {
  const message = 'must be an http(s) URL';

  it('is an http or https URL up to 500 characters', () => {
    const atCap = `https://example.org/${'p'.repeat(480)}`;
    expect(atCap).toHaveLength(500);
    expect(httpsUrl.parse('http://example.org')).toBe('http://example.org');
    expect(httpsUrl.parse('https://example.org/a?b=c')).toBe('https://example.org/a?b=c');
    expect(httpsUrl.parse(atCap)).toBe(atCap);
    expect(issue(httpsUrl, `${atCap}q`)).toBe('must be at most 500 characters');
  });

  it.each(['ftp://example.org', 'xhttps://example.org', 'httpsx://example.org', 'javascript:alert(1)', 'example.org'])(
    'refuses %s: the scheme is exactly http or https',
    (value) => {
      expect(issue(httpsUrl, value)).toBe(message);
    },
  );
});

/** The rules of a global id, one by one: one spelling per id, a length cap, a type and an id on each side of the colon. */
import { describe, expect, it } from 'vitest';
import { fromGlobalId, internalId, toGlobalId } from '../../functions/core/ids';

const refusal = (message: string, field = 'id') => expect.objectContaining({ code: 'BAD_USER_INPUT', message, details: { field } });
const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('a global id', () => {
  it('is base64url of "Type:id" without padding', () => {
    expect(toGlobalId('Stakeholder', 'demo-org-01')).toBe('U3Rha2Vob2xkZXI6ZGVtby1vcmctMDE');
    expect(fromGlobalId('U3Rha2Vob2xkZXI6ZGVtby1vcmctMDE')).toEqual({ type: 'Stakeholder', id: 'demo-org-01' });
  });

  it('is refused on the field `id` unless the caller names another', () => {
    expect(() => fromGlobalId('garbage!')).toThrowError(refusal('"id" is not a valid id'));
    expect(() => fromGlobalId('garbage!', 'input.parentId')).toThrowError(refusal('"input.parentId" is not a valid id', 'input.parentId'));
  });

  it('has one spelling: a padded or otherwise re-spelt second encoding of the same id is refused', () => {
    // Prepare: 'Stakeholder:demo-org-01' is 23 bytes, so its base64 has a last group of two bytes
    const id = toGlobalId('Stakeholder', 'demo-org-01');
    const padded = `${id}=`;
    const otherTrailingBits = `${id.slice(0, -1)}F`; // 'E' and 'F' differ only in bits that decoding drops
    // Act, Assess: each decodes to the same text, and each is refused
    for (const spelling of [padded, otherTrailingBits]) {
      expect(Buffer.from(spelling, 'base64url').toString('utf8')).toBe('Stakeholder:demo-org-01');
      expect(() => fromGlobalId(spelling)).toThrowError(refusal('"id" is not a valid id'));
    }
  });

  it('is read up to 200 characters and refused over that without being decoded', () => {
    // Prepare: 150 bytes encode to exactly 200 characters, 151 bytes to 202
    const atCap = encode(`${'T'.repeat(146)}:abc`);
    const overCap = encode(`${'T'.repeat(147)}:abc`);
    // Act, Assess
    expect(atCap).toHaveLength(200);
    expect(overCap).toHaveLength(202);
    expect(fromGlobalId(atCap)).toEqual({ type: 'T'.repeat(146), id: 'abc' });
    expect(() => fromGlobalId(overCap)).toThrowError(refusal('"id" is not a valid id'));
  });

  it.each([
    ['an empty type', ':demo-org-01'],
    ['no colon', 'Stakeholderdemo-org-01'],
    ['an empty id', 'Stakeholder:'],
    ['an id over 80 characters', `Stakeholder:${'a'.repeat(81)}`],
    ['a space in the id', 'Stakeholder:a b'],
  ])('is refused with %s', (_, text) => {
    expect(() => fromGlobalId(encode(text))).toThrowError(refusal('"id" is not a valid id'));
  });

  it('accepts the characters internal ids use, up to 80 of them', () => {
    const id = `${'a'.repeat(72)}Z09_.|-`;
    expect(id).toHaveLength(79);
    expect(fromGlobalId(encode(`Report:${id}x`))).toEqual({ type: 'Report', id: `${id}x` });
  });
});

describe('an id of one type', () => {
  it('gives the internal id when the type matches', () => {
    expect(internalId(toGlobalId('Consultation', 'demo-consultation-2026-2'), 'Consultation')).toBe('demo-consultation-2026-2');
  });

  it('is refused, naming the expected type and the field, when the type differs', () => {
    const id = toGlobalId('Consultation', 'c1');
    expect(() => internalId(id, 'Stakeholder')).toThrowError(refusal('"id" is not a Stakeholder id'));
    expect(() => internalId(id, 'Report', 'input.reportId')).toThrowError(refusal('"input.reportId" is not a Report id', 'input.reportId'));
  });

  it('is refused as malformed before its type is looked at, on the field named', () => {
    expect(() => internalId('x', 'Report', 'input.reportId')).toThrowError(refusal('"input.reportId" is not a valid id', 'input.reportId'));
  });
});

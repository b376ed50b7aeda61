/**
 * Receipts stay verifiable by their author and by nobody else: each
 * contribution's digests mix in a random salt that only its author
 * receives, so a public digest (of a withdrawn text, say) cannot be used to
 * confirm a guess offline.
 */
import { describe, expect, it } from 'vitest';
import { internalId } from '../../functions/core/ids';
import { canonicalContent, sha256Hex } from '../../functions/modules/consultations/consultation.model';
import { gql, secretariatToken, unique } from '../helpers/api';
import { openConsultation } from '../helpers/consultations';
import { createPerson } from '../helpers/people';

const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitContributionInput!) {
    submitContribution(input: $input) {
      contribution {
        id
        createdAt
      }
      receipt {
        digest
        receivedAt
        revision
        salt
      }
    }
  }
`;
const READ = 'query ($id: ID!) { contribution(id: $id) { receipt { digest salt } revisions(first: 5) { edges { node { receipt { digest salt } } } } } }';

describe('receipt digests', () => {
  it('give the salt to the author alone; without it the digest of a short text cannot be confirmed by guessing', async () => {
    // Prepare
    const { consultation, globalId } = await openConsultation();
    const author = await createPerson();
    const other = await createPerson();
    const body = 'No.';

    // Act
    const submitted = await gql(SUBMIT, { input: { consultationId: globalId, body, language: 'en', idempotencyKey: unique() } }, author.token);
    const { contribution, receipt } = submitted.data!.submitContribution;
    const [asAuthor, asOther, asPublic, asSecretariat] = await Promise.all([
      gql(READ, { id: contribution.id }, author.token),
      gql(READ, { id: contribution.id }, other.token),
      gql(READ, { id: contribution.id }),
      gql(READ, { id: contribution.id }, await secretariatToken()),
    ]);

    // Assess: the author recomputes the digest with the salt
    const content = {
      id: internalId(contribution.id, 'Contribution'),
      consultationId: consultation.id,
      authorId: author.stakeholder.id,
      capacity: 'PERSONAL' as const,
      language: 'en',
      body,
      revision: 1,
      receivedAt: receipt.receivedAt,
    };
    expect(sha256Hex(canonicalContent({ ...content, receiptSalt: receipt.salt }))).toBe(receipt.digest);
    expect(asAuthor.data?.contribution.receipt).toEqual({ digest: receipt.digest, salt: receipt.salt });
    // Everyone else sees the digest, not the salt — and the digest of the right guess without it does not match
    for (const view of [asOther, asPublic, asSecretariat]) {
      expect(view.data?.contribution.receipt).toEqual({ digest: receipt.digest, salt: null });
      expect(view.data?.contribution.revisions.edges[0].node.receipt.salt).toBeNull();
    }
    expect(sha256Hex(canonicalContent(content))).not.toBe(receipt.digest);
    expect(JSON.stringify([asOther, asPublic, asSecretariat])).not.toContain(receipt.salt);
  });

  it('salts each contribution differently', async () => {
    const { globalId } = await openConsultation();
    const author = await createPerson();

    const results = await Promise.all(
      [1, 2].map(() => gql(SUBMIT, { input: { consultationId: globalId, body: 'Same text', language: 'en', idempotencyKey: unique() } }, author.token)),
    );

    const [a, b] = results.map((r) => r.data!.submitContribution.receipt.salt as string);
    expect(a).not.toBe(b);
  });
});

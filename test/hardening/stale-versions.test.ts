/**
 * One kind of stale version, tried as a client would: two saves of the same
 * version sent at once. Exactly one wins; the other gets CONFLICT with
 * `extensions.currentVersion` (the winner's version), whether it lost at the
 * read (the winner had already written) or at the conditional write (both
 * read the old version) — so the client knows what to reload.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { errorCode, gql } from '../helpers/api';
import { contributeDirect, openConsultation } from '../helpers/consultations';
import { createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { createCycle, save } from '../helpers/reporting';

const EDIT_CONTRIBUTION = /* GraphQL */ `
  mutation ($input: EditContributionInput!) {
    editContribution(input: $input) {
      contribution {
        version
      }
    }
  }
`;
const UPDATE_STAKEHOLDER = /* GraphQL */ `
  mutation ($input: UpdateStakeholderInput!) {
    updateStakeholder(input: $input) {
      stakeholder {
        version
      }
    }
  }
`;

/** The loser of each race: CONFLICT naming the winner's version. */
function expectOneWinner(results: { errors?: readonly { extensions?: Record<string, unknown> }[] }[], winnerVersion: number) {
  const codes = results.map((r) => errorCode(r as never) ?? 'OK').sort();
  expect(codes).toEqual(['CONFLICT', 'OK']);
  const loser = results.find((r) => r.errors)!;
  expect(loser.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: winnerVersion });
}

describe('racing saves of one version', () => {
  it('tells the losing report save the current version, race after race', async () => {
    for (let race = 0; race < 5; race++) {
      // Prepare
      const organisation = await createOrganisation({ relevantOrganisation: true });
      const [alice, bob] = await Promise.all([createRepresentative([organisation.stakeholder.id]), createRepresentative([organisation.stakeholder.id])]);
      const { year } = await createCycle();
      const orgId = organisation.stakeholder.id;

      // Act
      const results = await Promise.all([
        save(alice!.token, year, orgId, 1, [{ key: 'summary', text: 'Alice wrote this.' }]),
        save(bob!.token, year, orgId, 1, [{ key: 'summary', text: 'Bob wrote this.' }]),
      ]);

      // Assess
      expectOneWinner(results, 2);
    }
  });

  it('tells the losing contribution edit the current version', async () => {
    // Prepare
    const { consultation } = await openConsultation();
    const author = await createPerson();
    const contribution = await contributeDirect(consultation, author.stakeholder, { at: new Date() });
    const id = toGlobalId('Contribution', contribution.id);

    // Act
    const results = await Promise.all(['First edit', 'Second edit'].map((body) => gql(EDIT_CONTRIBUTION, { input: { id, version: 1, body } }, author.token)));

    // Assess
    expectOneWinner(results, 2);
  });

  it('tells the losing stakeholder update the current version', async () => {
    // Prepare
    const person = await createPerson();

    // Act
    const results = await Promise.all(
      ['https://one.example', 'https://two.example'].map((website) =>
        gql(UPDATE_STAKEHOLDER, { input: { id: person.globalId, version: 1, website } }, person.token),
      ),
    );

    // Assess
    expectOneWinner(results, 2);
  });
});

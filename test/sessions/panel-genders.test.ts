/**
 * A selected session is public with its speakers named, so its panel's gender counts are shown to the public only
 * when none is below the minimum group size (5): otherwise they would tell each named speaker's declared gender.
 * Its participants and the secretariat see them all.
 */
import { describe, expect, it } from 'vitest';
import { gql } from '../helpers/api';
import { createPerson } from '../helpers/people';
import { eligibleProposal, select, selectionSetup, setBudgets } from './selection-helpers';

const DIVERSITY = `query ($id: ID!) { proposal(id: $id) { status diversity { confirmedSpeakers byGender { gender count } } } }`;

describe("a public session's panel genders", () => {
  it('are withheld from the public and other stakeholders while a count is below 5, and shown to its participants and the secretariat', async () => {
    // Prepare: an accepted workshop whose panel is two women and a man
    const setup = await selectionSetup();
    const [woman, man, outsider] = await Promise.all([
      createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'ASIA_PACIFIC', gender: 'WOMAN' } }),
      createPerson({ stakeholder: { group: 'TECHNICAL_COMMUNITY', region: 'EASTERN_EUROPEAN', gender: 'MAN' } }),
      createPerson({ stakeholder: { group: 'ACADEMIA', region: 'AFRICAN' } }),
    ]);
    await setBudgets(setup.secretariat, setup.call, { WORKSHOP: 1 });
    const accepted = await eligibleProposal(setup.call, setup.proposer, { speakers: [setup.proposer, woman, man] });
    await select(setup, [{ proposalId: accepted.id, outcome: 'ACCEPTED' }]);

    // Act
    const [anonymous, stakeholder, speaker, secretariat] = await Promise.all(
      [undefined, outsider.token, man.token, setup.secretariat].map(async (token) => (await gql(DIVERSITY, { id: accepted.id }, token)).data?.proposal),
    );

    // Assess: everyone reads the session and its size; only insiders its gender counts
    for (const reader of [anonymous, stakeholder]) expect(reader).toMatchObject({ status: 'ACCEPTED', diversity: { confirmedSpeakers: 3, byGender: [] } });
    const counts = [
      { gender: 'WOMAN', count: 2 },
      { gender: 'MAN', count: 1 },
    ];
    for (const reader of [speaker, secretariat]) expect(reader.diversity.byGender).toEqual(counts);
  });
});

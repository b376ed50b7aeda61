/**
 * Until the synthesis is published, an answer changes nothing the public can
 * see: not the contribution's `updatedAt` or `version`, not the change feed,
 * not the export. MAG members see the answer and edit at the moved version;
 * once the synthesis is published, everyone does.
 */
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { handler as exportHandler } from '../../functions/handlers/export';
import { apiGatewayEvent, lambdaContext } from '../../functions/local/http-adapter';
import { gql, secretariatToken } from '../helpers/api';
import { closedConsultation, contributeDirect } from '../helpers/consultations';
import { createMagMember, createPerson } from '../helpers/people';

const PUBLIC_VIEW = /* GraphQL */ `
  query ($id: ID!, $since: DateTime!) {
    consultation(id: $id) {
      version
      updatedAt
      contributions(first: 10) {
        edges {
          node {
            id
            updatedAt
            version
            answer {
              disposition
            }
          }
        }
      }
    }
    changes(since: $since, types: [CONTRIBUTION], first: 100) {
      edges {
        node {
          id
          changedAt
          action
        }
      }
    }
  }
`;
const SET_DISPOSITION =
  'mutation ($input: SetDispositionInput!) { setDisposition(input: $input) { contribution { id version updatedAt answer { disposition } } } }';

async function exported(globalId: string): Promise<string> {
  const event = apiGatewayEvent({ method: 'GET', path: `/export/consultations/${globalId}.jsonl`, routePath: '/export/consultations/{file}', headers: {} });
  const response = await exportHandler({ ...event, pathParameters: { file: `${globalId}.jsonl` } }, lambdaContext('agora-export'));
  return response.body ?? '';
}

/** The public view without the feed entries of other tests' contributions. */
function ofThisConsultation(view: Record<string, any>, ids: string[]): Record<string, any> {
  return { ...view, changes: view.changes.edges.filter((e: any) => ids.includes(e.node.id)) };
}

describe('answers before the synthesis is published', () => {
  it('change nothing the public sees (updatedAt, version, change feed, export) until publication; MAG members see them', async () => {
    // Prepare: a closed consultation with two contributions
    const { consultation, globalId } = await closedConsultation(2);
    const author = await createPerson();
    const made = [await contributeDirect(consultation, author.stakeholder), await contributeDirect(consultation, author.stakeholder)];
    const ids = made.map((c) => toGlobalId('Contribution', c.id));
    const since = consultation.opensAt;
    const before = ofThisConsultation((await gql(PUBLIC_VIEW, { id: globalId, since })).data!, ids);
    const exportBefore = await exported(globalId);
    const mag = await createMagMember();

    // Act: the MAG answers the first contribution
    const answered = await gql(SET_DISPOSITION, { input: { contributionId: ids[0], version: 1, disposition: 'ADDRESSED', response: 'Taken up.' } }, mag.token);
    const publicAfter = ofThisConsultation((await gql(PUBLIC_VIEW, { id: globalId, since })).data!, ids);
    const authorAfter = ofThisConsultation((await gql(PUBLIC_VIEW, { id: globalId, since }, author.token)).data!, ids);
    const exportAfter = await exported(globalId);
    const magView = await gql(PUBLIC_VIEW, { id: globalId, since }, mag.token);

    // Assess: the public (and the author) see exactly what they saw before
    expect(answered.errors).toBeUndefined();
    expect(answered.data?.setDisposition.contribution.version).toBe(2);
    expect(publicAfter).toEqual(before);
    expect(authorAfter).toEqual(before);
    expect(before.changes.map((e: any) => e.node.action)).toEqual(['CREATED', 'CREATED']);
    expect(exportAfter).toBe(exportBefore);
    // The MAG sees the answer and the version to edit at
    const magFirst = magView.data?.consultation.contributions.edges.find((e: any) => e.node.id === ids[0]).node;
    expect(magFirst).toMatchObject({ version: 2, answer: { disposition: 'ADDRESSED' } });
    expect(magFirst.updatedAt).not.toBe(before.consultation.contributions.edges.find((e: any) => e.node.id === ids[0]).node.updatedAt);
    // A second answer (a correction) at the version the MAG read still works
    const corrected = await gql(SET_DISPOSITION, { input: { contributionId: ids[0], version: 2, disposition: 'NOTED', response: 'Noted.' } }, mag.token);
    expect(corrected.data?.setDisposition.contribution.version).toBe(3);
    expect(ofThisConsultation((await gql(PUBLIC_VIEW, { id: globalId, since })).data!, ids)).toEqual(before);

    // Act: the MAG answers the second contribution too (a synthesis needs every contribution answered), and the synthesis is published
    const second = await gql(SET_DISPOSITION, { input: { contributionId: ids[1], version: 1, disposition: 'NOTED', response: 'Noted.' } }, mag.token);
    expect(second.errors).toBeUndefined();
    const published = await gql(
      'mutation ($input: PublishSynthesisInput!) { publishSynthesis(input: $input) { consultation { status } } }',
      { input: { consultationId: globalId, version: consultation.version, body: 'What we heard.' } },
      await secretariatToken(),
    );
    const afterPublication = (await gql(PUBLIC_VIEW, { id: globalId, since })).data!;

    // Assess: now everyone sees the answer, with its version and time
    expect(published.errors).toBeUndefined();
    const first = afterPublication.consultation.contributions.edges.find((e: any) => e.node.id === ids[0]).node;
    expect(first).toMatchObject({ version: 3, answer: { disposition: 'NOTED' } });
  }, 60_000);
});

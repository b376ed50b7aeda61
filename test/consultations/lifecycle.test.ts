import { describe, expect, it } from 'vitest';
import { canonicalContent, sha256Hex } from '../../functions/modules/consultations/consultation.model';
import { internalId } from '../../functions/core/ids';
import { runScheduledJobs } from '../../functions/handlers/scheduler';
import { consultationKeys } from '../../functions/core/dynamodb/keys';
import { errorCode, gql, secretariatToken, unique } from '../helpers/api';
import { createMagMember, createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { createViaApi, recount, storedCounts } from '../helpers/consultations';
import { getItem } from '../helpers/db';

const CONSULTATION = /* GraphQL */ `
  query ($id: ID!) {
    consultation(id: $id) {
      id
      status
      version
      title
      questions {
        id
        position
        text
      }
      opensAt
      closesAt
      synthesis {
        body
        references {
          id
        }
      }
      counts {
        contributions
        replies
        withdrawn
        contributors
        answered
        byGroup {
          group
          contributions
          contributors
        }
        byDisposition {
          disposition
          contributions
        }
      }
      contributions(first: 50) {
        edges {
          node {
            id
            status
            body
            capacity
            group
            author {
              name
            }
            organisation {
              name
            }
            parent {
              id
            }
            question {
              id
            }
            answer {
              disposition
              response
            }
            revision
            version
            receipt {
              digest
              revision
              receivedAt
              algorithm
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitContributionInput!) {
    submitContribution(input: $input) {
      contribution {
        id
        status
        version
        revision
        body
        capacity
        group
        region
        createdAt
      }
      receipt {
        receivedAt
        digest
        algorithm
        revision
        salt
      }
    }
  }
`;

const EDIT = /* GraphQL */ `
  mutation ($input: EditContributionInput!) {
    editContribution(input: $input) {
      contribution {
        id
        version
        revision
        body
      }
      receipt {
        digest
        revision
        receivedAt
      }
    }
  }
`;

const WITHDRAW = /* GraphQL */ `
  mutation ($input: WithdrawContributionInput!) {
    withdrawContribution(input: $input) {
      contribution {
        id
        status
        body
        version
      }
    }
  }
`;

const SET_DISPOSITIONS = /* GraphQL */ `
  mutation ($input: SetDispositionsInput!) {
    setDispositions(input: $input) {
      contributions {
        id
        version
        answer {
          disposition
          response
        }
      }
    }
  }
`;

const PUBLISH = /* GraphQL */ `
  mutation ($input: PublishSynthesisInput!) {
    publishSynthesis(input: $input) {
      consultation {
        id
        status
        version
        synthesis {
          body
          references {
            id
          }
        }
      }
    }
  }
`;

const sleepUntil = async (iso: string) => {
  const wait = Date.parse(iso) - Date.now() + 50;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
};

describe('a consultation from draft to published synthesis', () => {
  it('runs the whole lifecycle through the API, with receipts, revisions, answers and exact counters', async () => {
    // Prepare: the cast
    const secretariat = await secretariatToken();
    const mag = await createMagMember();
    const alice = await createPerson({ stakeholder: { group: 'ACADEMIA', region: 'ASIA_PACIFIC' } });
    const bob = await createPerson({ stakeholder: { group: 'GOVERNMENT', region: 'AFRICAN' } });
    const org = await createOrganisation({ group: 'PRIVATE_SECTOR', region: 'EASTERN_EUROPEAN' });
    const rep = await createRepresentative([org.stakeholder.id]);

    // Act 1: the secretariat drafts, edits and schedules (opening at once, closing in a few seconds)
    const now = Date.now();
    const created = await createViaApi(secretariat, {
      title: 'Draft title',
      summary: 'Summary',
      body: 'Body **text**',
      questions: ['What works?', 'What does not?'],
      language: 'en',
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 600_000).toISOString(),
    });
    const draft = created.data?.createConsultation.consultation;
    const id = draft.id as string;
    const hiddenDraft = await gql(CONSULTATION, { id });
    const closesAt = new Date(Date.now() + 7_000).toISOString();
    const edited = await gql(
      `mutation ($input: UpdateConsultationInput!) { updateConsultation(input: $input) { consultation { title version closesAt status } } }`,
      { input: { id, version: 1, title: 'Internet governance in 2030', closesAt } },
      secretariat,
    );
    const scheduled = await gql(
      `mutation ($input: ScheduleConsultationInput!) { scheduleConsultation(input: $input) { consultation { status version } } }`,
      { input: { id, version: 2 } },
      secretariat,
    );

    // Assess 1
    expect(created.errors).toBeUndefined();
    expect(draft).toMatchObject({ status: 'DRAFT', version: 1 });
    expect(hiddenDraft.data?.consultation).toBeNull();
    expect(edited.data?.updateConsultation.consultation).toMatchObject({ title: 'Internet governance in 2030', version: 2, status: 'DRAFT' });
    expect(scheduled.data?.scheduleConsultation.consultation).toEqual({ status: 'OPEN', version: 3 });

    // Act 2: contributions while open
    const questionId = draft.questions[0].id as string;
    const first = await gql(
      SUBMIT,
      { input: { consultationId: id, body: '  First point  ', language: 'en', questionId, idempotencyKey: unique('key-') } },
      alice.token,
    );
    const firstId = first.data?.submitContribution.contribution.id as string;
    const reply = await gql(
      SUBMIT,
      { input: { consultationId: id, body: 'I disagree', language: 'en', parentId: firstId, idempotencyKey: unique('key-') } },
      bob.token,
    );
    const onBehalf = await gql(
      SUBMIT,
      {
        input: {
          consultationId: id,
          body: 'Our position',
          language: 'en',
          capacity: 'ON_BEHALF_OF',
          organisationId: org.globalId,
          idempotencyKey: unique('key-'),
        },
      },
      rep.token,
    );
    const toWithdraw = await gql(SUBMIT, { input: { consultationId: id, body: 'Second thoughts', language: 'fr', idempotencyKey: unique('key-') } }, bob.token);
    const editedContribution = await gql(EDIT, { input: { id: firstId, version: 1, body: 'First point, refined' } }, alice.token);
    const staleEdit = await gql(EDIT, { input: { id: firstId, version: 1, body: 'Lost update' } }, alice.token);
    const withdrawal = await gql(WITHDRAW, { input: { id: toWithdraw.data?.submitContribution.contribution.id, version: 1 } }, bob.token);
    const revisions = await gql(
      `query ($id: ID!) { contribution(id: $id) { revisions { edges { node { revision body receipt { digest } } } } replies { edges { node { id body } } } } }`,
      { id: firstId },
    );
    const mine = await gql(`{ myContributions { edges { node { id status } } } }`, {}, bob.token);

    // Assess 2
    const receipt = first.data?.submitContribution.receipt;
    const contribution = first.data?.submitContribution.contribution;
    expect(first.errors).toBeUndefined();
    expect(contribution).toMatchObject({
      status: 'ACTIVE',
      version: 1,
      revision: 1,
      body: 'First point',
      capacity: 'PERSONAL',
      group: 'ACADEMIA',
      region: 'ASIA_PACIFIC',
    });
    expect(receipt).toMatchObject({ algorithm: 'SHA-256', revision: 1, receivedAt: contribution.createdAt });
    // The receipt proves the content: its author can recompute the digest from the documented canonical form and the salt.
    expect(receipt.salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(receipt.digest).toBe(
      sha256Hex(
        canonicalContent({
          id: internalId(firstId, 'Contribution'),
          consultationId: internalId(id, 'Consultation'),
          questionId,
          authorId: alice.stakeholder.id,
          capacity: 'PERSONAL',
          language: 'en',
          body: 'First point',
          revision: 1,
          receivedAt: receipt.receivedAt,
          receiptSalt: receipt.salt,
        }),
      ),
    );
    expect(reply.errors).toBeUndefined();
    expect(onBehalf.data?.submitContribution.contribution).toMatchObject({ capacity: 'ON_BEHALF_OF', group: 'PRIVATE_SECTOR', region: 'EASTERN_EUROPEAN' });
    expect(editedContribution.data?.editContribution.contribution).toMatchObject({ version: 2, revision: 2, body: 'First point, refined' });
    expect(editedContribution.data?.editContribution.receipt.digest).not.toBe(receipt.digest);
    expect(errorCode(staleEdit)).toBe('CONFLICT');
    expect(withdrawal.data?.withdrawContribution.contribution).toMatchObject({ status: 'WITHDRAWN', body: null, version: 2 });
    expect(revisions.data?.contribution.revisions.edges.map((e: any) => [e.node.revision, e.node.body])).toEqual([
      [1, 'First point'],
      [2, 'First point, refined'],
    ]);
    expect(revisions.data?.contribution.replies.edges.map((e: any) => e.node.body)).toEqual(['I disagree']);
    expect(mine.data?.myContributions.edges.map((e: any) => e.node.status)).toEqual(['WITHDRAWN', 'ACTIVE']);

    // Act 3: the clock closes it
    await sleepUntil(closesAt);
    const late = await gql(SUBMIT, { input: { consultationId: id, body: 'Too late', language: 'en', idempotencyKey: unique('key-') } }, alice.token);
    const closed = await gql(CONSULTATION, { id }, mag.token);
    const edges = closed.data?.consultation.contributions.edges as any[];
    const active = edges.filter((e) => e.node.status === 'ACTIVE');
    const answeredByMag = await gql(
      SET_DISPOSITIONS,
      {
        input: {
          consultationId: id,
          entries: active.map((e, i) => ({
            contributionId: e.node.id,
            version: e.node.version,
            disposition: i === 0 ? 'ADDRESSED' : 'NOTED',
            response: `Thank you (${i})`,
          })),
        },
      },
      mag.token,
    );
    const beforePublication = await gql(CONSULTATION, { id });
    const jobResults = await runScheduledJobs(new Date());

    // Assess 3
    expect(errorCode(late)).toBe('DEADLINE_PASSED');
    expect(closed.data?.consultation.status).toBe('CLOSED');
    expect(edges.map((e) => e.node.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'WITHDRAWN']);
    expect(edges[1].node.parent.id).toBe(firstId);
    expect(edges[0].node.question.id).toBe(questionId);
    expect(edges[2].node.organisation.name).toBe(org.stakeholder.name);
    expect(answeredByMag.errors).toBeUndefined();
    expect(beforePublication.data?.consultation.contributions.edges[0].node.answer).toBeNull();
    expect(beforePublication.data?.consultation.counts.byDisposition).toBeNull();
    expect(jobResults['consultation-status']).toBeGreaterThanOrEqual(0);
    expect((await getItem(consultationKeys.item(internalId(id, 'Consultation'))))?.status).toBe('CLOSED');

    // Act 4: the secretariat publishes the synthesis, referencing a contribution
    const current = await gql(`query ($id: ID!) { consultation(id: $id) { version } }`, { id }, secretariat);
    const published = await gql(
      PUBLISH,
      { input: { consultationId: id, version: current.data?.consultation.version, body: `We heard [a clear point](contribution:${firstId}).` } },
      secretariat,
    );
    const afterPublication = await gql(CONSULTATION, { id });

    // Assess 4
    expect(published.errors).toBeUndefined();
    expect(published.data?.publishSynthesis.consultation).toMatchObject({ status: 'SYNTHESIS_PUBLISHED', synthesis: { references: [{ id: firstId }] } });
    const publicView = afterPublication.data?.consultation;
    expect(publicView.status).toBe('SYNTHESIS_PUBLISHED');
    expect(publicView.contributions.edges[0].node.answer).toEqual({ disposition: 'ADDRESSED', response: 'Thank you (0)' });
    expect(publicView.contributions.edges[3].node.answer).toBeNull();
    expect(publicView.counts).toMatchObject({ contributions: 3, replies: 1, withdrawn: 1, contributors: 3, answered: 3 });
    expect(publicView.counts.byDisposition).toContainEqual({ disposition: 'NOTED', contributions: 2 });
    expect(publicView.counts.byGroup).toContainEqual({ group: 'GOVERNMENT', contributions: 1, contributors: 1 });
    const consultationId = internalId(id, 'Consultation');
    expect(await storedCounts(consultationId)).toEqual(await recount([consultationId]));
  }, 60_000);
});

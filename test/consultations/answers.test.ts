import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { consultationKeys } from '../../functions/core/dynamodb/keys';
import { answered } from '../../functions/modules/consultations/consultation.model';
import * as answerStore from '../../functions/modules/contributions/contribution-answers.store';
import * as contributionStore from '../../functions/modules/contributions/contribution.store';
import { consultationStatusJob } from '../../functions/modules/consultations/consultation-status.job';
import { errorCode, gql, secretariatToken } from '../helpers/api';
import { createMagMember, createPerson } from '../helpers/people';
import {
  answerDirect,
  closedConsultation,
  contributeDirect,
  createConsultationDirect,
  recount,
  snapshot,
  storedCounts,
  storedYearCounts,
} from '../helpers/consultations';
import { getItem } from '../helpers/db';

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

const ANSWERS = /* GraphQL */ `
  query ($id: ID!) {
    consultation(id: $id) {
      status
      counts {
        answered
        byDisposition {
          disposition
          contributions
        }
      }
      contributions(first: 100) {
        edges {
          node {
            id
            answer {
              disposition
              response
            }
          }
        }
      }
    }
  }
`;

describe('the MAG answer to every contribution', () => {
  it('records 100 dispositions at once, all or nothing, moving the counters of the consultation and the year', async () => {
    // Prepare: 100 contributions to a consultation that closed 3 days ago
    const { consultation, globalId } = await closedConsultation(3);
    const people = await Promise.all(Array.from({ length: 10 }, () => createPerson()));
    const made = [];
    for (let i = 0; i < 100; i += 20) {
      made.push(...(await Promise.all(Array.from({ length: 20 }, (_, j) => contributeDirect(consultation, people[(i + j) % 10]!.stakeholder)))));
    }
    const mag = await createMagMember();

    // Act
    const result = await gql(
      SET_DISPOSITIONS,
      {
        input: {
          consultationId: globalId,
          entries: made.map((c, i) => ({
            contributionId: toGlobalId('Contribution', c.id),
            version: 1,
            disposition: i < 60 ? 'ADDRESSED' : 'OUT_OF_SCOPE',
            response: `Response ${i}`,
          })),
        },
      },
      mag.token,
    );

    // Assess
    expect(result.errors).toBeUndefined();
    expect(result.data?.setDispositions.contributions).toHaveLength(100);
    const counts = await storedCounts(consultation.id);
    expect(counts).toMatchObject({ 'disposition.ADDRESSED': 60, 'disposition.OUT_OF_SCOPE': 40, answered: 100, 'answeredAfterDays.3': 100 });
    expect(counts).toEqual(await recount([consultation.id]));
    expect(await storedYearCounts(consultation.year)).toEqual(counts);
  }, 60_000);

  it('moves a changed disposition from the old bucket to the new and counts the first answer once', async () => {
    // Prepare
    const { consultation, globalId } = await closedConsultation(5);
    const made = await contributeDirect(consultation, (await createPerson()).stakeholder);
    const secretariat = await secretariatToken();
    const entry = (version: number, disposition: string) => ({
      input: { consultationId: globalId, entries: [{ contributionId: toGlobalId('Contribution', made.id), version, disposition, response: disposition }] },
    });

    // Act
    await gql(SET_DISPOSITIONS, entry(1, 'UNDER_REVIEW'), secretariat);
    const changed = await gql(SET_DISPOSITIONS, entry(2, 'PARTIALLY_ADDRESSED'), secretariat);

    // Assess
    expect(changed.data?.setDispositions.contributions[0]).toMatchObject({ version: 3, answer: { disposition: 'PARTIALLY_ADDRESSED' } });
    expect(await storedCounts(consultation.id)).toEqual({
      contributions: 1,
      'contributions.group.CIVIL_SOCIETY': 1,
      'contributions.region.AFRICAN': 1,
      contributors: 1,
      'contributors.group.CIVIL_SOCIETY': 1,
      'contributors.region.AFRICAN': 1,
      'disposition.PARTIALLY_ADDRESSED': 1,
      answered: 1,
      'answeredAfterDays.5': 1,
    });
  });

  it('undoes the first part of a split answer set when a later part fails, leaving items and counters as they were', async () => {
    // Prepare: 100 answers are two transactions (96 + 4); the last contribution changes meanwhile.
    // Stored as CLOSED already, so a status job run by another test file cannot change the snapshot meanwhile.
    const { consultation } = await closedConsultation(1, { status: 'CLOSED' });
    const person = await createPerson();
    const made = [];
    for (let i = 0; i < 100; i += 25) made.push(...(await Promise.all(Array.from({ length: 25 }, () => contributeDirect(consultation, person.stakeholder)))));
    const [changedMeanwhile] = await answerDirect([made[99]!], 'NOTED', new Date());
    const before = await snapshot(consultation);
    const now = new Date();

    // Act: the last change still believes version 1
    const outcome = await answerStore.saveAnswers(
      made.map((previous) => ({ previous, next: answered(previous, 'ADDRESSED', 'Done', 'test', now) })),
      now,
    );

    // Assess
    expect(outcome).toEqual({ kind: 'stale', contributionId: made[99]!.id });
    expect(changedMeanwhile?.version).toBe(2);
    const after = JSON.parse(await snapshot(consultation));
    const expected = JSON.parse(before);
    // The undone items are back to their earlier content (their change-feed stamp aside).
    const strip = (items: any[]) =>
      items.map(({ ChangesSK: _c, updatedAt: _u, version: _v, ...rest }) =>
        Object.fromEntries(Object.entries(rest).filter(([name, value]) => !(name.startsWith('n:') && value === 0))),
      );
    expect(strip(after.items)).toEqual(strip(expected.items));
    expect(strip(after.counts)).toEqual(strip(expected.counts));
    expect(strip(after.year.filter(Boolean))).toEqual(strip(expected.year.filter(Boolean)));
    expect(await storedCounts(consultation.id)).toEqual(await recount([consultation.id]));
  }, 60_000);

  it('shows answers to MAG members and the secretariat only, until the synthesis is published', async () => {
    // Prepare
    const { consultation, globalId } = await closedConsultation(2);
    const author = await createPerson();
    const made = await contributeDirect(consultation, author.stakeholder);
    await answerDirect([made], 'ADDRESSED', new Date());
    const mag = await createMagMember();
    const secretariat = await secretariatToken();

    // Act
    const views = await Promise.all([gql(ANSWERS, { id: globalId }), gql(ANSWERS, { id: globalId }, author.token), gql(ANSWERS, { id: globalId }, mag.token)]);
    const published = await gql(
      `mutation ($input: PublishSynthesisInput!) { publishSynthesis(input: $input) { consultation { status } } }`,
      { input: { consultationId: globalId, version: 1, body: 'We did it.' } },
      secretariat,
    );
    const publicAfter = await gql(ANSWERS, { id: globalId });

    // Assess
    const answerOf = (r: any) => r.data?.consultation.contributions.edges[0].node.answer;
    expect(views.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect(answerOf(views[0])).toBeNull();
    expect(answerOf(views[1])).toBeNull();
    expect(views[0].data?.consultation.counts).toEqual({ answered: null, byDisposition: null });
    expect(answerOf(views[2])).toEqual({ disposition: 'ADDRESSED', response: 'Answer: ADDRESSED' });
    expect(published.data?.publishSynthesis.consultation.status).toBe('SYNTHESIS_PUBLISHED');
    expect(answerOf(publicAfter)).toEqual({ disposition: 'ADDRESSED', response: 'Answer: ADDRESSED' });
    expect(publicAfter.data?.consultation.counts.answered).toBe(1);
  });

  it('refuses a disposition on a withdrawn contribution with BAD_USER_INPUT', async () => {
    const { consultation, globalId } = await closedConsultation(1);
    const person = await createPerson();
    const made = await contributeDirect(consultation, person.stakeholder);
    // Withdrawn while it was open (as of then, through the repository)
    const at = new Date(Date.parse(consultation.opensAt) + 7_200_000);
    expect(await contributionStore.withdrawContribution({ ...made, status: 'WITHDRAWN', body: null, version: 2 }, 1, at)).toBe('saved');
    const mag = await createMagMember();
    const before = await snapshot(consultation);

    const result = await gql(
      SET_DISPOSITIONS,
      {
        input: {
          consultationId: globalId,
          entries: [{ contributionId: toGlobalId('Contribution', made.id), version: 2, disposition: 'NOTED', response: 'x' }],
        },
      },
      mag.token,
    );

    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(await snapshot(consultation)).toBe(before);
  });
});

describe('the consultation status job', () => {
  it('persists OPEN and CLOSED as the clock passes opensAt and closesAt, and leaves drafts alone', async () => {
    // Prepare
    const now = Date.now();
    const opened = await createConsultationDirect({ opensAt: new Date(now - 1000), closesAt: new Date(now + 3_600_000) });
    const closed = await closedConsultation(1);
    const draft = await createConsultationDirect({ status: 'DRAFT', opensAt: new Date(now - 7_200_000), closesAt: new Date(now - 3_600_000) });

    // Act
    const changed = await consultationStatusJob.run(new Date());
    const again = await consultationStatusJob.run(new Date());

    // Assess
    expect(changed).toBeGreaterThanOrEqual(2);
    expect(again).toBeGreaterThanOrEqual(0);
    expect((await getItem(consultationKeys.item(opened.consultation.id)))?.status).toBe('OPEN');
    expect((await getItem(consultationKeys.item(closed.consultation.id)))?.status).toBe('CLOSED');
    expect((await getItem(consultationKeys.item(draft.consultation.id)))?.status).toBe('DRAFT');
  });
});

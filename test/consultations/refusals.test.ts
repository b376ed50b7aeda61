import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../functions/core/ids';
import { consultationKeys } from '../../functions/core/dynamodb/keys';
import { errorCode, gql, newUserToken, secretariatToken, unique } from '../helpers/api';
import { createMagMember, createOrganisation, createPerson, createRepresentative } from '../helpers/people';
import { closedConsultation, contributeDirect, createConsultationDirect, createViaApi, openConsultation, snapshot } from '../helpers/consultations';
import { getItem } from '../helpers/db';

const HOUR = 3_600_000;

const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitContributionInput!) {
    submitContribution(input: $input) {
      contribution {
        id
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
      }
    }
  }
`;
const WITHDRAW = /* GraphQL */ `
  mutation ($input: WithdrawContributionInput!) {
    withdrawContribution(input: $input) {
      contribution {
        id
      }
    }
  }
`;
const SET_DISPOSITION = /* GraphQL */ `
  mutation ($input: SetDispositionInput!) {
    setDisposition(input: $input) {
      contribution {
        id
      }
    }
  }
`;
const SET_DISPOSITIONS = /* GraphQL */ `
  mutation ($input: SetDispositionsInput!) {
    setDispositions(input: $input) {
      contributions {
        id
      }
    }
  }
`;
const PUBLISH = /* GraphQL */ `
  mutation ($input: PublishSynthesisInput!) {
    publishSynthesis(input: $input) {
      consultation {
        id
      }
    }
  }
`;

const submission = (consultationId: string, extra: Record<string, unknown> = {}) => ({
  input: { consultationId, body: 'A point', language: 'en', idempotencyKey: unique('key-'), ...extra },
});

describe('refusals of contributions, each with a stable code and nothing written', () => {
  it('refuses a submission before opensAt with NOT_OPEN', async () => {
    const { consultation, globalId } = await createConsultationDirect({ opensAt: new Date(Date.now() + HOUR), closesAt: new Date(Date.now() + 2 * HOUR) });
    const person = await createPerson();
    const before = await snapshot(consultation);

    const result = await gql(SUBMIT, submission(globalId), person.token);

    expect(errorCode(result)).toBe('NOT_OPEN');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses a submission after closesAt with DEADLINE_PASSED, even though the scheduled job has not run', async () => {
    const { consultation, globalId } = await closedConsultation(0.001);
    const person = await createPerson();
    const before = await snapshot(consultation);

    const result = await gql(SUBMIT, submission(globalId), person.token);

    expect(errorCode(result)).toBe('DEADLINE_PASSED');
    expect((await getItem(consultationKeys.item(consultation.id)))?.status).toBe('SCHEDULED');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses a public caller with UNAUTHENTICATED and an unregistered user with FORBIDDEN', async () => {
    const { consultation, globalId } = await openConsultation();
    const unregistered = await newUserToken();
    const before = await snapshot(consultation);

    const anonymous = await gql(SUBMIT, submission(globalId));
    const notRegistered = await gql(SUBMIT, submission(globalId), unregistered.token);

    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    expect(errorCode(notRegistered)).toBe('FORBIDDEN');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses a contribution on behalf of an organisation the caller does not represent with FORBIDDEN', async () => {
    const { consultation, globalId } = await openConsultation();
    const org = await createOrganisation();
    const other = await createOrganisation();
    const rep = await createRepresentative([other.stakeholder.id]);
    const before = await snapshot(consultation);

    const result = await gql(SUBMIT, submission(globalId, { capacity: 'ON_BEHALF_OF', organisationId: org.globalId }), rep.token);
    const missingOrg = await gql(SUBMIT, submission(globalId, { capacity: 'ON_BEHALF_OF' }), rep.token);

    expect(errorCode(result)).toBe('FORBIDDEN');
    expect(errorCode(missingOrg)).toBe('BAD_USER_INPUT');
    expect(missingOrg.errors?.[0]?.extensions?.field).toBe('input.organisationId');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses a question or a parent from another consultation with BAD_USER_INPUT naming the field', async () => {
    const { consultation, globalId } = await openConsultation();
    const { consultation: elsewhere } = await openConsultation();
    const person = await createPerson();
    const foreign = await contributeDirect(elsewhere, person.stakeholder, { at: new Date() });
    const before = await snapshot(consultation);

    const question = await gql(SUBMIT, submission(globalId, { questionId: elsewhere.questions[0]!.id }), person.token);
    const parent = await gql(SUBMIT, submission(globalId, { parentId: toGlobalId('Contribution', foreign.id) }), person.token);

    expect(errorCode(question)).toBe('BAD_USER_INPUT');
    expect(question.errors?.[0]?.extensions?.field).toBe('input.questionId');
    expect(errorCode(parent)).toBe('BAD_USER_INPUT');
    expect(parent.errors?.[0]?.extensions?.field).toBe('input.parentId');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses a reply to a withdrawn contribution with BAD_USER_INPUT', async () => {
    const { consultation, globalId } = await openConsultation();
    const author = await createPerson();
    const replier = await createPerson();
    const made = await gql(
      `mutation ($input: SubmitContributionInput!) { submitContribution(input: $input) { contribution { id version } } }`,
      submission(globalId),
      author.token,
    );
    const parentId = made.data?.submitContribution.contribution.id;
    await gql(WITHDRAW, { input: { id: parentId, version: 1 } }, author.token);
    const before = await snapshot(consultation);

    const result = await gql(SUBMIT, submission(globalId, { parentId }), replier.token);

    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('input.parentId');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses an empty or overlong body with BAD_USER_INPUT naming input.body', async () => {
    const { consultation, globalId } = await openConsultation();
    const person = await createPerson();
    const before = await snapshot(consultation);

    const empty = await gql(SUBMIT, submission(globalId, { body: '   ' }), person.token);
    const overlong = await gql(SUBMIT, submission(globalId, { body: 'x'.repeat(20_001) }), person.token);

    for (const result of [empty, overlong]) {
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field).toBe('input.body');
    }
    expect(await snapshot(consultation)).toBe(before);
  });

  it("refuses to edit or withdraw someone else's contribution with FORBIDDEN", async () => {
    const { consultation } = await openConsultation();
    const author = await createPerson();
    const other = await createPerson();
    const made = await contributeDirect(consultation, author.stakeholder, { at: new Date() });
    const id = toGlobalId('Contribution', made.id);
    const before = await snapshot(consultation);

    const edit = await gql(EDIT, { input: { id, version: 1, body: 'Hijacked' } }, other.token);
    const withdraw = await gql(WITHDRAW, { input: { id, version: 1 } }, other.token);

    expect(errorCode(edit)).toBe('FORBIDDEN');
    expect(errorCode(withdraw)).toBe('FORBIDDEN');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses an edit with a stale version with CONFLICT', async () => {
    const { consultation } = await openConsultation();
    const author = await createPerson();
    const made = await contributeDirect(consultation, author.stakeholder, { at: new Date() });
    const id = toGlobalId('Contribution', made.id);
    await gql(EDIT, { input: { id, version: 1, body: 'Second' } }, author.token);
    const before = await snapshot(consultation);

    const stale = await gql(EDIT, { input: { id, version: 1, body: 'Lost update' } }, author.token);
    const staleWithdraw = await gql(WITHDRAW, { input: { id, version: 1 } }, author.token);

    expect(errorCode(stale)).toBe('CONFLICT');
    expect(errorCode(staleWithdraw)).toBe('CONFLICT');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses an edit or withdrawal after the consultation closed with DEADLINE_PASSED', async () => {
    const { consultation } = await closedConsultation(1);
    const author = await createPerson();
    const made = await contributeDirect(consultation, author.stakeholder);
    const id = toGlobalId('Contribution', made.id);
    const before = await snapshot(consultation);

    const edit = await gql(EDIT, { input: { id, version: 1, body: 'Afterthought' } }, author.token);
    const withdraw = await gql(WITHDRAW, { input: { id, version: 1 } }, author.token);

    expect(errorCode(edit)).toBe('DEADLINE_PASSED');
    expect(errorCode(withdraw)).toBe('DEADLINE_PASSED');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('hides a draft from contributors: NOT_FOUND, nothing written', async () => {
    const { consultation, globalId } = await createConsultationDirect({ status: 'DRAFT' });
    const person = await createPerson();
    const before = await snapshot(consultation);

    const result = await gql(SUBMIT, submission(globalId), person.token);

    expect(errorCode(result)).toBe('NOT_FOUND');
    expect(await snapshot(consultation)).toBe(before);
  });
});

describe('refusals of the MAG answer and the synthesis', () => {
  it('refuses a disposition on an open consultation with NOT_OPEN', async () => {
    const { consultation } = await openConsultation();
    const mag = await createMagMember();
    const made = await contributeDirect(consultation, (await createPerson()).stakeholder, { at: new Date() });
    const before = await snapshot(consultation);

    const result = await gql(
      SET_DISPOSITION,
      { input: { contributionId: toGlobalId('Contribution', made.id), version: 1, disposition: 'NOTED', response: 'Thanks' } },
      mag.token,
    );

    expect(errorCode(result)).toBe('NOT_OPEN');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses dispositions from a stakeholder, a former MAG member and the public', async () => {
    const { consultation } = await closedConsultation(1);
    const stakeholder = await createPerson();
    const former = await createPerson({ roles: { magTerm: { startYear: 2001, endYear: 2003 } } });
    const made = await contributeDirect(consultation, stakeholder.stakeholder);
    const input = { contributionId: toGlobalId('Contribution', made.id), version: 1, disposition: 'NOTED', response: 'Thanks' };
    const before = await snapshot(consultation);

    const byStakeholder = await gql(SET_DISPOSITION, { input }, stakeholder.token);
    const byFormer = await gql(SET_DISPOSITION, { input }, former.token);
    const byPublic = await gql(SET_DISPOSITION, { input });

    expect(errorCode(byStakeholder)).toBe('FORBIDDEN');
    expect(errorCode(byFormer)).toBe('FORBIDDEN');
    expect(errorCode(byPublic)).toBe('UNAUTHENTICATED');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses a bulk answer with one stale version as CONFLICT and writes none of it', async () => {
    const { consultation, globalId } = await closedConsultation(1);
    const person = await createPerson();
    const made = await Promise.all(Array.from({ length: 5 }, () => contributeDirect(consultation, person.stakeholder)));
    const mag = await createMagMember();
    const before = await snapshot(consultation);

    const result = await gql(
      SET_DISPOSITIONS,
      {
        input: {
          consultationId: globalId,
          entries: made.map((c, i) => ({
            contributionId: toGlobalId('Contribution', c.id),
            version: i === 4 ? 7 : 1,
            disposition: 'ADDRESSED',
            response: 'Done',
          })),
        },
      },
      mag.token,
    );

    expect(errorCode(result)).toBe('CONFLICT');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses more than 100 entries, and an entry of another consultation, with BAD_USER_INPUT', async () => {
    const { consultation, globalId } = await closedConsultation(1);
    const { consultation: other } = await closedConsultation(1);
    const person = await createPerson();
    const mine = await contributeDirect(consultation, person.stakeholder);
    const foreign = await contributeDirect(other, person.stakeholder);
    const mag = await createMagMember();
    const entry = (id: string) => ({ contributionId: toGlobalId('Contribution', id), version: 1, disposition: 'NOTED', response: 'Ok' });
    const before = await snapshot(consultation);

    const tooMany = await gql(SET_DISPOSITIONS, { input: { consultationId: globalId, entries: Array.from({ length: 101 }, () => entry(mine.id)) } }, mag.token);
    const mixed = await gql(SET_DISPOSITIONS, { input: { consultationId: globalId, entries: [entry(mine.id), entry(foreign.id)] } }, mag.token);

    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0]?.extensions?.field).toBe('input.entries');
    expect(errorCode(mixed)).toBe('BAD_USER_INPUT');
    expect(mixed.errors?.[0]?.extensions?.field).toBe('input.entries.1.contributionId');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses a synthesis from a MAG member (FORBIDDEN), on an open consultation (NOT_OPEN), and with a foreign reference (BAD_USER_INPUT)', async () => {
    const secretariat = await secretariatToken();
    const mag = await createMagMember();
    const { consultation: open, globalId: openId } = await openConsultation();
    const { consultation: closed, globalId: closedId } = await closedConsultation(1);
    const foreign = await contributeDirect(open, (await createPerson()).stakeholder, { at: new Date() });
    const beforeOpen = await snapshot(open);
    const beforeClosed = await snapshot(closed);

    const byMag = await gql(PUBLISH, { input: { consultationId: closedId, version: 1, body: 'Synthesis' } }, mag.token);
    const whileOpen = await gql(PUBLISH, { input: { consultationId: openId, version: 1, body: 'Synthesis' } }, secretariat);
    const badReference = await gql(
      PUBLISH,
      { input: { consultationId: closedId, version: 1, body: `See contribution:${toGlobalId('Contribution', foreign.id)}` } },
      secretariat,
    );

    expect(errorCode(byMag)).toBe('FORBIDDEN');
    expect(errorCode(whileOpen)).toBe('NOT_OPEN');
    expect(errorCode(badReference)).toBe('BAD_USER_INPUT');
    expect(badReference.errors?.[0]?.extensions?.field).toBe('input.body');
    expect(await snapshot(open)).toBe(beforeOpen);
    expect(await snapshot(closed)).toBe(beforeClosed);
  });

  it('refuses a second synthesis and a stale version with CONFLICT', async () => {
    const secretariat = await secretariatToken();
    const { consultation, globalId } = await closedConsultation(1);
    await gql(PUBLISH, { input: { consultationId: globalId, version: 1, body: 'First' } }, secretariat);
    const before = await snapshot(consultation);

    const again = await gql(PUBLISH, { input: { consultationId: globalId, version: 2, body: 'Second' } }, secretariat);
    const stale = await gql(PUBLISH, { input: { consultationId: globalId, version: 1, body: 'Second' } }, secretariat);

    expect(errorCode(again)).toBe('CONFLICT');
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(await snapshot(consultation)).toBe(before);
  });

  it('refuses a disposition filter before publication to the public (UNAUTHENTICATED) and to a stakeholder (FORBIDDEN)', async () => {
    const { globalId } = await closedConsultation(1);
    const stakeholder = await createPerson();
    const query = `query ($id: ID!) { consultation(id: $id) { contributions(filter: { disposition: NOTED }) { edges { node { id } } } } }`;

    const byPublic = await gql(query, { id: globalId });
    const byStakeholder = await gql(query, { id: globalId }, stakeholder.token);

    expect(errorCode(byPublic)).toBe('UNAUTHENTICATED');
    expect(errorCode(byStakeholder)).toBe('FORBIDDEN');
  });
});

describe('refusals of consultation management', () => {
  const draftInput = () => ({
    title: 'A consultation',
    summary: 'Summary',
    body: 'Body',
    language: 'en',
    opensAt: new Date(Date.now() + HOUR).toISOString(),
    closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
  });
  const CREATE = `mutation ($input: CreateConsultationInput!) { createConsultation(input: $input) { consultation { id } } }`;
  const UPDATE = `mutation ($input: UpdateConsultationInput!) { updateConsultation(input: $input) { consultation { id } } }`;

  it('refuses creation by a MAG member (FORBIDDEN), the public (UNAUTHENTICATED) and with closesAt before opensAt (BAD_USER_INPUT)', async () => {
    const mag = await createMagMember();
    const secretariat = await secretariatToken();
    const year = 2000 + Math.floor(Math.random() * 101);

    const byMag = await gql(CREATE, { input: { ...draftInput(), year, sequence: 1 } }, mag.token);
    const byPublic = await gql(CREATE, { input: { ...draftInput(), year, sequence: 1 } });
    const backwards = await gql(CREATE, { input: { ...draftInput(), year, sequence: 1, closesAt: new Date(Date.now()).toISOString() } }, secretariat);
    const badSequence = await gql(CREATE, { input: { ...draftInput(), year, sequence: 4 } }, secretariat);

    expect(errorCode(byMag)).toBe('FORBIDDEN');
    expect(errorCode(byPublic)).toBe('UNAUTHENTICATED');
    expect(errorCode(backwards)).toBe('BAD_USER_INPUT');
    expect(backwards.errors?.[0]?.extensions?.field).toBe('input.closesAt');
    expect(errorCode(badSequence)).toBe('BAD_USER_INPUT');
    expect(badSequence.errors?.[0]?.extensions?.field).toBe('input.sequence');
  });

  it('refuses a second consultation in the same cycle slot with CONFLICT and writes nothing', async () => {
    const secretariat = await secretariatToken();
    const first = await createViaApi(secretariat, draftInput());
    const { year, sequence } = first.data?.createConsultation.consultation;
    const guard = await getItem(consultationKeys.sequenceGuard(year, sequence));

    const second = await gql(CREATE, { input: { ...draftInput(), year, sequence, title: 'Duplicate' } }, secretariat);

    expect(errorCode(second)).toBe('CONFLICT');
    expect(await getItem(consultationKeys.sequenceGuard(year, sequence))).toEqual(guard);
  });

  it('refuses to edit a consultation that has opened (DEADLINE_PASSED) and a stale version (CONFLICT)', async () => {
    const secretariat = await secretariatToken();
    const { consultation, globalId } = await openConsultation();
    const { consultation: draft, globalId: draftId } = await createConsultationDirect({ status: 'DRAFT' });
    await gql(UPDATE, { input: { id: draftId, version: 1, title: 'Renamed' } }, secretariat);
    const before = await snapshot(consultation);
    const beforeDraft = await snapshot(draft);

    const opened = await gql(UPDATE, { input: { id: globalId, version: 1, title: 'Too late' } }, secretariat);
    const stale = await gql(UPDATE, { input: { id: draftId, version: 1, title: 'Lost update' } }, secretariat);

    expect(errorCode(opened)).toBe('DEADLINE_PASSED');
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(await snapshot(consultation)).toBe(before);
    expect(await snapshot(draft)).toBe(beforeDraft);
  });
});

/**
 * Contact addresses are confirmed by mail: registering or changing one mails
 * a code to it (through the SES emulator); until it is confirmed it receives
 * nothing else; no answer tells whether an address is already registered;
 * uniqueness holds among confirmed addresses only.
 */
import { describe, expect, it } from 'vitest';
import { PUBLIC_CALLER } from '../../functions/core/auth/caller';
import { stakeholderKeys } from '../../functions/core/dynamodb/keys';
import { named, transactWrite } from '../../functions/core/dynamodb/transact';
import { mailEvent } from '../../functions/modules/outbox';
import { buildMail } from '../../functions/modules/mail';
import { errorCode, gql, newUserToken, secretariatToken, unique } from '../helpers/api';
import { getItem } from '../helpers/db';
import { codeIn, concerning, mailTo, runSender } from '../helpers/mail';
import { createPerson } from '../helpers/people';

const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterStakeholderInput!) {
    registerStakeholder(input: $input) {
      stakeholder {
        id
        version
        contactEmail
        contactEmailStatus
        confirmedContactEmail
      }
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateStakeholderInput!) {
    updateStakeholder(input: $input) {
      stakeholder {
        id
        version
        contactEmail
        contactEmailStatus
        confirmedContactEmail
      }
    }
  }
`;
const CONFIRM = /* GraphQL */ `
  mutation ($input: ConfirmContactEmailInput!) {
    confirmContactEmail(input: $input) {
      stakeholder {
        id
        name
      }
    }
  }
`;
const ME = /* GraphQL */ `
  query {
    me {
      stakeholder {
        id
        version
        contactEmail
        contactEmailStatus
        confirmedContactEmail
      }
    }
  }
`;

const address = () => `${unique('c')}@example.org`;
const input = (contactEmail: string) => ({ name: 'Ada Confirm', group: 'ACADEMIA', region: 'AFRICAN', country: 'GH', contactEmail });
const stakeholderIdOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1] as string;

/** Registers a new user with an address and returns their token and stakeholder id. */
async function register(contactEmail: string) {
  const user = await newUserToken();
  const result = await gql(REGISTER, { input: input(contactEmail) }, user.token);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  const stakeholder = result.data?.registerStakeholder.stakeholder;
  return { ...user, stakeholder, id: stakeholderIdOf(stakeholder.id as string) };
}

/** A mail of another kind to one stakeholder, decided as a change would decide it. */
async function publishedMailTo(stakeholderId: string) {
  await transactWrite([
    named('mail', mailEvent('REPORT_PUBLISHED', { type: 'stakeholder', stakeholderId }, { year: 2030, organisations: 'Test Org' }, new Date())),
  ]);
}

describe('confirming a contact address', () => {
  it('mails a code to a newly registered address, which receives nothing else until it is confirmed', async () => {
    // Prepare
    const email = address();
    const person = await register(email);
    expect(person.stakeholder).toMatchObject({ contactEmail: email, contactEmailStatus: 'UNCONFIRMED', confirmedContactEmail: null });

    // Act
    await runSender(new Date(), { accept: concerning(person.id) });
    await publishedMailTo(person.id);
    await runSender(new Date(), { accept: concerning(person.id) });

    // Assess: the confirmation only, with a code and a link, in a plain-text part too.
    const mails = await mailTo(email);
    expect(mails.map((m) => m.subject)).toEqual(['Confirm your contact address for Agora']);
    const code = codeIn(mails[0]!);
    expect(mails[0]?.body.text).toContain(`http://agora.test/mail/confirm/${code}`);
    expect(mails[0]?.body.html).toContain(code);
    expect(await getItem(stakeholderKeys.emailGuard(email))).toBeUndefined();
  });

  it('confirms the address with the mailed code: mail goes to it from then on, and it is unique among confirmed addresses', async () => {
    // Prepare
    const email = address();
    const person = await register(email);
    await runSender(new Date(), { accept: concerning(person.id) });
    const code = codeIn((await mailTo(email))[0]!);

    // Act: the code alone confirms (no sign-in), in any case and without dashes.
    const confirmed = await gql(CONFIRM, { input: { code: code.replaceAll('-', '').toLowerCase() } });
    await publishedMailTo(person.id);
    await runSender(new Date(), { accept: concerning(person.id) });

    // Assess
    expect(confirmed.errors).toBeUndefined();
    const me = await gql(ME, {}, person.token);
    expect(me.data?.me.stakeholder).toMatchObject({ contactEmailStatus: 'CONFIRMED', confirmedContactEmail: email, version: 2 });
    expect(await getItem(stakeholderKeys.emailGuard(email))).toMatchObject({ stakeholderId: person.id });
    expect((await mailTo(email)).map((m) => m.subject)).toEqual(['Confirm your contact address for Agora', 'The 2030 report is published']);
    // The code is used up.
    expect(errorCode(await gql(CONFIRM, { input: { code } }))).toBe('CONFIRMATION_INVALID');
  });

  it('answers the same whether or not an address is already registered, and lets no one take an address they do not control', async () => {
    // Prepare: the owner registered and confirmed their address.
    const email = address();
    const owner = await register(email);
    await runSender(new Date(), { accept: concerning(owner.id) });
    expect((await gql(CONFIRM, { input: { code: codeIn((await mailTo(email))[0]!) } })).errors).toBeUndefined();
    const free = address();

    // Act: a squatter registers with the owner's address, another user with a free one; someone edits theirs to the owner's.
    const squatter = await register(email.toUpperCase());
    const other = await register(free);
    const editor = await register(address());
    const edited = await gql(UPDATE, { input: { id: editor.stakeholder.id, version: 1, contactEmail: email } }, editor.token);

    // Assess: the same answers; the squatter's and editor's copies stay unconfirmed and the guard stays with the owner.
    expect(Object.keys(squatter.stakeholder)).toEqual(Object.keys(other.stakeholder));
    expect(squatter.stakeholder).toMatchObject({ contactEmail: email, contactEmailStatus: 'UNCONFIRMED', confirmedContactEmail: null });
    expect(other.stakeholder).toMatchObject({ contactEmail: free, contactEmailStatus: 'UNCONFIRMED' });
    expect(edited.errors).toBeUndefined();
    expect(edited.data?.updateStakeholder.stakeholder).toMatchObject({ contactEmail: email, contactEmailStatus: 'UNCONFIRMED' });
    expect(await getItem(stakeholderKeys.emailGuard(email))).toMatchObject({ stakeholderId: owner.id });

    // The owner's mailbox gets the squatter's code; using it answers CONFLICT to the mailbox's owner only, and changes nothing.
    await runSender(new Date(), { accept: concerning(squatter.id) });
    const squatterCode = codeIn((await mailTo(email)).at(-1)!);
    const taken = await gql(CONFIRM, { input: { code: squatterCode } });
    expect(errorCode(taken)).toBe('CONFLICT');
    expect(await getItem(stakeholderKeys.emailGuard(email))).toMatchObject({ stakeholderId: owner.id });
    expect((await getItem(stakeholderKeys.item(squatter.id)))?.confirmedEmail).toBeUndefined();
  });

  it('keeps mailing the confirmed address after a change until the new one is confirmed', async () => {
    // Prepare: a person whose address A is confirmed.
    const a = address();
    const b = address();
    const person = await createPerson({ stakeholder: { contactEmail: a, confirmedEmail: a } });

    // Act: they change it to B; a mail is decided before B is confirmed, another after.
    const changed = await gql(UPDATE, { input: { id: person.globalId, version: 1, contactEmail: b } }, person.token);
    await publishedMailTo(person.stakeholder.id);
    await runSender(new Date(), { accept: concerning(person.stakeholder.id) });
    const before = { a: await mailTo(a), b: await mailTo(b) };
    await gql(CONFIRM, { input: { code: codeIn(before.b[0]!) } });
    await publishedMailTo(person.stakeholder.id);
    await runSender(new Date(), { accept: concerning(person.stakeholder.id) });

    // Assess
    expect(changed.data?.updateStakeholder.stakeholder).toMatchObject({ contactEmail: b, contactEmailStatus: 'UNCONFIRMED', confirmedContactEmail: a });
    expect(before.a.map((m) => m.subject)).toEqual(['The 2030 report is published']);
    expect(before.b.map((m) => m.subject)).toEqual(['Confirm your contact address for Agora']);
    expect((await mailTo(a)).length).toBe(1);
    expect((await mailTo(b)).map((m) => m.subject)).toEqual(['Confirm your contact address for Agora', 'The 2030 report is published']);
    expect(await getItem(stakeholderKeys.emailGuard(a))).toBeUndefined();
    expect(await getItem(stakeholderKeys.emailGuard(b))).toMatchObject({ stakeholderId: person.stakeholder.id });
  });

  it('refuses a wrong code with CONFIRMATION_INVALID and an expired one with CONFIRMATION_EXPIRED, changing nothing', async () => {
    // Prepare
    const email = address();
    const person = await register(email);
    await runSender(new Date(), { accept: concerning(person.id) });
    const code = codeIn((await mailTo(email))[0]!);
    const later = buildMail(PUBLIC_CALLER, () => new Date(Date.now() + 49 * 3_600_000));

    // Act
    const wrong = await gql(CONFIRM, { input: { code: 'AAAA-BBBB-CCCC' } });
    const garbage = await gql(CONFIRM, { input: { code: '<script>' } });
    const expired = await later.confirm({ code }).catch((error: unknown) => error);

    // Assess
    expect(errorCode(wrong)).toBe('CONFIRMATION_INVALID');
    expect(wrong.errors?.[0]?.extensions?.field).toBe('input.code');
    expect(errorCode(garbage)).toBe('CONFIRMATION_INVALID');
    expect((expired as { code?: string }).code).toBe('CONFIRMATION_EXPIRED');
    const me = await gql(ME, {}, person.token);
    expect(me.data?.me.stakeholder).toMatchObject({ contactEmailStatus: 'UNCONFIRMED', version: 1 });
    expect(await getItem(stakeholderKeys.emailGuard(email))).toBeUndefined();
  });

  it('refuses an invalid address with BAD_USER_INPUT and mails nothing', async () => {
    const user = await newUserToken();
    const result = await gql(REGISTER, { input: input('not-an-address') }, user.token);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.extensions?.field).toBe('input.contactEmail');
    expect(await getItem(stakeholderKeys.identity(user.subject))).toBeUndefined();
  });

  it('mails a new code on request to an unconfirmed address; a confirmed one is a CONFLICT', async () => {
    // Prepare
    const email = address();
    const person = await register(email);
    const RESEND = 'mutation ($input: ResendContactEmailConfirmationInput!) { resendContactEmailConfirmation(input: $input) { stakeholder { id } } }';

    // Act
    const resent = await gql(RESEND, { input: { stakeholderId: person.stakeholder.id } }, person.token);
    const byStranger = await gql(RESEND, { input: { stakeholderId: person.stakeholder.id } }, (await newUserToken()).token);
    await runSender(new Date(), { accept: concerning(person.id) });
    const codes = (await mailTo(email)).map(codeIn);
    await gql(CONFIRM, { input: { code: codes[1] } });
    const again = await gql(RESEND, { input: { stakeholderId: person.stakeholder.id } }, await secretariatToken());

    // Assess
    expect(resent.errors).toBeUndefined();
    expect(errorCode(byStranger)).toBe('FORBIDDEN');
    expect(codes).toHaveLength(2);
    expect(new Set(codes).size).toBe(2);
    expect(errorCode(again)).toBe('CONFLICT');
  });
});

/**
 * Who a mail event goes to: the sender expands each event into one delivery
 * per recipient, reading the other modules' records at that time (the
 * current representatives, subscribers, answered contributions). The one
 * place where mail reads another module's data.
 */
import { allContributions } from '../contributions';
import { getIssues } from '../programme';
import { getRepresentativeIds, getStakeholders } from '../stakeholders';
import type { AnsweredItem, MailEvent, MailParams } from '../outbox';
import { subscribersOf } from './recipient.store';

export interface Recipient {
  readonly stakeholderId: string;
  readonly address?: string | undefined;
  /** Parameters of this recipient's mail, added to the event's. */
  readonly params?: MailParams;
  readonly answers?: readonly AnsweredItem[];
}

/** At most this many answers are listed in one mail (the synthesis has all of them). */
const MAX_ANSWERS_PER_MAIL = 20;
const EXCERPT_CHARS = 160;

const excerpt = (body: string) => (body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS - 1)}…` : body);

export async function recipientsOf(event: MailEvent): Promise<Recipient[]> {
  const audience = event.audience;
  switch (audience.type) {
    case 'stakeholder':
      return [{ stakeholderId: audience.stakeholderId }];
    case 'confirmation':
      return [{ stakeholderId: audience.stakeholderId, address: audience.address }];
    case 'stakeholders':
      return [...new Set(audience.stakeholderIds)].map((stakeholderId) => ({ stakeholderId }));
    case 'subscribers':
      return (await subscribersOf(audience.topic)).map((stakeholderId) => ({ stakeholderId }));
    case 'representatives': {
      // One mail per person, naming every organisation of the event they represent.
      const organisations = await getStakeholders(audience.organisationIds);
      const names = new Map(organisations.filter((o) => o !== undefined).map((o) => [o.id, o.name]));
      const byPerson = new Map<string, string[]>();
      for (const organisationId of audience.organisationIds) {
        for (const personId of await getRepresentativeIds(organisationId)) {
          byPerson.set(personId, [...(byPerson.get(personId) ?? []), names.get(organisationId) ?? organisationId]);
        }
      }
      return [...byPerson].map(([stakeholderId, orgs]) => ({ stakeholderId, params: { organisations: orgs.join(', ') } }));
    }
    case 'answeredContributions': {
      const byAuthor = new Map<string, AnsweredItem[]>();
      for (const c of await allContributions(audience.consultationId)) {
        if (c.status !== 'ACTIVE' || !c.answer || !c.body) continue;
        const item: AnsweredItem = { contributionId: c.id, excerpt: excerpt(c.body), disposition: c.answer.disposition, response: c.answer.response };
        byAuthor.set(c.authorId, [...(byAuthor.get(c.authorId) ?? []), item]);
      }
      return [...byAuthor].map(([stakeholderId, answers]) => ({
        stakeholderId,
        answers: answers.slice(0, MAX_ANSWERS_PER_MAIL),
        params: { answered: answers.length },
      }));
    }
    case 'declinedIssues': {
      // One mail per author, listing their issues the decision did not take up, each with its public reason.
      const byAuthor = new Map<string, Record<string, string | number>>();
      for (const issue of await getIssues(audience.issueIds)) {
        if (issue?.status !== 'NOT_TAKEN_UP' || !issue.decline) continue;
        const params = byAuthor.get(issue.authorId) ?? { declined: 0 };
        const n = Number(params.declined) + 1;
        byAuthor.set(issue.authorId, {
          ...params,
          declined: n,
          year: issue.year,
          [`issue${n}.title`]: issue.title,
          [`issue${n}.reason`]: issue.decline.reason,
        });
      }
      return [...byAuthor].map(([stakeholderId, params]) => ({ stakeholderId, params }));
    }
    case 'consultationFollowers': {
      // Each person once: an author who also follows the year gets one mail.
      const ids = new Set<string>();
      for (const c of await allContributions(audience.consultationId)) if (c.status === 'ACTIVE') ids.add(c.authorId);
      for (const id of await subscribersOf(audience.topic)) ids.add(id);
      return [...ids].map((stakeholderId) => ({ stakeholderId }));
    }
  }
}

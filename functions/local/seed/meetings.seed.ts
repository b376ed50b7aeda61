/**
 * Demo MAG meetings: one after each closed demo consultation (and an open
 * consultation day and a planned meeting), driven through the meeting
 * service at the instants the story needs — the same rules, conditions and
 * transactions as the API. Decisions trace the contributions (their
 * adoption writes the dispositions and the processing counters), and the
 * minutes are in every state: published, approved, circulated, draft.
 */
import { SECRETARIAT_GROUP, userCaller, type Caller } from '../../core/auth/caller';
import { toGlobalId } from '../../core/ids';
import { createContext } from '../../graphql/context';
import type { Consultation, ConsultationService, Contribution, Disposition } from '../../modules/consultations';
import type { Meeting, MeetingService } from '../../modules/meetings';
import type { Stakeholder } from '../../modules/stakeholders';
import { DEMO_PERSONAS } from './personas';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Contributions per decision in the demo (a decision takes at most 90). */
const PER_DECISION = 40;

/** The secretariat acting with the chair's stakeholder record, so one caller can do what either may. */
function chairAndSecretariat(chairId: string): Caller {
  return userCaller(`demo|secretariat-${chairId}`, [SECRETARIAT_GROUP], () => Promise.resolve({ stakeholderId: chairId, representativeOf: [] }));
}

/** The services as of an instant, wired as for a request. */
function servicesAt(caller: Caller, at: number) {
  return createContext({ requestId: 'seed', caller, now: () => new Date(at) }).services;
}

export interface MeetingPlan {
  readonly key: string;
  readonly year: number;
  readonly kind: Meeting['kind'];
  readonly number: number;
  readonly title: string;
  readonly startsAt: number;
  readonly chairId: string;
  readonly consultation?: Consultation | undefined;
  /** PRESENT, APOLOGIES, ABSENT in turn for a few; PRESENT for the others. */
  readonly attendees: readonly Stakeholder[];
  /** The contributions to decide (in batches), with the disposition to give each. */
  readonly decide: readonly { readonly contribution: Contribution; readonly disposition: Disposition; readonly response: string }[];
  /** Minutes of earlier meetings to approve (their windows ended). */
  readonly approves?: readonly Meeting[];
  /** Where the meeting stops. */
  readonly until: 'PLANNED' | 'HELD' | 'MINUTES_DRAFT' | 'CIRCULATED';
}

/** Drives one meeting through the service; returns it as stored. */
export async function driveMeeting(plan: MeetingPlan): Promise<Meeting> {
  const caller = chairAndSecretariat(plan.chairId);
  const at = (offset: number) => servicesAt(caller, plan.startsAt + offset).meetings;
  const consultationIds = plan.consultation ? [toGlobalId('Consultation', plan.consultation.id)] : [];
  let meeting = await at(-30 * DAY).create({
    year: plan.year,
    kind: plan.kind,
    number: plan.number,
    title: plan.title,
    startsAt: new Date(plan.startsAt).toISOString(),
    format: plan.kind === 'VIRTUAL' ? 'ONLINE' : 'HYBRID',
    place: plan.kind === 'VIRTUAL' ? null : 'Palais des Nations, Geneva',
    onlineLink: 'https://meet.example.org/mag',
    chairId: toGlobalId('Stakeholder', plan.chairId),
    consultationIds,
    idempotencyKey: `demo-meeting-${plan.key}`,
  });
  const id = toGlobalId('Meeting', meeting.id);
  const questions = plan.consultation?.questions ?? [];
  meeting = await at(-20 * DAY).setAgenda({
    meetingId: id,
    version: meeting.version,
    items: [
      { title: 'Opening and adoption of the agenda', minutes: 15 },
      ...(plan.consultation
        ? [
            {
              title: `Inputs to “${plan.consultation.title}”`,
              expectedOutput: 'Decisions on the dispositions of the contributions',
              minutes: 120,
              documents: ['https://www.intgovforum.org/en/content/mag-meetings'],
              processes: { consultationId: consultationIds[0] as string },
              items: questions.map((q, i) => ({
                title: `Question ${i + 1}: ${q.text}`,
                minutes: 45,
                processes: { consultationId: consultationIds[0] as string, questionIds: [q.id] },
              })),
            },
          ]
        : []),
      ...(plan.approves?.length ? [{ title: 'Minutes of the previous meeting', expectedOutput: 'Approval', minutes: 10 }] : []),
      { title: 'Any other business', minutes: 15 },
    ],
  });
  if (plan.until === 'PLANNED') return meeting;
  meeting = await at(-10 * 60_000).adoptAgenda({ meetingId: id, version: meeting.version });
  meeting = await at(HOUR).hold({ meetingId: id, version: meeting.version });
  await at(2 * HOUR).recordAttendance({
    meetingId: id,
    entries: plan.attendees.map((person, i) => ({
      stakeholderId: toGlobalId('Stakeholder', person.id),
      role: i === 3 ? 'HOST' : i % 7 === 6 ? 'OBSERVER' : 'MAG_MEMBER',
      mode: i % 3 === 0 ? 'ONLINE' : 'ONSITE',
      status: i === 4 ? 'APOLOGIES' : i === 5 ? 'ABSENT' : 'PRESENT',
    })),
  });
  let step = 3 * HOUR;
  const decideAndAdopt = async (input: Parameters<MeetingService['recordDecision']>[0], state: 'ADOPTED' | 'DEFERRED' = 'ADOPTED') => {
    const decision = await at((step += 10 * 60_000)).recordDecision(input);
    return at((step += 10 * 60_000)).decide({ decisionId: toGlobalId('Decision', decision.id), version: decision.version, state });
  };
  for (const [n, approved] of (plan.approves ?? []).entries()) {
    await decideAndAdopt({
      meetingId: id,
      text: `The minutes of “${approved.title}” are approved as circulated.`,
      subjects: [{ minutes: { meetingId: toGlobalId('Meeting', approved.id), effect: 'APPROVE' } }],
      idempotencyKey: `demo-approve-${plan.key}-${n}`,
    });
  }
  for (let start = 0; start < plan.decide.length; start += PER_DECISION) {
    const batch = plan.decide.slice(start, start + PER_DECISION);
    await decideAndAdopt({
      meetingId: id,
      text: `The MAG gives the ${batch.length} contributions listed the dispositions and responses below; their points feed the programme.`,
      method: start === 0 ? 'CONSENSUS' : 'ROUGH_CONSENSUS',
      subjects: batch.map((s) => ({
        contribution: { contributionId: toGlobalId('Contribution', s.contribution.id), disposition: s.disposition, response: s.response },
      })),
      idempotencyKey: `demo-decision-${plan.key}-${start}`,
    });
  }
  await decideAndAdopt(
    { meetingId: id, text: 'A working group on the format of the open consultations is to be set up.', idempotencyKey: `demo-deferred-${plan.key}` },
    'DEFERRED',
  );
  const secretariat = chairAndSecretariat(plan.chairId);
  const action = (offset: number) => servicesAt(secretariat, plan.startsAt + offset).meetings;
  await action((step += HOUR)).createActionItem({
    meetingId: id,
    text: 'Write to every contributor with the MAG’s response.',
    ownerId: toGlobalId('Stakeholder', plan.chairId),
    dueAt: new Date(plan.startsAt + 30 * DAY).toISOString(),
  });
  meeting = (await at(step).get(meeting.id)) ?? meeting;
  if (plan.until === 'HELD') return meeting;
  const minutes = await at(2 * DAY).draftMinutes({
    meetingId: id,
    version: meeting.version,
    body: `# ${plan.title}\n\nThe chair opened the meeting and the agenda was adopted. The MAG reviewed the inputs and took the decisions recorded below.`,
  });
  if (plan.until === 'CIRCULATED') {
    const revised = await at(2 * DAY + HOUR).reviseMinutes({
      meetingId: id,
      version: minutes.version,
      body: `${minutes.body}\n\nAction: the secretariat writes to every contributor.`,
    });
    await at(3 * DAY).circulateMinutes({ meetingId: id, version: revised.version, amendmentDays: 7 });
    const present = plan.attendees[1];
    if (present) {
      const asAttendee = userCaller(`demo|${present.id}`, [], () => Promise.resolve({ stakeholderId: present.id, representativeOf: [] }));
      await servicesAt(asAttendee, plan.startsAt + 4 * DAY).meetings.proposeAmendment({
        meetingId: id,
        text: 'Please record that the civil society members asked for more time on question 2.',
      });
    }
  }
  return (await at(4 * DAY).get(meeting.id)) ?? meeting;
}

/** Publishes approved minutes at an instant. */
export async function publishMinutes(meeting: Meeting, at: number): Promise<void> {
  const services = servicesAt(chairAndSecretariat(meeting.chairId), at);
  const minutes = await services.meetings.minutesById(meeting.id);
  if (minutes?.status !== 'APPROVED') throw new Error(`Minutes of ${meeting.id} are ${minutes?.status}, not APPROVED`);
  await services.meetings.publishMinutes({ meetingId: toGlobalId('Meeting', meeting.id), version: minutes.version });
}

const RESPONSES: Readonly<Record<Disposition, string>> = {
  RECEIVED: 'Received; the MAG will consider it with the related inputs.',
  UNDER_REVIEW: 'The MAG is reviewing this point with the secretariat.',
  ADDRESSED: 'Addressed: the point is part of the programme of the annual meeting.',
  PARTIALLY_ADDRESSED: 'Partly addressed: one session takes up this point.',
  NOTED: 'Noted: the MAG will keep it in mind for the next cycle.',
  OUT_OF_SCOPE: 'Outside the scope of this consultation; forwarded to the relevant body.',
};

/**
 * The demo meetings, after the demo consultations: for each closed one a
 * MAG meeting whose decisions trace its contributions; minutes published
 * for the oldest, approved, circulated and in draft for the later ones; an
 * open consultation day for the latest closed one and a planned meeting
 * after the open one.
 */
export async function seedMeetings(now: Date, people: readonly Stakeholder[], chairId: string = DEMO_PERSONAS.mag): Promise<{ meetings: number }> {
  const reader = servicesAt(chairAndSecretariat(chairId), now.getTime());
  const year = now.getUTCFullYear();
  const all = [...(await reader.consultations.ofYear(year - 1)), ...(await reader.consultations.ofYear(year))].sort((a, b) =>
    a.closesAt < b.closesAt ? -1 : 1,
  );
  const closed = all.filter((c) => ['CLOSED', 'SYNTHESIS_PUBLISHED'].includes(reader.consultations.status(c)));
  const open = all.find((c) => reader.consultations.status(c) === 'OPEN');
  const attendees = [people.find((p) => p.id === chairId), ...people.filter((p) => p.id !== chairId).slice(0, 13)].filter(
    (p): p is Stakeholder => p !== undefined,
  );
  const numbers = new Map<string, number>();
  const numberOf = (y: number, kind: Meeting['kind']) => {
    const next = (numbers.get(`${y}${kind}`) ?? 0) + 1;
    numbers.set(`${y}${kind}`, next);
    return next;
  };
  const made: Meeting[] = [];
  for (const [i, consultation] of closed.entries()) {
    const last = i === closed.length - 1;
    // The last one met five days ago: its minutes are circulated, the amendment window still open.
    const startsAt = last ? now.getTime() - 5 * DAY : Date.parse(consultation.closesAt) + 14 * DAY;
    const contributions = await allActive(reader.consultations, consultation);
    // The latest closed consultation is being processed: two thirds decided so far.
    const decided = last ? contributions.filter((_, n) => n % 3 !== 2) : contributions;
    const kind = i % 2 === 0 ? 'IN_PERSON' : 'VIRTUAL';
    const meetingYear = new Date(startsAt).getUTCFullYear();
    const previous = made.at(-1);
    const meeting = await driveMeeting({
      key: consultation.id,
      year: meetingYear,
      kind,
      number: numberOf(meetingYear, kind),
      title: `MAG meeting on “${consultation.title}”`,
      startsAt,
      chairId,
      consultation,
      attendees,
      decide: decided.map((contribution, n) => {
        const disposition = contribution.answer?.disposition ?? (['ADDRESSED', 'NOTED', 'PARTIALLY_ADDRESSED'] as const)[n % 3] ?? 'NOTED';
        return { contribution, disposition, response: contribution.answer?.response ?? RESPONSES[disposition] };
      }),
      approves: previous ? [previous] : [],
      until: 'CIRCULATED',
    });
    // The previous meeting's minutes, approved by this one: published a day later, except the one before the last.
    if (previous && !last) await publishMinutes(previous, startsAt + DAY);
    made.push(meeting);
  }
  const latest = closed.at(-1);
  if (latest) {
    const startsAt = Math.min(Date.parse(latest.closesAt) + 2 * DAY, now.getTime() - 12 * DAY);
    const y = new Date(startsAt).getUTCFullYear();
    made.push(
      await driveMeeting({
        key: `${latest.id}-day`,
        year: y,
        kind: 'OPEN_CONSULTATION_DAY',
        number: numberOf(y, 'OPEN_CONSULTATION_DAY'),
        title: `Open consultation day: “${latest.title}”`,
        startsAt,
        chairId,
        consultation: latest,
        attendees: [...attendees, ...people.slice(20, 26)],
        decide: [],
        until: 'MINUTES_DRAFT',
      }),
    );
  }
  if (open) {
    const startsAt = Date.parse(open.closesAt) + 14 * DAY;
    const y = new Date(startsAt).getUTCFullYear();
    made.push(
      await driveMeeting({
        key: `${open.id}-next`,
        year: y,
        kind: 'IN_PERSON',
        number: numberOf(y, 'IN_PERSON'),
        title: `MAG meeting on “${open.title}”`,
        startsAt,
        chairId,
        consultation: open,
        attendees,
        decide: [],
        until: 'PLANNED',
      }),
    );
  }
  return { meetings: made.length };
}

async function allActive(consultations: ConsultationService, consultation: Consultation): Promise<Contribution[]> {
  const found: Contribution[] = [];
  let after: string | null | undefined;
  do {
    const page = await consultations.contributions(consultation, { first: 100, after });
    found.push(...page.items.filter((c) => c.status === 'ACTIVE'));
    after = page.hasNextPage ? page.endCursor : null;
  } while (after);
  return found;
}

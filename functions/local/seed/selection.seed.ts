/**
 * Demo data of selection and the schedule, after the demo proposals: slot
 * budgets, a MAG meeting whose decisions select the eligible proposals (most
 * accepted within the budget, one on conditions, one merged, the rest not
 * accepted) and approve a main session per theme (designed by the demo MAG
 * member's working group, speakers suggested and confirmed), the accepted
 * sessions confirmed by their proposers, four rooms, and a schedule released
 * twice (the second release moves one slot). Everything goes through the
 * services, at instants in the past, as the people themselves. When there are
 * fewer than a dozen eligible proposals (the demo proposals come from their own
 * seed), it adds its own.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SECRETARIAT_GROUP, userCaller, type Caller } from '../../core/auth/caller';
import { documentClient, tableName } from '../../core/dynamodb/client';
import { newId, toGlobalId } from '../../core/ids';
import { createContext } from '../../graphql/context';
import type { Session } from '../../modules/sessions';
import type { Stakeholder } from '../../modules/stakeholders';
import { DEFAULT_DIVERSITY_RULES, type Proposal, type ProposalCall } from '../../modules/sessions/sessions.model';
import { DEFAULT_SCREENING_RULES } from '../../modules/sessions/screening.model';
import { proposalItem, saveCall } from '../../modules/sessions/sessions.store';
import { allSessions } from '../../modules/sessions/selection.store';
import { listThemes } from '../../modules/programme/programme.store';
import { DEMO_PERSONAS } from './personas';

const DAY = 86_400_000;
const HOUR = 3_600_000;

function servicesAt(caller: Caller, at: number) {
  return createContext({ requestId: 'seed', caller, now: () => new Date(at) }).services;
}

const person = (id: string, magTerm?: Stakeholder['magTerm']): Caller =>
  userCaller(`demo|${id}`, [], () => Promise.resolve({ stakeholderId: id, representativeOf: [], ...(magTerm ? { magTerm } : {}) }));
const secretariatAnd = (id: string): Caller =>
  userCaller(`demo|${id}`, [SECRETARIAT_GROUP], () => Promise.resolve({ stakeholderId: id, representativeOf: [] }));
const secretariat: Caller = userCaller('demo|secretariat', [SECRETARIAT_GROUP], () => Promise.resolve(undefined));

const TOPICS = [
  'Community networks',
  'AI in public services',
  'Routing security',
  'Digital public infrastructure',
  'Online safety for children',
  'Data flows with trust',
];

/** The call for proposals of the demo year (if the proposals' seed did not schedule it). */
async function ensureCall(year: number, now: number): Promise<void> {
  const at = new Date(now - 200 * DAY).toISOString();
  const call: ProposalCall = {
    year,
    opensAt: new Date(now - 85 * DAY).toISOString(),
    closesAt: new Date(now - 60 * DAY).toISOString(),
    hybrid: true,
    rules: DEFAULT_DIVERSITY_RULES,
    screening: DEFAULT_SCREENING_RULES,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  await saveCall(call, undefined);
}

/** A dozen eligible demo proposals across the themes, each with a diverse panel of demo people, confirmed. */
async function ensureEligible(
  year: number,
  now: number,
  themeIds: readonly { id: string; questions: readonly string[] }[],
  people: readonly Stakeholder[],
): Promise<void> {
  const existing = await allSessions(year, 'ELIGIBLE');
  for (let k = existing.length; k < 12; k++) {
    const when = new Date(now - 70 * DAY + k * HOUR);
    const theme = themeIds[k % themeIds.length] as { id: string; questions: readonly string[] };
    const proposer = people[(7 + k * 5) % people.length] as Stakeholder;
    const panel = [0, 1, 2].map((j) => people[(11 + k * 3 + j * 7) % people.length] as Stakeholder);
    const speakers = [...new Map([proposer, ...panel].map((p) => [p.id, p])).values()].map((p, j) => ({
      stakeholderId: p.id,
      role: j === 0 ? ('MODERATOR' as const) : ('SPEAKER' as const),
      attendance: j === 3 ? ('ONLINE' as const) : ('ONSITE' as const),
      status: 'CONFIRMED' as const,
      group: p.group,
      region: p.region,
      gender: p.gender,
      respondedAt: when.toISOString(),
    }));
    const proposal: Proposal = {
      id: `${year}.${newId(when)}`,
      year,
      type: k % 6 === 5 ? 'OPEN_FORUM' : 'WORKSHOP',
      format: 'ROUNDTABLE',
      durationMinutes: 60,
      themeId: theme.id,
      policyQuestions: [theme.questions[0] as string],
      title: `${TOPICS[k % TOPICS.length]}: what works (${k + 1})`,
      description: `A roundtable on ${(TOPICS[k % TOPICS.length] as string).toLowerCase()} with speakers from several stakeholder groups and regions.`,
      developmentDimension: { linkage: 'DIRECT', explanation: 'The session looks at developing countries first.' },
      interactionPlan: 'Short openings, then an open floor with the room and online participants.',
      onlineParticipationPlan: 'An online moderator relays questions in every round.',
      proposerId: proposer.id,
      organiserIds: [proposer.id],
      speakers,
      contributionIds: [],
      issueIds: [],
      status: 'ELIGIBLE',
      submittedAt: when.toISOString(),
      screening: { reasons: [], screenedAt: new Date(now - 55 * DAY).toISOString() },
      version: 3,
      createdAt: when.toISOString(),
      updatedAt: when.toISOString(),
    };
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: proposalItem(proposal), ConditionExpression: 'attribute_not_exists(PK)' }));
  }
}

export async function seedSelection(
  nowDate: Date,
  people: readonly Stakeholder[],
): Promise<{ accepted: number; mainSessions: number; slots: number; releases: number }> {
  const none = { accepted: 0, mainSessions: 0, slots: 0, releases: 0 };
  const now = nowDate.getTime();
  const year = nowDate.getUTCFullYear();
  const themes = (await listThemes(year, true, 10)).items;
  if (themes.length === 0 || people.length < 20) return none;
  // The demo MAG member chairs and designs (or, in a smaller demo, the first MAG member in term).
  const designer = people.find((p) => p.id === DEMO_PERSONAS.mag) ?? people.find((p) => p.magTerm && p.magTerm.startYear <= year && year <= p.magTerm.endYear);
  if (!designer) return none;
  const mag = designer.id;
  const magTerm = designer.magTerm;
  await ensureCall(year, now);
  await ensureEligible(
    year,
    now,
    themes.map((t) => ({ id: t.id, questions: t.policyQuestions })),
    people,
  );
  const eligible = (await allSessions(year, 'ELIGIBLE')).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));

  // Slot budgets: about 40% of the eligible proposals of each type, a main session per theme.
  const byType = new Map<string, Session[]>();
  for (const p of eligible) byType.set(p.type, [...(byType.get(p.type) ?? []), p]);
  const budgets = [...byType].map(([type, list]) => ({ type: type as Session['type'], slots: Math.max(1, Math.round(list.length * 0.4)) }));
  await servicesAt(secretariat, now - 45 * DAY).selection.setSlotBudgets({
    programmeId: toGlobalId('Programme', String(year)),
    version: 0,
    budgets: [...budgets, { type: 'MAIN_SESSION', slots: themes.length }],
  });

  // The selection meeting: held 40 days ago, chaired by the demo MAG member.
  const start = now - 40 * DAY;
  const chair = servicesAt(secretariatAnd(mag), start - 30 * DAY).meetings;
  let meeting = await chair.create({
    year,
    kind: 'IN_PERSON',
    number: 90,
    title: `Selection of the IGF ${year} sessions`,
    startsAt: new Date(start).toISOString(),
    format: 'HYBRID',
    place: 'Palais des Nations, Geneva',
    onlineLink: 'https://meet.example.org/mag',
    chairId: toGlobalId('Stakeholder', mag),
    consultationIds: [],
    idempotencyKey: `demo-selection-${year}`,
  });
  const meetingId = toGlobalId('Meeting', meeting.id);
  meeting = await chair.setAgenda({
    meetingId,
    version: meeting.version,
    items: [
      { title: 'Selection of the workshops and open forums', expectedOutput: 'The selection', minutes: 180 },
      { title: 'Main sessions', minutes: 60 },
    ],
  });
  let step = -10 * 60_000;
  const at = () => servicesAt(secretariatAnd(mag), start + (step += 10 * 60_000)).meetings;
  meeting = await at().adoptAgenda({ meetingId, version: meeting.version });
  meeting = await at().hold({ meetingId, version: meeting.version });
  const decide = async (text: string, subjects: Record<string, unknown>[], key: string) => {
    const decision = await at().recordDecision({ meetingId, text, subjects: subjects.map((proposal) => ({ proposal })) as never, idempotencyKey: key });
    return at().decide({ decisionId: toGlobalId('Decision', decision.id), version: decision.version, state: 'ADOPTED' });
  };

  // Within each type's budget: the first ones accepted (one of them on conditions), one merged into the first, the rest not.
  const subjects: Record<string, unknown>[] = [];
  const accepted: Session[] = [];
  for (const { type, slots } of budgets) {
    const list = byType.get(type) ?? [];
    list.forEach((p, i) => {
      const id = toGlobalId('Proposal', p.id);
      if (i < slots) {
        if (type === 'WORKSHOP' && i === 1) {
          subjects.push({
            proposalId: id,
            outcome: 'CONDITIONALLY_ACCEPTED',
            conditions: ['Confirm a speaker from government.'],
            deadline: new Date(now + 20 * DAY).toISOString(),
          });
        } else {
          subjects.push({ proposalId: id, outcome: 'ACCEPTED' });
          accepted.push(p);
        }
      } else if (i === slots && list[0]) {
        subjects.push({
          proposalId: id,
          outcome: 'MERGED_INTO',
          mergedIntoId: toGlobalId('Proposal', list[0].id),
          reason: 'The same question as an accepted session: the organisers join it.',
        });
      } else {
        subjects.push({ proposalId: id, outcome: 'NOT_ACCEPTED', reason: 'Ranked below the slots available for its type.' });
      }
    });
  }
  for (let i = 0; i < subjects.length; i += 80)
    await decide('The MAG selects the sessions of the programme as listed.', subjects.slice(i, i + 80), `demo-selection-${year}-${i}`);

  // Main sessions: one per theme, designed by the demo MAG member's working group, its speakers suggested and confirmed.
  const mains: Session[] = [];
  for (const [t, theme] of themes.entries()) {
    const speakers = [0, 1, 2].map((j) => people[(3 + t * 5 + j * 4) % people.length] as Stakeholder);
    const feeders = accepted.filter((p) => p.themeId === theme.id).slice(0, 3);
    const designed = await servicesAt(person(mag, magTerm), start - 20 * DAY).selection.designMainSession({
      themeId: toGlobalId('Theme', theme.id),
      format: 'PANEL',
      durationMinutes: 90,
      policyQuestions: [0],
      title: `Main session: ${theme.title}`.slice(0, 60),
      description: `The MAG working group on “${theme.title}” brings its feeder workshops and the community's questions to the plenary.`,
      workingGroupIds: [toGlobalId('Stakeholder', mag)],
      speakers: speakers.map((s, j) => ({ stakeholderId: toGlobalId('Stakeholder', s.id), role: j === 0 ? 'MODERATOR' : 'SPEAKER', attendance: 'ONSITE' })),
      feederIds: feeders.map((f) => toGlobalId('Proposal', f.id)),
      idempotencyKey: `demo-main-${year}-${t}`,
    });
    for (const s of speakers)
      await servicesAt(person(s.id), start - 15 * DAY).proposals.answer({ proposalId: toGlobalId('Proposal', designed.id), accept: true });
    mains.push(designed);
  }
  await decide(
    'The MAG approves the main sessions designed by its working groups.',
    mains.map((m) => ({ proposalId: toGlobalId('Proposal', m.id), outcome: 'ACCEPTED' })),
    `demo-mains-${year}`,
  );

  // The organisers confirm.
  const confirmed: Session[] = [];
  for (const p of [...accepted, ...mains]) {
    const current = (await servicesAt(secretariat, start + DAY).proposals.loader.load(p.id)) as Session;
    const organiser = p.type === 'MAIN_SESSION' ? mag : p.proposerId;
    confirmed.push(await servicesAt(person(organiser), start + 2 * DAY).selection.confirm({ id: toGlobalId('Proposal', p.id), version: current.version }));
  }

  // Rooms, available on the programme's days from 08:00 to 19:00.
  const programmeId = toGlobalId('Programme', String(year));
  const days = [0, 1, 2, 3].map((d) => new Date(Date.UTC(year, 11, 15 + d)).toISOString().slice(0, 10));
  const availability = days.map((d) => ({ startsAt: `${d}T08:00:00Z`, endsAt: `${d}T19:00:00Z` }));
  const secretariatAt = (offset: number) => servicesAt(secretariat, start + offset).schedule;
  const rooms = [];
  for (const [i, [name, capacity]] of (
    [
      ['Plenary hall', 800],
      ['Workshop room 1', 120],
      ['Workshop room 2', 80],
      ['Workshop room 3', 60],
    ] as const
  ).entries()) {
    rooms.push(await secretariatAt(3 * DAY + i * 60_000).createRoom({ programmeId, name, capacity, availability, idempotencyKey: `demo-room-${year}-${i}` }));
  }

  // Placing: main sessions in the plenary, the others in the workshop rooms, on a grid of two-hour cells; a session
  // waits for a later cell while one of its speakers is busy or would pass the cap of three.
  const cells = days.flatMap((d) => ['09:00', '11:00', '14:00', '16:00'].map((t) => `${d}T${t}:00.000Z`));
  const busy = new Set<string>();
  const load = new Map<string, number>();
  let version = 0;
  let slots = 0;
  const used = new Set<string>();
  const placements: { slotId: string; room: string; cell: string; speakers: string[] }[] = [];
  for (const s of confirmed) {
    const speakers = [...new Set(s.speakers.filter((p) => p.status === 'CONFIRMED').map((p) => p.stakeholderId))];
    if (speakers.some((id) => (load.get(id) ?? 0) >= 3)) continue;
    const candidates = s.type === 'MAIN_SESSION' ? [rooms[0]!] : rooms.slice(1);
    let placed = false;
    for (const cell of cells) {
      if (placed) break;
      if (speakers.some((id) => busy.has(`${id}#${cell}`))) continue;
      for (const room of candidates) {
        if (used.has(`${room.id}#${cell}`)) continue;
        const result = await secretariatAt(4 * DAY + slots * 60_000).placeSession({
          sessionId: toGlobalId('Proposal', s.id),
          roomId: toGlobalId('Room', room.id),
          startsAt: cell,
          expectedAttendance: s.type === 'MAIN_SESSION' ? 400 : 70,
          scheduleVersion: version,
        });
        version = result.head.version;
        used.add(`${room.id}#${cell}`);
        for (const id of speakers) {
          busy.add(`${id}#${cell}`);
          load.set(id, (load.get(id) ?? 0) + 1);
        }
        slots++;
        placed = true;
        placements.push({ slotId: result.slot.id, room: room.id, cell, speakers });
        break;
      }
    }
  }
  if (slots === 0) return { accepted: accepted.length, mainSessions: mains.length, slots, releases: 0 };
  await secretariatAt(10 * DAY).releaseWorkInProgress({ programmeId, scheduleVersion: version, note: 'The first schedule, for the hosts and the speakers.' });
  // A change: the last slot placed moves to a later free cell of its room, and version 2 names it.
  let releases = 1;
  const last = placements.at(-1);
  const free =
    last &&
    [...cells].reverse().find((cell) => cell !== last.cell && !used.has(`${last.room}#${cell}`) && !last.speakers.some((id) => busy.has(`${id}#${cell}`)));
  if (last && free) {
    const moved = await secretariatAt(11 * DAY).moveSlot({ slotId: toGlobalId('ScheduleSlot', last.slotId), startsAt: free, scheduleVersion: version });
    await secretariatAt(12 * DAY).releaseWorkInProgress({
      programmeId,
      scheduleVersion: moved.head.version,
      note: 'One session moved at its organisers’ request.',
    });
    releases = 2;
  }
  return { accepted: accepted.length, mainSessions: mains.length, slots, releases };
}

/**
 * The demo call for session proposals of this year’s programme: 300 more
 * demo people who declare a gender (panelists from every group, region and
 * many countries), 210 proposals under the four adopted themes — 200
 * submitted, 10 left as drafts — with speakers who confirmed (a few who
 * declined or never answered), and the secretariat's screening: most
 * eligible, some screened out with their reasons (a MAG member proposing,
 * caps passed, panels broken by speakers who declined after submission),
 * one appeal restored and one upheld. Proposals and answers are written
 * through the sessions store at the instants the story needs (the same
 * conditional, counted transactions as the API, the funnel's among them);
 * the screening and the appeals run through the screening service. Other
 * demo data (evaluation, selection) builds on `seedSessions`' answer.
 */
import { SECRETARIAT_GROUP, userCaller, type Caller } from '../../core/auth/caller';
import { transactWrite, named } from '../../core/dynamodb/transact';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import { newId, toGlobalId } from '../../core/ids';
import { createContext } from '../../graphql/context';
import type { Theme } from '../../modules/programme/programme.model';
import { listThemes } from '../../modules/programme/programme.store';
import { historyMark } from '../../modules/sessions/funnel.store';
import { DEFAULT_SCREENING_RULES } from '../../modules/sessions/screening.model';
import {
  DEFAULT_DIVERSITY_RULES,
  diversityOf,
  proposalCallCounter,
  sessionType,
  type Proposal,
  type ProposalCall,
  type SessionTypeCode,
  type Speaker,
} from '../../modules/sessions/sessions.model';
import { createProposal, proposalsOfYearInStatus, saveAnswer, saveCall, submitProposal } from '../../modules/sessions/sessions.store';
import type { Stakeholder } from '../../modules/stakeholders';
import { createStakeholder } from '../../modules/stakeholders/stakeholder.store';
import { DEMO_PERSONAS } from './personas';
import { seededRandom } from './random';
import { COUNTRIES, FAMILY, GENDER_WEIGHTS, GIVEN, GROUPS, REGION_WEIGHTS, SUBJECTS, TYPES } from './sessions.seed-data';
import { demoSubject } from './stakeholders.seed';

const DAY = 86_400_000;

/** Proposals drafted; the last DRAFTS_LEFT stay drafts. */
const PROPOSALS = 210;
const DRAFTS_LEFT = 10;
const PANELISTS = 300;

interface SeededSessions {
  /** Every demo proposal as stored after the screening (drafts, eligible, screened out). */
  readonly proposals: readonly Proposal[];
  /** The demo panelists registered here (in addition to the demo stakeholders). */
  readonly panelists: readonly Stakeholder[];
}

function secretariat(): Caller {
  return userCaller('demo|secretariat-sessions', [SECRETARIAT_GROUP], () => Promise.resolve(undefined));
}

function personCaller(stakeholderId: string): Caller {
  return userCaller(demoSubject(stakeholderId), [], () => Promise.resolve({ stakeholderId, representativeOf: [] }));
}

/** The sessions services as of an instant, for a caller. */
function servicesAt(caller: Caller, at: number) {
  return createContext({ requestId: 'seed', caller, now: () => new Date(at) }).services;
}

/**
 * Seeds the call for proposals of `now`'s year (after the programme's demo data: it needs the adopted themes).
 * `idPrefix` names the panelists (tests pass their own, so runs never share a person).
 */
export async function seedSessions(
  now: Date,
  demo: { readonly people: readonly Stakeholder[]; readonly organisations: readonly Stakeholder[] },
  options: { readonly idPrefix?: string; readonly proposals?: number } = {},
): Promise<SeededSessions> {
  const total = options.proposals ?? PROPOSALS;
  const random = seededRandom(2017);
  const year = now.getUTCFullYear();
  const at = (days: number) => now.getTime() + days * DAY;
  const iso = (ms: number) => new Date(ms).toISOString();
  const themes: Theme[] = (await listThemes(year, true, 20)).items;
  if (themes.length === 0) throw new Error('The demo sessions need the demo programme (adopted themes) first');

  // The call: open from 85 to 45 days ago, default rules (hybrid programme: the onsite rules apply).
  const call: ProposalCall = {
    year,
    opensAt: iso(at(-85)),
    closesAt: iso(at(-45)),
    hybrid: true,
    rules: DEFAULT_DIVERSITY_RULES,
    screening: DEFAULT_SCREENING_RULES,
    version: 1,
    createdAt: iso(at(-95)),
    updatedAt: iso(at(-95)),
  };
  if ((await saveCall(call, undefined)) !== 'saved') return { proposals: [], panelists: [] };

  // The panelists: every group, region, many countries; genders declared.
  const prefix = options.idPrefix ?? 'demo-panelist';
  const created = iso(at(-100));
  const panelists: Stakeholder[] = [];
  for (let i = 1; i <= PANELISTS; i++) {
    const id = `${prefix}-${String(i).padStart(3, '0')}`;
    const region = random.pick(REGION_WEIGHTS);
    const gender = random.pick(GENDER_WEIGHTS);
    const panelist: Stakeholder = {
      id,
      kind: 'PERSON',
      name: `${GIVEN[i % GIVEN.length]} ${FAMILY[(i * 7) % FAMILY.length]}`,
      group: random.pick(GROUPS),
      region,
      country: random.pick(COUNTRIES[region]),
      ...(gender ? { gender } : {}),
      languages: ['en'],
      contactEmail: `${id}@example.net`,
      confirmedEmail: `${id}@example.net`,
      verification: 'VERIFIED',
      relevantOrganisation: false,
      representativeOf: [],
      subject: demoSubject(id),
      createdAt: created,
      updatedAt: created,
      version: 1,
    };
    const outcome = await createStakeholder(panelist);
    if (outcome !== 'created') throw new Error(`Demo panelist ${id} not stored: ${outcome}`);
    panelists.push(panelist);
  }

  // Earlier years: a third of the panelists organised or spoke at an earlier IGF (their history items, as the
  // submissions of those years left them), so the funnel shows first-timers and returning participants.
  const returning = panelists.filter((_, i) => i % 3 === 0);
  await transactWrite(
    returning.slice(0, 50).map((p, i) => named('history', historyMark(p.id, year - 1 - (i % 2), { organised: i % 2 === 0, spoke: true }), p.id)),
  );
  await transactWrite(returning.slice(50).map((p, i) => named('history', historyMark(p.id, year - 1, { organised: i % 3 === 0, spoke: true }), p.id)));

  // Who proposes: panelists (a few twice), the demo stakeholder persona twice, one MAG member (screened out),
  // and one panelist four times (the fourth is over the cap). Organisations co-organise every other proposal.
  const mag = demo.people.find((p) => p.id === DEMO_PERSONAS.mag);
  const persona = demo.people.find((p) => p.id === DEMO_PERSONAS.stakeholder);
  const proposerOf = (k: number): Stakeholder => {
    if (k === 0 || k === 1) return persona ?? (panelists[0] as Stakeholder);
    if (k === 2) return mag ?? (panelists[1] as Stakeholder);
    if (k >= 10 && k <= 13) return panelists[7] as Stakeholder;
    // 7 is prime to 300: every other proposal has a proposer of its own.
    return panelists[(k * 7) % PANELISTS] as Stakeholder;
  };
  // Each organisation co-organises at most 3, but the first organisation 4 (the fourth is over the cap).
  const orgUse = new Map<string, number>();
  const organisationFor = (k: number): Stakeholder | undefined => {
    if (k % 2 !== 0 || demo.organisations.length === 0) return undefined;
    const first = demo.organisations[0] as Stakeholder;
    if (k === 20 || k === 30 || k === 40 || k === 50) return first;
    const pick =
      demo.organisations.find((o, i) => i > 0 && (orgUse.get(o.id) ?? 0) < 3 && (i + k) % 3 === 0) ??
      demo.organisations.find((o, i) => i > 0 && (orgUse.get(o.id) ?? 0) < 3);
    if (pick) orgUse.set(pick.id, (orgUse.get(pick.id) ?? 0) + 1);
    return pick;
  };

  // Speakers: 3..5 confirmed per panel, at most 3 sessions each — except one panelist on 4 (the 4th over the cap).
  const sessionsOf = new Map<string, number>();
  // The panelists, and the demo people who are not on the MAG (their genders are undisclosed).
  const pool = [...panelists, ...demo.people.filter((p) => !p.magTerm)];
  const overCap = panelists[11] as Stakeholder;
  const panelFor = (k: number, proposer: Stakeholder): Speaker[] => {
    const size = 3 + (k % 3);
    for (let attempt = 0; ; attempt++) {
      const chosen: Stakeholder[] = k === 5 || k === 21 || k === 37 || k === 53 ? [overCap] : [];
      while (chosen.length < size) {
        const free = pool.filter((c) => c.id !== proposer.id && !chosen.includes(c) && c.id !== overCap.id && (sessionsOf.get(c.id) ?? 0) < 3);
        if (free.length === 0) throw new Error('The demo ran out of speakers');
        chosen.push(random.pick(free));
      }
      const speakers = chosen.map((s, i): Speaker => ({
        stakeholderId: s.id,
        role: i === 0 ? 'MODERATOR' : 'SPEAKER',
        attendance: i <= 2 ? 'ONSITE' : random.next() < 0.5 ? 'ONSITE' : 'ONLINE',
        status: 'CONFIRMED',
        group: s.group,
        region: s.region,
        gender: s.gender,
        respondedAt: undefined,
      }));
      if (diversityOf(speakers, call.rules, call.hybrid).violations.length === 0 || attempt > 50) {
        for (const s of chosen) sessionsOf.set(s.id, (sessionsOf.get(s.id) ?? 0) + 1);
        return speakers;
      }
    }
  };

  const services = servicesAt(secretariat(), at(-45));
  const drafts: Proposal[] = [];
  for (let k = 0; k < total; k++) {
    const when = at(-84 + (k * 30) / total);
    const proposer = proposerOf(k);
    const organisation = organisationFor(k);
    const theme = themes[k % themes.length] as Theme;
    const type = sessionType(TYPES[k % TYPES.length] as SessionTypeCode);
    const speakers: Speaker[] = panelFor(k, proposer).map((s) => ({ ...s, respondedAt: iso(when + DAY / 2) }));
    // Some invited a speaker who declined or never answered (not counted).
    const extra = panelists[(k * 13 + 3) % PANELISTS] as Stakeholder;
    if (k % 7 === 3 && !speakers.some((s) => s.stakeholderId === extra.id) && extra.id !== proposer.id) {
      speakers.push({
        stakeholderId: extra.id,
        role: 'SPEAKER',
        attendance: 'ONLINE',
        status: k % 14 === 3 ? 'DECLINED' : 'INVITED',
        group: extra.group,
        region: extra.region,
        gender: extra.gender,
        respondedAt: k % 14 === 3 ? iso(when + DAY / 2) : undefined,
      });
    }
    const subject = SUBJECTS[k % SUBJECTS.length] as string;
    const proposal: Proposal = {
      id: `${year}.${newId(new Date(when))}`,
      year,
      type: type.code,
      format: type.formats[k % type.formats.length] as Proposal['format'],
      durationMinutes: type.durations[k % type.durations.length] as number,
      themeId: theme.id,
      policyQuestions: theme.policyQuestions.slice(0, 1 + (k % Math.min(2, theme.policyQuestions.length))),
      title: `${subject}`.slice(0, 52) + ` (${k + 1})`,
      description: `A ${type.title.toLowerCase()} on ${subject.toLowerCase()}: practitioners from several stakeholder groups and regions compare what worked, what failed and what the IGF community can take home.`,
      developmentDimension: {
        linkage: k % 4 === 3 ? 'INDIRECT' : 'DIRECT',
        explanation: `${subject} matters most where connectivity and capacity are scarce.`,
      },
      interactionPlan: 'Short openings, then questions from the room and online in every round, with a closing round of commitments.',
      onlineParticipationPlan: 'An online moderator relays the platform’s questions; slides and the chat are shared with remote hubs.',
      proposerId: proposer.id,
      organiserIds: [proposer.id, ...(organisation ? [organisation.id] : [])],
      speakers,
      contributionIds: [],
      issueIds: [...theme.issueIds.slice(0, 1)],
      status: 'DRAFT',
      version: 1,
      createdAt: iso(when),
      updatedAt: iso(when),
    };
    const draft = await createProposal(
      proposal,
      { key: idempotencyGuardKey('createProposal', proposer.id, `demo-${proposal.id}`), requestDigest: proposal.id },
      new Date(when),
    );
    if (draft !== 'created') throw new Error(`Demo proposal ${k} not stored: ${draft}`);
    drafts.push(proposal);
  }

  // Submissions (a day after drafting), each counted by the call and the funnel in its transaction.
  const submitted: Proposal[] = [];
  for (const [k, current] of drafts.slice(0, total - DRAFTS_LEFT).entries()) {
    const when = Date.parse(current.createdAt) + DAY;
    if (diversityOf(current.speakers, call.rules, call.hybrid).violations.length > 0) throw new Error(`Demo proposal ${k} breaks the panel rules`);
    const entry = await services.proposals.funnel.enter('SUBMITTED', [current], iso(when));
    const next = entry.stamp({ ...current, status: 'SUBMITTED' as const, submittedAt: iso(when), version: 2, updatedAt: iso(when) });
    const increments = { [proposalCallCounter.submitted]: 1, [proposalCallCounter.submittedByType(next.type)]: 1 };
    const outcome = await submitProposal(current, next, increments, new Date(when), entry.items());
    if (outcome !== 'submitted') throw new Error(`Demo proposal ${k} not submitted: ${outcome}`);
    submitted.push(next);
  }

  // After submitting, a confirmed speaker of every sixteenth panel withdraws: some panels now break a rule.
  for (let k = 8; k < submitted.length; k += 16) {
    const current = submitted[k] as Proposal;
    const leaving = current.speakers.findIndex((s) => s.role === 'SPEAKER' && s.status === 'CONFIRMED');
    const speakers = current.speakers.map((s, i) => (i === leaving ? { ...s, status: 'DECLINED' as const, respondedAt: iso(at(-47)) } : s));
    const next: Proposal = { ...current, speakers, version: current.version + 1, updatedAt: iso(at(-47)) };
    if ((await saveAnswer(current, next)) !== 'saved') throw new Error(`Demo decline on ${k} not stored`);
    submitted[k] = next;
  }

  // The secretariat screens two days after the call closed.
  await servicesAt(secretariat(), at(-43)).screening.screen({ callId: toGlobalId('ProposalCall', String(year)) });

  // Two appeals: the proposer over the cap is restored (the sessions are one series), a panel short of speakers is upheld.
  const screenedOut = await proposalsOfYearInStatus(year, 'SCREENED_OUT');
  const restore = screenedOut.find((p) => p.screening?.reasons.includes('PROPOSER_OVER_CAP'));
  const uphold = screenedOut.find((p) => p.screening?.reasons.includes('TOO_FEW_CONFIRMED_SPEAKERS'));
  for (const [proposal, restored] of [
    [restore, true],
    [uphold, false],
  ] as const) {
    if (!proposal) continue;
    const appealed = await servicesAt(personCaller(proposal.proposerId), at(-41)).screening.appeal({
      id: toGlobalId('Proposal', proposal.id),
      version: proposal.version,
      statement: restored
        ? 'Our four sessions are one series with shared speakers; please count them as one.'
        : 'A replacement speaker is being confirmed this week.',
    });
    await servicesAt(secretariat(), at(-39)).screening.decideAppeal({
      id: toGlobalId('Proposal', proposal.id),
      version: appealed.version,
      restore: restored,
      reason: restored
        ? 'A series of four sessions by one proposer; the MAG asked for series to be counted once.'
        : 'No replacement speaker was confirmed before the screening.',
    });
  }

  const stored = (await Promise.all(['DRAFT', 'ELIGIBLE', 'SCREENED_OUT'].map((status) => proposalsOfYearInStatus(year, status)))).flat();
  return { proposals: stored, panelists };
}

/** Screening rules, each its own reason code: pure, no DynamoDB. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCREENING_RULES, screen } from '../../functions/modules/sessions/screening.model';
import { DEFAULT_DIVERSITY_RULES, type Proposal, type Speaker } from '../../functions/modules/sessions/sessions.model';

const speaker = (id: string, group: Speaker['group'], region: Speaker['region'], gender: Speaker['gender'], role: Speaker['role'] = 'SPEAKER'): Speaker => ({
  stakeholderId: id,
  role,
  attendance: 'ONSITE',
  status: 'CONFIRMED',
  group,
  region,
  gender,
});
const PANEL = [
  speaker('s1', 'GOVERNMENT', 'AFRICAN', 'WOMAN', 'MODERATOR'),
  speaker('s2', 'ACADEMIA', 'ASIA_PACIFIC', 'MAN'),
  speaker('s3', 'CIVIL_SOCIETY', 'EASTERN_EUROPEAN', 'WOMAN'),
];

const proposal = (id: string, proposerId: string, submittedAt: string, overrides: Partial<Proposal> = {}): Proposal =>
  ({ id, proposerId, organiserIds: [], speakers: PANEL, submittedAt, updatedAt: submittedAt, ...overrides }) as Proposal;

const run = (
  proposals: Proposal[],
  extra: { magMembers?: string[]; organisations?: string[]; unreported?: string[]; rules?: Partial<typeof DEFAULT_SCREENING_RULES> } = {},
) =>
  screen({
    proposals,
    panelRules: DEFAULT_DIVERSITY_RULES,
    hybrid: true,
    rules: { ...DEFAULT_SCREENING_RULES, ...extra.rules },
    magMembers: new Set(extra.magMembers ?? []),
    organisations: new Set(extra.organisations ?? []),
    unreported: new Set(extra.unreported ?? []),
  });

describe('screening', () => {
  it('finds a diverse panel of a non-MAG proposer under every cap eligible', () => {
    expect(run([proposal('a', 'p', '2030-01-01')]).get('a')).toEqual([]);
  });

  it('screens out the proposals beyond a cap, keeping the earliest submitted', () => {
    const proposals = ['4', '1', '3', '2'].map((n) =>
      proposal(`x${n}`, 'p', `2030-01-0${n}`, { speakers: PANEL.map((s) => ({ ...s, stakeholderId: `${s.stakeholderId}${n}` })) }),
    );
    const outcome = run(proposals);
    expect(['x1', 'x2', 'x3', 'x4'].map((id) => outcome.get(id))).toEqual([[], [], [], ['PROPOSER_OVER_CAP']]);
  });

  it('caps organising organisations and confirmed speakers, and turns a cap off at 0', () => {
    const proposals = [1, 2, 3, 4].map((n) => proposal(`y${n}`, `p${n}`, `2030-01-0${n}`, { organiserIds: ['org'] }));
    const capped = run(proposals, { organisations: ['org'] });
    expect(capped.get('y4')).toEqual(['ORGANISER_OVER_CAP', 'SPEAKER_OVER_CAP']);
    const off = run(proposals, { organisations: ['org'], rules: { proposalsPerProposer: 0, sessionsPerSpeaker: 0 } });
    expect(off.get('y4')).toEqual([]);
  });

  it('screens out a MAG member’s proposal only while the rule is on, and reports panel rules as their own reasons', () => {
    expect(run([proposal('m', 'mag', '2030-01-01')], { magMembers: ['mag'] }).get('m')).toEqual(['MAG_MEMBER_PROPOSER']);
    expect(run([proposal('m', 'mag', '2030-01-01')], { magMembers: ['mag'], rules: { magMembersMayNotPropose: false } }).get('m')).toEqual([]);
    const men = PANEL.map((s) => ({ ...s, gender: 'MAN' as const }));
    expect(run([proposal('g', 'p', '2030-01-01', { speakers: men })]).get('g')).toEqual(['SINGLE_GENDER_PANEL']);
  });

  it('screens out a proposal whose proposer or an organiser owes an earlier session report, only while the rule is on', () => {
    expect(run([proposal('r', 'late', '2030-01-01')], { unreported: ['late'] }).get('r')).toEqual(['EARLIER_SESSION_UNREPORTED']);
    expect(run([proposal('o', 'p', '2030-01-01', { organiserIds: ['late-org'] })], { unreported: ['late-org'] }).get('o')).toEqual([
      'EARLIER_SESSION_UNREPORTED',
    ]);
    expect(run([proposal('s', 'p', '2030-01-01')], { unreported: ['s1'] }).get('s')).toEqual([]);
    expect(run([proposal('r', 'late', '2030-01-01')], { unreported: ['late'], rules: { earlierReportsRequired: false } }).get('r')).toEqual([]);
  });
});

/**
 * The secretariat's screening of submitted proposals: each rule refuses with
 * its own reason code and is configurable per programme. Pure rules — no I/O:
 * the service gives them the programme's submitted proposals and who is on
 * the MAG, and writes the outcome.
 */
import { SCREENING_REASONS, diversityOf, type DiversityRules, type Proposal, type ScreeningReason, type ScreeningRules } from './sessions.model';

export { DEFAULT_SCREENING_RULES, SCREENING_REASONS, type ScreeningReason, type ScreeningRules } from './sessions.model';

/** The panel rules of the call, as screening reasons (the same rules that refuse a submission). */
const PANEL_REASON = {
  MIN_CONFIRMED_SPEAKERS: 'TOO_FEW_CONFIRMED_SPEAKERS',
  GENDER_DIVERSITY: 'SINGLE_GENDER_PANEL',
  ONSITE_MODERATOR: 'NOT_ENOUGH_ONSITE',
  MIN_ONSITE_SPEAKERS: 'NOT_ENOUGH_ONSITE',
  MIN_STAKEHOLDER_GROUPS: 'TOO_FEW_STAKEHOLDER_GROUPS',
  MIN_REGIONS: 'TOO_FEW_REGIONS',
} as const satisfies Record<string, ScreeningReason>;

export interface ScreeningInput {
  /** The programme's submitted proposals (all of them: the caps count across proposals). */
  readonly proposals: readonly Proposal[];
  readonly panelRules: DiversityRules;
  readonly hybrid: boolean;
  readonly rules: ScreeningRules;
  /** Stakeholder ids of MAG members in term in the programme's year. */
  readonly magMembers: ReadonlySet<string>;
  /** Ids of organisers that are organisations (the per-organisation cap counts those). */
  readonly organisations: ReadonlySet<string>;
  /** Stakeholders (proposers and organisers) with a session of an EARLIER programme held and never reported. */
  readonly unreported: ReadonlySet<string>;
}

/**
 * The reasons each proposal is screened out for (an empty list: eligible). Caps keep the earliest
 * submissions: a person's fourth proposal is the one screened out, not their first.
 */
export function screen(input: ScreeningInput): Map<string, ScreeningReason[]> {
  const ordered = [...input.proposals].sort((a, b) => (a.submittedAt ?? a.updatedAt).localeCompare(b.submittedAt ?? b.updatedAt) || a.id.localeCompare(b.id));
  const byProposer = new Map<string, number>();
  const byOrganisation = new Map<string, number>();
  const bySpeaker = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => {
    const n = (map.get(key) ?? 0) + 1;
    map.set(key, n);
    return n;
  };
  const outcome = new Map<string, ScreeningReason[]>();
  for (const proposal of ordered) {
    const reasons = new Set<ScreeningReason>();
    for (const violation of diversityOf(proposal.speakers, input.panelRules, input.hybrid).violations) reasons.add(PANEL_REASON[violation.rule]);
    const { rules } = input;
    if (rules.proposalsPerProposer > 0 && bump(byProposer, proposal.proposerId) > rules.proposalsPerProposer) reasons.add('PROPOSER_OVER_CAP');
    if (rules.proposalsPerProposer > 0) {
      for (const organiser of proposal.organiserIds.filter((id) => input.organisations.has(id))) {
        if (bump(byOrganisation, organiser) > rules.proposalsPerProposer) reasons.add('ORGANISER_OVER_CAP');
      }
    }
    if (rules.sessionsPerSpeaker > 0) {
      const confirmed = new Set(proposal.speakers.filter((s) => s.status === 'CONFIRMED').map((s) => s.stakeholderId));
      for (const speaker of confirmed) if (bump(bySpeaker, speaker) > rules.sessionsPerSpeaker) reasons.add('SPEAKER_OVER_CAP');
    }
    if (rules.magMembersMayNotPropose && input.magMembers.has(proposal.proposerId)) reasons.add('MAG_MEMBER_PROPOSER');
    if (rules.earlierReportsRequired && [proposal.proposerId, ...proposal.organiserIds].some((id) => input.unreported.has(id)))
      reasons.add('EARLIER_SESSION_UNREPORTED');
    outcome.set(
      proposal.id,
      SCREENING_REASONS.filter((r) => reasons.has(r)),
    );
  }
  return outcome;
}

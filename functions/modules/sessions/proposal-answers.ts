/**
 * Speakers confirm: an invited speaker accepts or declines their place on a panel (answering again changes the answer),
 * with the registry's current group, region and gender taken with the answer; only confirmed speakers count in the
 * diversity. Concurrent answers of one panel each rewrite the proposal at its version, so a stale one is recomputed.
 * Talks to the sessions store; reads the registry through its service.
 */
import type DataLoader from 'dataloader';
import { ForbiddenError, NotFoundError, ServiceUnavailableError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { parseInput } from '../../core/validation';
import type { StakeholderService } from '../stakeholders';
import { answerInput, type AnswerInvitationInput } from './proposal.inputs';
import { yearOfProposalId, type Proposal, type Speaker } from './sessions.model';
import type { SessionStores } from './sessions.stores';

/** Concurrent answers of a panel's speakers each rewrite the proposal: an answer computed from a stale proposal is recomputed. */
const ANSWER_ATTEMPTS = 6;

export class SpeakerAnswers {
  constructor(
    private readonly now: () => Date,
    private readonly stakeholders: Pick<StakeholderService, 'get'>,
    private readonly store: Pick<SessionStores['sessions'], 'getProposalConsistent' | 'saveAnswer'>,
    private readonly loader: DataLoader<string, Proposal | undefined>,
  ) {}

  /** An invited speaker accepts or declines; only confirmed speakers count in the diversity. Answering again changes the answer. */
  async answer(input: AnswerInvitationInput, speakerId: string): Promise<Proposal> {
    const valid = parseInput(answerInput, input);
    const proposalId = internalId(valid.proposalId, 'Proposal', 'input.proposalId');
    const person = await this.stakeholders.get(speakerId);
    if (!person) throw new ForbiddenError('Register as a stakeholder first');
    for (let attempt = 1; attempt <= ANSWER_ATTEMPTS; attempt++) {
      const current = yearOfProposalId(proposalId) !== undefined ? await this.store.getProposalConsistent(proposalId) : undefined;
      if (!current) throw new NotFoundError('No such proposal');
      if (!current.speakers.some((s) => s.stakeholderId === speakerId)) throw new ForbiddenError('You are not invited to speak on this proposal');
      const status: Speaker['status'] = valid.accept ? 'CONFIRMED' : 'DECLINED';
      const at = this.now().toISOString();
      const speakers = current.speakers.map((s) =>
        // The registry's current group, region and gender are taken with the answer.
        s.stakeholderId === speakerId ? { ...s, status, group: person.group, region: person.region, gender: person.gender, respondedAt: at } : s,
      );
      if (
        current.speakers.every(
          (s, i) =>
            s.stakeholderId !== speakerId ||
            (s.status === status && speakers[i]?.group === s.group && speakers[i]?.region === s.region && speakers[i]?.gender === s.gender),
        )
      ) {
        return current;
      }
      const next: Proposal = { ...current, speakers, version: current.version + 1, updatedAt: at };
      if ((await this.store.saveAnswer(current, next)) === 'saved') {
        this.loader.clear(next.id).prime(next.id, next);
        return next;
      }
    }
    throw new ServiceUnavailableError('The proposal is changing; retry shortly', { retriable: true });
  }

  // ── helpers ──
}

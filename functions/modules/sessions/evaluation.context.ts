/**
 * What the evaluation's services share for one request: the caller, the
 * clock, the services of other modules they read, the rounds' loader (which
 * reads the caller's roles in the same request when they are not read yet),
 * and the small rules several of them apply — who the caller is, who is
 * involved in a proposal, and conflicts of interest from the registry.
 */
import DataLoader from 'dataloader';
import type { Caller, StoredRoles } from '../../core/auth/caller';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors';
import type { ProgrammeService } from '../programme';
import { identityKey, rolesFromIdentity, type Stakeholder, type StakeholderService } from '../stakeholders';
import {
  hasRegistryConflict,
  roundStatus,
  yearOfRoundId,
  type Affiliated,
  type EvaluationRound,
  type EvaluationRoundStatus,
  type EvaluationRoundWithCounts,
} from './evaluation.model';
import type { ProposalService } from './proposal.service';
import type { Proposal } from './sessions.model';
import type { SessionStores } from './sessions.stores';

/** The evaluation's stores: its own, the proposals of a year in a status and the call's item, the people's years on proposals. */
export type EvaluationStores = Pick<SessionStores, 'evaluation' | 'sessions' | 'funnel'>;

export type EvaluationStakeholders = Pick<StakeholderService, 'get' | 'getMany' | 'magMembersOf' | 'loader'>;

export class EvaluationContext {
  readonly roundLoader: DataLoader<string, EvaluationRoundWithCounts | undefined>;

  constructor(
    readonly caller: Caller,
    readonly now: () => Date,
    readonly proposals: ProposalService,
    readonly stakeholders: EvaluationStakeholders,
    readonly programmes: Pick<ProgrammeService, 'get'>,
    /** The stores the evaluation's services use. */
    readonly stores: EvaluationStores,
  ) {
    // A caller whose roles are not read yet gets them in the rounds' request (a board or a sheet decides on them).
    this.roundLoader = new DataLoader(
      async (ids) => {
        const withRoles = caller.kind === 'user' && caller.primeRoles !== undefined && caller.rolesRequested?.() === false;
        const rounds = ids.map((id) => ({ id, year: yearOfRoundId(id) ?? 0 }));
        const { rounds: found, extra } = await stores.evaluation.getRoundsWith(
          rounds,
          withRoles && caller.kind === 'user' ? [identityKey(caller.subject)] : [],
          withRoles,
        );
        if (withRoles && caller.kind === 'user') caller.primeRoles?.(rolesFromIdentity(extra[0]));
        return found;
      },
      { maxBatchSize: 99 },
    );
  }

  status(round: Pick<EvaluationRound, 'opensAt' | 'closesAt'>): EvaluationRoundStatus {
    return roundStatus(round, this.now());
  }

  /** The signed-in, registered caller's roles. */
  async me(): Promise<StoredRoles> {
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in first');
    const roles = await this.caller.roles();
    if (!roles) throw new ForbiddenError('Register as a stakeholder first');
    return roles;
  }

  /** Who proposes, organises or speaks on a proposal. */
  involved(p: Proposal): string[] {
    return [...new Set([p.proposerId, ...p.organiserIds, ...p.speakers.map((s) => s.stakeholderId)])];
  }

  /** People with their organisations and country, in BatchGetItems of 100. */
  async affiliated(ids: readonly string[]): Promise<Map<string, Affiliated & { country: string }>> {
    const found: Stakeholder[] = [];
    for (let start = 0; start < ids.length; start += 100) found.push(...(await this.stakeholders.getMany(ids.slice(start, start + 100))));
    return new Map(
      found.map((s) => [s.id, { id: s.id, kind: s.kind, affiliationId: s.affiliationId, representativeOf: s.representativeOf, country: s.country }]),
    );
  }

  /** The MAG members (by id) with a conflict of interest from the registry with a proposal. */
  conflicted(memberIds: readonly string[], proposal: Proposal, people: ReadonlyMap<string, Affiliated>): string[] {
    return memberIds.filter((id) => {
      const person = people.get(id);
      return person !== undefined && hasRegistryConflict(person, proposal, people);
    });
  }

  async refuseConflicted(memberId: string, proposal: Proposal): Promise<void> {
    const people = await this.affiliated([...new Set([memberId, ...this.involved(proposal)])]);
    if (this.conflicted([memberId], proposal, people).length > 0) {
      throw new ForbiddenError('You have a conflict of interest with this proposal (you, or your organisation, organise or speak on it)');
    }
  }
}

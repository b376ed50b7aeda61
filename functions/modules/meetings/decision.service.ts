/**
 * Rules for the decisions of MAG meetings: recording one while the meeting
 * is held (numbered, idempotent, with typed subjects checked by their kinds:
 * subject-kinds.ts), and adopting, deferring or rejecting it — adoption
 * applies it to its subjects in the same transaction. Proposed decisions
 * are internal. Talks to the meeting and decision stores (and hands the
 * minutes store to the subject kinds), and reads
 * meetings and their pages through MeetingAccess.
 */
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { encodeCursor } from '../../core/cursor';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import type { Page } from '../../core/dynamodb/query';
import { BadUserInputError, ConflictError, NotFoundError, StaleVersionError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput } from '../../core/validation';
import type { Contribution } from '../consultations';
import type { ContributionService } from '../contributions';
import type { IssueService, ThemeService } from '../programme';
import type { SelectionService } from '../sessions';
import type { MeetingAccess, MeetingStores } from './meeting.access';
import { decideInput, recordDecisionInput, type DecideInput, type DecisionSubjectInput, type RecordDecisionInput } from './meeting.inputs';
import { FIRST_SUBJECTS, childId, childIdParts, flattenAgenda, type Decision, type DecisionSubject, type Meeting } from './meeting.model';
import { SUBJECT_KIND_LIST, type SubjectContext, type SubjectKind } from './subject-kinds';

export class DecisionService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly access: MeetingAccess,
    private readonly stores: Pick<MeetingStores, 'meetings' | 'decisions' | 'minutes'>,
    private readonly contributions: ContributionService,
    /** The annual programme's services, for decisions on issues and themes. */
    private readonly programme: { readonly issues: IssueService; readonly themes: ThemeService; readonly selection: SelectionService },
  ) {}

  /** Decisions in order; PROPOSED ones only for those who see what is internal. */
  async decisions(meeting: Meeting): Promise<Decision[]> {
    const all = (await this.access.page(meeting.id))?.decisions ?? [];
    if (await this.access.mayReadInternal(meeting)) return [...all];
    return all.filter((decision) => decision.state !== 'PROPOSED');
  }

  async decision(id: string): Promise<Decision | undefined> {
    const decision = childIdParts(id) ? await this.access.decisionLoader.load(id) : undefined;
    if (!decision) return undefined;
    const meeting = await this.access.get(decision.meetingId);
    if (!meeting) return undefined;
    return decision.state !== 'PROPOSED' || (await this.access.mayReadInternal(meeting)) ? decision : undefined;
  }

  decisionByGlobalId(globalId: string): Promise<Decision | undefined> {
    return this.decision(internalId(globalId, 'Decision'));
  }

  /** A decision's subjects: the first ones come with the decision item; later pages are one Query. */
  async subjects(decision: Decision, first?: number | null, after?: string | null): Promise<Page<DecisionSubject>> {
    const size = pageSize(first);
    if (!after && (size <= decision.firstSubjects.length || decision.subjectCount <= decision.firstSubjects.length)) {
      const items = decision.firstSubjects.slice(0, size);
      // The same cursors the Query would give, so the next page continues from the embedded ones.
      const cursors = items.map((_, i) => encodeCursor(`subjects:${decision.id}`, this.stores.decisions.subjectKey(decision.id, i + 1)));
      return { items, cursors, hasNextPage: decision.subjectCount > items.length, endCursor: cursors.at(-1) ?? null };
    }
    return this.stores.decisions.listSubjects(decision.id, size, after);
  }

  /** The adopted decisions that processed a contribution, in the order adopted. */
  async decisionsOf(contribution: Contribution): Promise<Decision[]> {
    const ids = contribution.processedBy ?? [];
    const found = await Promise.all(ids.map((id) => this.decision(id)));
    return found.filter((d): d is Decision => d !== undefined);
  }

  private subjectContext(meeting: Meeting, decidedBy: string): SubjectContext {
    return {
      meeting,
      stores: this.stores,
      contributions: this.contributions,
      issues: this.programme.issues,
      themes: this.programme.themes,
      selection: this.programme.selection,
      decidedBy,
      now: this.now(),
    };
  }

  /** Parses subject inputs: exactly one kind's field each, no subject twice. */
  private parseSubjects(inputs: readonly DecisionSubjectInput[]): DecisionSubject[] {
    const seen = new Set<string>();
    return inputs.map((input, i) => {
      const field = `input.subjects.${i}`;
      const set = SUBJECT_KIND_LIST.filter((kind) => input[kind.inputField] !== undefined && input[kind.inputField] !== null);
      const kind = set[0];
      if (set.length !== 1 || !kind)
        throw new BadUserInputError(`${field}: set exactly one of ${SUBJECT_KIND_LIST.map((k) => k.inputField).join(', ')}`, field);
      const subject = kind.parse(input[kind.inputField] as Record<string, unknown>, `${field}.${kind.inputField}`);
      const identity = kind.identity(subject);
      if (seen.has(identity)) throw new BadUserInputError(`${field}: listed twice`, field);
      seen.add(identity);
      return subject;
    });
  }

  /** Runs `visit` once per kind present, with that kind's subjects and their input positions. */
  private async perKind<T>(
    subjects: readonly DecisionSubject[],
    visit: (kind: SubjectKind<DecisionSubject['kind']>, ofKind: DecisionSubject[], positions: number[]) => Promise<T[]>,
  ): Promise<T[]> {
    const out: T[] = [];
    for (const kind of SUBJECT_KIND_LIST) {
      const positions = subjects.flatMap((s, i) => (s.kind === kind.kind ? [i] : []));
      if (positions.length)
        out.push(
          ...(await visit(
            kind,
            positions.map((i) => subjects[i] as DecisionSubject),
            positions,
          )),
        );
    }
    return out;
  }

  async recordDecision(input: RecordDecisionInput): Promise<Decision> {
    const valid = parseInput(recordDecisionInput, input);
    const meeting = await this.access.forChange(valid.meetingId, 'input.meetingId');
    await authorize(this.caller, { type: 'meeting.conduct', chairId: meeting.chairId });
    this.access.assertStatus(meeting, ['HELD'], 'Decisions are recorded while the meeting is HELD');
    // An empty id is an id that names no item, not an absent one.
    if (valid.agendaItemId != null && !flattenAgenda(meeting.agenda).some((item) => item.id === valid.agendaItemId)) {
      throw new BadUserInputError('input.agendaItemId: not an item of this meeting’s agenda', 'input.agendaItemId');
    }
    const subjects = this.parseSubjects(valid.subjects ?? []);
    const recorder = await this.access.callerId();
    const context = this.subjectContext(meeting, recorder);
    await this.perKind(subjects, async (kind, ofKind, positions) => {
      await (kind.check as SubjectKind<DecisionSubject['kind']>['check'])(ofKind, context, (i) => `input.subjects.${positions[i]}.${kind.inputField}`);
      return [];
    });
    const guardKey = idempotencyGuardKey('recordDecision', recorder, valid.idempotencyKey);
    const requestDigest = JSON.stringify([meeting.id, valid.agendaItemId ?? null, valid.text, valid.method ?? 'CONSENSUS', subjects]);
    const now = this.now();
    const at = now.toISOString();
    const decision: Decision = {
      id: childId(meeting.id, newId(now)),
      meetingId: meeting.id,
      number: meeting.decisionCount + 1,
      agendaItemId: valid.agendaItemId ?? undefined,
      text: valid.text,
      method: valid.method ?? 'CONSENSUS',
      objections: [],
      state: 'PROPOSED',
      subjectCount: subjects.length,
      firstSubjects: subjects.slice(0, FIRST_SUBJECTS),
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    const outcome = await this.stores.decisions.recordDecision(decision, subjects, { key: guardKey, requestDigest }, now);
    switch (outcome.kind) {
      case 'recorded':
        this.access.forget(meeting.id);
        this.access.decisionLoader.prime(decision.id, decision);
        return decision;
      case 'notHeld':
        throw new ConflictError('Decisions are recorded while the meeting is HELD');
      case 'numberMoved':
        throw new ConflictError('Another decision was recorded at the same time; retry');
      case 'replayed': {
        if (outcome.requestDigest !== requestDigest)
          throw new ConflictError('This idempotency key was used for a different decision', { field: 'input.idempotencyKey' });
        const earlier = await this.stores.decisions.getDecisionConsistent(outcome.resultId);
        if (!earlier) throw new ConflictError('The first request with this idempotency key is still being stored; retry');
        return earlier;
      }
    }
  }

  /** Adopts, defers or rejects a proposed decision; adoption applies it to its subjects in the same transaction. */
  async decide(input: DecideInput): Promise<Decision> {
    const valid = parseInput(decideInput, input);
    const id = internalId(valid.decisionId, 'Decision', 'input.decisionId');
    const current = childIdParts(id) ? await this.stores.decisions.getDecisionConsistent(id) : undefined;
    if (!current) throw new NotFoundError('No such decision');
    const meeting = await this.access.meetingOf(current);
    await authorize(this.caller, { type: 'meeting.conduct', chairId: meeting.chairId });
    if (current.state !== 'PROPOSED') throw new ConflictError(`The decision is already ${current.state}`, { state: current.state });
    if (current.version !== valid.version) throw new StaleVersionError('decision', current.version);
    const fresh = (await this.stores.meetings.getMeetingConsistent(meeting.id)) ?? meeting;
    this.access.assertStatus(fresh, ['HELD'], 'Decisions are taken while the meeting is HELD');
    const now = this.now();
    const next: Decision = {
      ...current,
      state: valid.state,
      objections: valid.objections ?? [],
      decidedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    const context = this.subjectContext(fresh, await this.access.callerId());
    const subjects = valid.state === 'ADOPTED' ? await this.stores.decisions.allSubjects(current.id) : [];
    const effects = await this.perKind(subjects, (kind, ofKind) => (kind.effects as SubjectKind<DecisionSubject['kind']>['effects'])(ofKind, next, context));
    const outcome = await this.stores.meetings.transact([
      this.stores.meetings.meetingInStatus(meeting.id, ['HELD']),
      this.stores.decisions.decisionPut(next, current.version),
      ...effects,
    ]);
    if (!outcome.ok) {
      if (outcome.failed === 'meetingStatus') throw new ConflictError('Decisions are taken while the meeting is HELD');
      if (outcome.failed === 'decision')
        throw new StaleVersionError('decision', (await this.stores.decisions.getDecisionConsistent(current.id))?.version ?? current.version);
      for (const kind of SUBJECT_KIND_LIST) {
        const refusal = kind.refusal(outcome.failed);
        if (refusal) throw refusal;
      }
      throw new Error(`Decision ${current.id} could not be decided (${outcome.failed})`);
    }
    this.access.forget(meeting.id);
    this.access.decisionLoader.clear(next.id).prime(next.id, next);
    return next;
  }
}

/**
 * Rules for a meeting's agenda: setting it while the meeting is planned
 * (items nest one level; each may process a consultation of the meeting,
 * its questions or listed contributions), and the contributions an item
 * processes. Reads consultations and contributions through their services.
 */
import type { Caller } from '../../core/auth/caller';
import type { Page } from '../../core/dynamodb/query';
import { decodeCursor, encodeCursor } from '../../core/cursor';
import { authorize } from '../../core/auth/policy';
import { BadUserInputError, StaleVersionError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import { parseInput } from '../../core/validation';
import { contributionIdParts, type Consultation, type ConsultationService, type Contribution } from '../consultations';
import type { ContributionService } from '../contributions';
import type { MeetingAccess } from './meeting.access';
import { MAX_AGENDA_ITEMS, setAgendaInput, type AgendaItemInput, type AgendaProcessingInput, type SetAgendaInput } from './meeting.inputs';
import type { AgendaItem, Meeting } from './meeting.model';

export class AgendaService {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly access: MeetingAccess,
    private readonly consultations: ConsultationService,
    private readonly contributions: ContributionService,
  ) {}

  agenda(meeting: Meeting): AgendaItem[] {
    return [...meeting.agenda];
  }

  async consultationsOf(meeting: Meeting): Promise<Consultation[]> {
    const found = await Promise.all(meeting.consultationIds.map((id) => this.consultations.get(id)));
    return found.filter((c): c is Consultation => c !== undefined);
  }

  /** The contributions an agenda item processes: the listed ones, or the consultation's list with the saved filter. */
  async agendaContributions(processing: NonNullable<AgendaItem['processes']>, first?: number | null, after?: string | null): Promise<Page<Contribution>> {
    const size = pageSize(first);
    if (processing.contributionIds.length === 0) {
      const consultation = await this.consultations.get(processing.consultationId);
      if (!consultation) return { items: [], cursors: [], hasNextPage: false, endCursor: null };
      const filter = { questionId: processing.questionIds[0] ?? null, group: processing.group ?? null, region: processing.region ?? null };
      return this.consultations.contributions(consultation, { filter, first: size, after });
    }
    // A listed selection (≤ 100 ids): pages by position, read in one BatchGetItem.
    const scope = `agenda-selection:${processing.consultationId}:${processing.contributionIds.join(',')}`;
    const position = after ? decodeCursor(scope, after).i : -1;
    if (typeof position !== 'number' || !Number.isInteger(position) || position < -1) throw new BadUserInputError('The cursor is not valid', 'after');
    const start = position + 1;
    const ids = processing.contributionIds.slice(start, start + size);
    const found = await Promise.all(ids.map((id) => this.contributions.get(id)));
    const items = found.filter((c): c is Contribution => c !== undefined);
    const cursors = ids.map((_, i) => encodeCursor(scope, { i: start + i })).filter((_, i) => found[i] !== undefined);
    return {
      items,
      cursors,
      hasNextPage: start + size < processing.contributionIds.length,
      endCursor: ids.length ? encodeCursor(scope, { i: start + ids.length - 1 }) : null,
    };
  }

  async setAgenda(input: SetAgendaInput): Promise<Meeting> {
    const valid = parseInput(setAgendaInput, input);
    const current = await this.access.forChange(valid.meetingId, 'input.meetingId');
    await authorize(this.caller, { type: 'meeting.prepareAgenda', chairId: current.chairId });
    if (current.version !== valid.version) throw new StaleVersionError('meeting', current.version);
    this.access.assertStatus(current, ['PLANNED'], 'The agenda can be changed while the meeting is PLANNED');
    const now = this.now();
    const count = valid.items.reduce((n, item) => n + 1 + (item.items?.length ?? 0), 0);
    if (count > MAX_AGENDA_ITEMS) throw new BadUserInputError(`input.items: at most ${MAX_AGENDA_ITEMS} items, sub-items included`, 'input.items');
    const consultations = new Map((await this.consultationsOf(current)).map((c) => [c.id, c]));
    const build = (items: readonly AgendaItemInput[], prefix: string, field: string): AgendaItem[] =>
      items.map((item, i) => ({
        id: newId(now),
        number: `${prefix}${i + 1}`,
        title: item.title,
        expectedOutput: item.expectedOutput ?? undefined,
        minutes: item.minutes ?? undefined,
        documents: item.documents ?? [],
        processes: item.processes ? this.processing(item.processes, consultations, `${field}.${i}.processes`) : undefined,
        items: build((item.items ?? []) as AgendaItemInput[], `${prefix}${i + 1}.`, `${field}.${i}.items`),
      }));
    const next: Meeting = { ...current, agenda: build(valid.items, '', 'input.items'), updatedAt: now.toISOString(), version: current.version + 1 };
    return this.access.save(next, current);
  }

  /** What an agenda item processes: a consultation of the meeting, its questions, its contributions. */
  private processing(input: AgendaProcessingInput, consultations: Map<string, Consultation>, field: string): AgendaItem['processes'] {
    const consultationId = internalId(input.consultationId, 'Consultation', `${field}.consultationId`);
    const consultation = consultations.get(consultationId);
    if (!consultation) throw new BadUserInputError(`${field}.consultationId: not a consultation this meeting processes`, `${field}.consultationId`);
    const questionIds = input.questionIds ?? [];
    if (questionIds.some((q) => !consultation.questions.some((question) => question.id === q))) {
      throw new BadUserInputError(`${field}.questionIds: not a question of that consultation`, `${field}.questionIds`);
    }
    const contributionIds = (input.contributionIds ?? []).map((id) => {
      const internal = internalId(id, 'Contribution', `${field}.contributionIds`);
      if (contributionIdParts(internal)?.consultationId !== consultationId) {
        throw new BadUserInputError(`${field}.contributionIds: not a contribution of that consultation`, `${field}.contributionIds`);
      }
      return internal;
    });
    return { consultationId, questionIds, contributionIds, group: input.group ?? undefined, region: input.region ?? undefined };
  }
}

/**
 * Main sessions: a MAG working group designs one per theme — organisers, speakers the MAG suggests (each still
 * accepts or declines), policy questions and feeder sessions — as a DRAFT that a MAG decision approves through the
 * selection contract. Idempotent by key. Talks to the selection store; reads themes and the registry through their
 * services; asks the policy.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { idempotencyGuardKey } from '../../core/dynamodb/idempotency';
import { BadUserInputError, ConflictError, ServiceUnavailableError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { parseInput, text } from '../../core/validation';
import type { ThemeService } from '../programme';
import type { Stakeholder, StakeholderService } from '../stakeholders';
import {
  ATTENDANCES,
  SESSION_FORMATS,
  SPEAKER_ROLES,
  MAX_DESCRIPTION_WORDS,
  MAX_SPEAKERS,
  MAX_TITLE_CHARACTERS,
  sessionType,
  wordCount,
  type Speaker,
} from './sessions.model';
import { HOLDS_A_SLOT, MAX_FEEDERS, MAX_WORKING_GROUP, type Session } from './selection.model';
import type { ProposalService } from './proposal.service';
import type { SessionStores } from './sessions.stores';

const designInput = z.lazy(() =>
  z.object({
    themeId: z.string(),
    format: z.enum(SESSION_FORMATS),
    durationMinutes: z.number().int(),
    policyQuestions: z
      .array(z.number().int().min(0))
      .min(1, "must name 1..3 of the theme's policy questions")
      .max(3, "must name 1..3 of the theme's policy questions"),
    title: text(5, MAX_TITLE_CHARACTERS),
    description: text(20, 3000).refine((value) => wordCount(value) <= MAX_DESCRIPTION_WORDS, `must be at most ${MAX_DESCRIPTION_WORDS} words`),
    workingGroupIds: z
      .array(z.string())
      .min(1, `must name 1..${MAX_WORKING_GROUP} MAG members`)
      .max(MAX_WORKING_GROUP, `must name 1..${MAX_WORKING_GROUP} MAG members`),
    organiserIds: z.array(z.string()).max(5, 'must name at most 5').nullish(),
    speakers: z
      .array(z.object({ stakeholderId: z.string(), role: z.enum(SPEAKER_ROLES), attendance: z.enum(ATTENDANCES) }))
      .max(MAX_SPEAKERS, `must list at most ${MAX_SPEAKERS} speakers`),
    feederIds: z.array(z.string()).max(MAX_FEEDERS, `must name at most ${MAX_FEEDERS}`).nullish(),
    idempotencyKey: z.string().min(8, 'must be 8..128 characters').max(128, 'must be 8..128 characters'),
  }),
);

export type DesignMainSessionInput = z.input<typeof designInput>;

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value), 'utf8').digest('hex');

export class MainSessionDesigns {
  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly proposals: Pick<ProposalService, 'call' | 'loader'>,
    private readonly themes: Pick<ThemeService, 'get'>,
    private readonly stakeholders: Pick<StakeholderService, 'getMany'>,
    private readonly store: Pick<SessionStores['selection'], 'getSessionsConsistent' | 'getSessionConsistent' | 'createMainSession' | 'findIdempotentResult'>,
  ) {}

  /** A MAG working group designs a main session of a theme: organisers, suggested speakers (invited), policy questions, feeder sessions. */
  async design(input: DesignMainSessionInput): Promise<Session> {
    const valid = parseInput(designInput, input);
    const themeId = internalId(valid.themeId, 'Theme', 'input.themeId');
    const theme = await this.themes.get(themeId);
    if (!theme || theme.status !== 'ADOPTED') throw new BadUserInputError('input.themeId: must be an adopted theme', 'input.themeId');
    const year = theme.year;
    await authorize(this.caller, { type: 'session.design', year });
    const call = await this.proposals.call(year);
    if (!call) throw new ConflictError('The programme has no call for proposals yet', { field: 'input.themeId' });
    const type = sessionType('MAIN_SESSION');
    if (!type.formats.includes(valid.format)) throw new BadUserInputError(`input.format: a main session is one of ${type.formats.join(', ')}`, 'input.format');
    if (!type.durations.includes(valid.durationMinutes))
      throw new BadUserInputError(`input.durationMinutes: a main session lasts ${type.durations.join(' or ')} minutes`, 'input.durationMinutes');
    if (new Set(valid.policyQuestions).size !== valid.policyQuestions.length)
      throw new BadUserInputError('input.policyQuestions: a question is named twice', 'input.policyQuestions');
    const policyQuestions = valid.policyQuestions.map((position, i) => {
      const question = theme.policyQuestions[position];
      if (question === undefined)
        throw new BadUserInputError(`input.policyQuestions.${i}: the theme has ${theme.policyQuestions.length} policy questions`, `input.policyQuestions.${i}`);
      return question;
    });
    const workingGroupIds = [...new Set(valid.workingGroupIds.map((id, i) => internalId(id, 'Stakeholder', `input.workingGroupIds.${i}`)))];
    const organiserIds = [...new Set((valid.organiserIds ?? []).map((id, i) => internalId(id, 'Stakeholder', `input.organiserIds.${i}`)))];
    const speakerIds = valid.speakers.map((s, i) => internalId(s.stakeholderId, 'Stakeholder', `input.speakers.${i}.stakeholderId`));
    const feederIds = [...new Set((valid.feederIds ?? []).map((id, i) => internalId(id, 'Proposal', `input.feederIds.${i}`)))];
    const people = new Map(
      (await this.stakeholders.getMany([...new Set([...workingGroupIds, ...organiserIds, ...speakerIds])])).map((s): [string, Stakeholder] => [s.id, s]),
    );
    workingGroupIds.forEach((id, i) => {
      const term = people.get(id)?.magTerm;
      if (!term || term.startYear > year || year > term.endYear)
        throw new BadUserInputError(`input.workingGroupIds.${i}: must be a MAG member in term in ${year}`, `input.workingGroupIds.${i}`);
    });
    organiserIds.forEach((id, i) => {
      if (!people.has(id)) throw new BadUserInputError(`input.organiserIds.${i}: no such stakeholder`, `input.organiserIds.${i}`);
    });
    const seen = new Set<string>();
    const speakers: Speaker[] = valid.speakers.map((s, i) => {
      const id = speakerIds[i] as string;
      const person = people.get(id);
      if (!person || person.kind !== 'PERSON')
        throw new BadUserInputError(`input.speakers.${i}.stakeholderId: must be a registered person`, `input.speakers.${i}.stakeholderId`);
      if (seen.has(`${id}#${s.role}`)) throw new BadUserInputError(`input.speakers.${i}: listed twice in the same role`, `input.speakers.${i}`);
      seen.add(`${id}#${s.role}`);
      // Suggested by the MAG: each speaker still accepts or declines.
      return {
        stakeholderId: id,
        role: s.role,
        attendance: s.attendance,
        status: 'INVITED',
        group: person.group,
        region: person.region,
        gender: person.gender,
      };
    });
    const feeders = await this.store.getSessionsConsistent(feederIds);
    feeders.forEach((f, i) => {
      if (!f || f.year !== year || f.type === 'MAIN_SESSION' || !HOLDS_A_SLOT.has(f.status)) {
        throw new BadUserInputError(`input.feederIds.${i}: must be an accepted session of this programme`, `input.feederIds.${i}`);
      }
    });
    const callerId = this.caller.kind === 'user' ? (await this.caller.roles())?.stakeholderId : undefined;
    const proposerId = callerId ?? (workingGroupIds[0] as string);
    const guardKey = idempotencyGuardKey('designMainSession', proposerId, valid.idempotencyKey);
    const requestDigest = digest(valid);
    const replay = await this.replay(guardKey, requestDigest);
    if (replay) return replay;
    const now = this.now();
    const at = now.toISOString();
    const session: Session = {
      id: `${year}.${newId(now)}`,
      year,
      type: 'MAIN_SESSION',
      format: valid.format,
      durationMinutes: valid.durationMinutes,
      themeId,
      policyQuestions,
      title: valid.title,
      description: valid.description,
      developmentDimension: theme.developmentDimension,
      interactionPlan: 'Designed by the MAG working group of the theme.',
      onlineParticipationPlan: 'Online participants take part through the online moderator.',
      proposerId,
      organiserIds: [...new Set([...workingGroupIds, ...organiserIds])],
      speakers,
      contributionIds: [],
      issueIds: theme.issueIds.slice(0, 10),
      status: 'DRAFT',
      mainSession: { workingGroupIds, feederIds },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if ((await this.store.createMainSession(session, { key: guardKey, requestDigest }, now)) === 'replayed') {
      const again = await this.replay(guardKey, requestDigest);
      if (again) return again;
      throw new ServiceUnavailableError('The earlier request with this idempotency key is still being processed; retry shortly', { retriable: true });
    }
    this.proposals.loader.prime(session.id, session);
    return session;
  }

  private async replay(key: ReturnType<typeof idempotencyGuardKey>, requestDigest: string): Promise<Session | undefined> {
    const earlier = await this.store.findIdempotentResult(key);
    if (!earlier) return undefined;
    if (earlier.requestDigest !== requestDigest)
      throw new ConflictError('This idempotency key was used for a different request', { field: 'input.idempotencyKey' });
    return this.store.getSessionConsistent(earlier.resultId);
  }
}

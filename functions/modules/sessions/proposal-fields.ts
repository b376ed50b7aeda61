/**
 * A proposal's fields checked against the session types, the theme and its policy questions, the registry (organisers,
 * speakers — who keep their answers through edits) and the consultation contributions and issues that prompted it.
 * Reads themes, stakeholders, contributions and issues through their services.
 */
import type * as z from 'zod';
import { BadUserInputError } from '../../core/errors';
import { internalId } from '../../core/ids';
import type { ContributionService } from '../contributions';
import type { IssueService, ThemeService } from '../programme';
import type { Stakeholder, StakeholderService } from '../stakeholders';
import type { Fields, speakerInput } from './proposal.inputs';
import { sessionType, type Proposal, type Speaker } from './sessions.model';

export class ProposalFieldChecks {
  constructor(
    private readonly themes: Pick<ThemeService, 'get'>,
    private readonly issues: Pick<IssueService, 'get'>,
    private readonly contributions: Pick<ContributionService, 'get'>,
    private readonly stakeholders: Pick<StakeholderService, 'getMany'>,
  ) {}

  /** The proposal's fields, checked against the session types, the theme, the registry and the prompting items. */
  async fields(
    valid: Omit<Fields, 'policyQuestions' | 'organiserIds' | 'speakers' | 'contributionIds' | 'issueIds'> & {
      policyQuestions?: number[] | undefined;
      organiserIds?: string[] | undefined;
      speakers?: z.output<typeof speakerInput>[] | undefined;
      contributionIds?: string[] | null | undefined;
      issueIds?: string[] | null | undefined;
    },
    year: number,
    current: Proposal | undefined,
    proposerId: string,
  ): Promise<Omit<Proposal, 'id' | 'year' | 'proposerId' | 'status' | 'submittedAt' | 'version' | 'createdAt' | 'updatedAt'>> {
    const type = sessionType(valid.type);
    if (!type.proposable) throw new BadUserInputError(`input.type: ${type.title} sessions are designed by the MAG, not proposed`, 'input.type');
    if (!type.formats.includes(valid.format)) throw new BadUserInputError(`input.format: a ${type.title} is one of ${type.formats.join(', ')}`, 'input.format');
    if (!type.durations.includes(valid.durationMinutes)) {
      throw new BadUserInputError(`input.durationMinutes: a ${type.title} lasts ${type.durations.join(' or ')} minutes`, 'input.durationMinutes');
    }
    // The theme: adopted, of this programme; the policy questions are 1..3 of its own.
    const themeId = current && valid.themeId === current.themeId ? current.themeId : internalId(valid.themeId, 'Theme', 'input.themeId');
    let policyQuestions = current?.policyQuestions ?? [];
    if (valid.policyQuestions || !current || themeId !== current.themeId) {
      const theme = await this.themes.get(themeId);
      if (!theme || theme.year !== year || theme.status !== 'ADOPTED')
        throw new BadUserInputError('input.themeId: must be an adopted theme of this programme', 'input.themeId');
      const positions = valid.policyQuestions ?? [];
      if (new Set(positions).size !== positions.length)
        throw new BadUserInputError('input.policyQuestions: a question is named twice', 'input.policyQuestions');
      policyQuestions = positions.map((position, i) => {
        const question = theme.policyQuestions[position];
        if (question === undefined)
          throw new BadUserInputError(
            `input.policyQuestions.${i}: the theme has ${theme.policyQuestions.length} policy questions`,
            `input.policyQuestions.${i}`,
          );
        return question;
      });
    }
    const organiserIds = valid.organiserIds
      ? [...new Set(valid.organiserIds.map((id, i) => internalId(id, 'Stakeholder', `input.organiserIds.${i}`)))]
      : (current?.organiserIds ?? []);
    if (valid.organiserIds) {
      const found = await this.stakeholders.getMany(organiserIds);
      const missing = organiserIds.findIndex((id) => !found.some((s) => s.id === id));
      if (missing >= 0) throw new BadUserInputError(`input.organiserIds.${missing}: no such stakeholder`, `input.organiserIds.${missing}`);
    }
    const speakers = valid.speakers ? await this.speakers(valid.speakers, current, proposerId) : (current?.speakers ?? []);
    const contributionIds = await this.prompts(valid.contributionIds, current?.contributionIds, 'Contribution', 'contributionIds', (id) =>
      this.contributions.get(id),
    );
    const issueIds = await this.prompts(valid.issueIds, current?.issueIds, 'Issue', 'issueIds', (id) => this.issues.get(id));
    return {
      type: valid.type,
      format: valid.format,
      durationMinutes: valid.durationMinutes,
      themeId,
      policyQuestions,
      title: valid.title,
      description: valid.description,
      developmentDimension: valid.developmentDimension,
      interactionPlan: valid.interactionPlan,
      onlineParticipationPlan: valid.onlineParticipationPlan,
      organiserIds,
      speakers,
      contributionIds,
      issueIds,
    };
  }

  private async speakers(input: readonly z.output<typeof speakerInput>[], current: Proposal | undefined, proposerId: string): Promise<Speaker[]> {
    const ids = input.map((s, i) => internalId(s.stakeholderId, 'Stakeholder', `input.speakers.${i}.stakeholderId`));
    const seen = new Set<string>();
    input.forEach((s, i) => {
      const key = `${ids[i]}#${s.role}`;
      if (seen.has(key)) throw new BadUserInputError(`input.speakers.${i}: listed twice in the same role`, `input.speakers.${i}`);
      seen.add(key);
    });
    const people = new Map((await this.stakeholders.getMany([...new Set(ids)])).map((s): [string, Stakeholder] => [s.id, s]));
    return input.map((s, i) => {
      const id = ids[i] as string;
      const person = people.get(id);
      if (!person || person.kind !== 'PERSON')
        throw new BadUserInputError(`input.speakers.${i}.stakeholderId: must be a registered person`, `input.speakers.${i}.stakeholderId`);
      // A speaker keeps their answer through edits; the proposer listing themself confirms at once.
      const earlier = current?.speakers.find((c) => c.stakeholderId === id);
      const status = earlier?.status ?? (id === proposerId ? 'CONFIRMED' : 'INVITED');
      return {
        stakeholderId: id,
        role: s.role,
        attendance: s.attendance,
        status,
        group: earlier?.group ?? person.group,
        region: earlier?.region ?? person.region,
        gender: earlier ? earlier.gender : person.gender,
        respondedAt: earlier?.respondedAt,
      };
    });
  }

  private async prompts(
    globalIds: readonly string[] | null | undefined,
    current: readonly string[] | undefined,
    type: 'Contribution' | 'Issue',
    field: string,
    get: (id: string) => Promise<object | undefined>,
  ): Promise<string[]> {
    if (globalIds === undefined) return [...(current ?? [])];
    const ids = [...new Set((globalIds ?? []).map((id, i) => internalId(id, type, `input.${field}.${i}`)))];
    const found = await Promise.all(ids.map((id) => get(id)));
    const missing = found.findIndex((f) => !f);
    if (missing >= 0) throw new BadUserInputError(`input.${field}.${missing}: no such ${type.toLowerCase()}`, `input.${field}.${missing}`);
    return ids;
  }
}

/**
 * Rules for stakeholders: registration, reading, privacy of the contact
 * email. Talks to the stakeholder repository; asks the policy module.
 */
import DataLoader from 'dataloader';
import { z } from 'zod';
import { authorize, can } from '../../core/auth/policy';
import type { Caller } from '../../core/auth/caller';
import { BadUserInputError, UnauthenticatedError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { countryCode, email, httpsUrl, languageTag, parseInput, text } from '../../core/validation';
import { REGIONS, STAKEHOLDER_GROUPS, type Stakeholder } from './stakeholder.model';
import * as repository from './stakeholder.repository';

const registerInput = z.object({
  name: text(2, 200),
  group: z.enum(STAKEHOLDER_GROUPS),
  region: z.enum(REGIONS),
  country: countryCode,
  affiliationId: z.string().nullish(),
  website: httpsUrl.nullish(),
  description: text(0, 2000).nullish(),
  languages: z.array(languageTag).max(10, 'must list at most 10 languages').nullish(),
  contactEmail: email,
});

export type RegisterStakeholderInput = z.input<typeof registerInput>;

export class StakeholderService {
  /** Batches every stakeholder read of a request into BatchGetItem calls. */
  readonly loader = new DataLoader<string, Stakeholder | undefined>((ids) => repository.getStakeholders(ids), {
    maxBatchSize: 100,
  });

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
  ) {}

  async get(id: string): Promise<Stakeholder | undefined> {
    return this.loader.load(id);
  }

  async getByGlobalId(globalId: string): Promise<Stakeholder | undefined> {
    return this.get(internalId(globalId, 'Stakeholder'));
  }

  /** The contact email if the caller may see it, else null (never an error). */
  async contactEmail(stakeholder: Stakeholder): Promise<string | null> {
    return (await can(this.caller, { type: 'stakeholder.readContactEmail', stakeholderId: stakeholder.id }))
      ? stakeholder.contactEmail
      : null;
  }

  async register(input: RegisterStakeholderInput): Promise<Stakeholder> {
    await authorize(this.caller, { type: 'stakeholder.register' });
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to register as a stakeholder');
    const valid = parseInput(registerInput, input);
    const affiliationId = valid.affiliationId ? internalId(valid.affiliationId, 'Stakeholder', 'input.affiliationId') : undefined;
    if (affiliationId) {
      const organisation = await this.get(affiliationId);
      if (organisation?.kind !== 'ORGANISATION') {
        throw new BadUserInputError('input.affiliationId: no such organisation', 'input.affiliationId');
      }
    }
    const at = this.now().toISOString();
    const stakeholder = {
      id: newId(this.now()),
      kind: 'PERSON' as const,
      name: valid.name,
      group: valid.group,
      region: valid.region,
      country: valid.country,
      affiliationId,
      website: valid.website ?? undefined,
      description: valid.description || undefined,
      languages: [...new Set(valid.languages ?? [])],
      contactEmail: valid.contactEmail.toLowerCase(),
      verification: 'UNVERIFIED' as const,
      relevantOrganisation: false,
      subject: this.caller.subject,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await repository.createStakeholder(stakeholder);
    this.loader.prime(stakeholder.id, stakeholder);
    return stakeholder;
  }
}

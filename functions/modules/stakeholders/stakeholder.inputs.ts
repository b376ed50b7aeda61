/** The stakeholders module's inputs as zod schemas: what each mutation and the directory filter accept. */
import * as z from 'zod';
import { countryCode, email, httpsUrl, languageTag, text } from '../../core/validation';
import { NAME_PROBLEMS, nameProblem, normaliseName } from '../../core/names';
import { GENDERS, REGIONS, STAKEHOLDER_GROUPS, STAKEHOLDER_KINDS, VERIFICATION_STATUSES } from './stakeholder.model';

/** A name as shown in the directory: refused with control or bidi characters, else normalised (core/names.ts). */
export const stakeholderName = z
  .string()
  .superRefine((value, ctx) => {
    const problem = nameProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: NAME_PROBLEMS[problem] });
  })
  .transform(normaliseName)
  .pipe(text(2, 200));

export const profileFields = {
  name: stakeholderName,
  group: z.enum(STAKEHOLDER_GROUPS),
  region: z.enum(REGIONS),
  country: countryCode,
  website: httpsUrl.nullish(),
  description: text(0, 2000).nullish(),
  languages: z.array(languageTag).max(10, 'must list at most 10 languages').nullish(),
  contactEmail: email,
};

export const registerInput = z.lazy(() => z.object({ ...profileFields, affiliationId: z.string().nullish(), gender: z.enum(GENDERS).nullish() }));
export type RegisterStakeholderInput = z.input<typeof registerInput>;

export const proposeInput = z.lazy(() => z.object(profileFields));
export type ProposeOrganisationInput = z.input<typeof proposeInput>;

export const version = z.number().int('must be an integer').min(1, 'must be a version the record had');

/** Omitted fields stay as they are; null clears an optional field (and leaves a required one as it is). */
export const updateInput = z.lazy(() =>
  z.object({
    id: z.string(),
    version,
    name: profileFields.name.nullish(),
    group: profileFields.group.nullish(),
    region: profileFields.region.nullish(),
    country: profileFields.country.nullish(),
    affiliationId: z.string().nullish(),
    website: profileFields.website,
    description: profileFields.description,
    languages: profileFields.languages,
    contactEmail: profileFields.contactEmail.nullish(),
    gender: z.enum(GENDERS).nullish(),
  }),
);
export type UpdateStakeholderInput = z.input<typeof updateInput>;

export const verificationInput = z.lazy(() => z.object({ id: z.string(), version, status: z.enum(VERIFICATION_STATUSES) }));
export const relevantInput = z.lazy(() => z.object({ id: z.string(), version, relevant: z.boolean() }));

/** MAG terms are whole years; the IGF renews members yearly for up to three years. */
export const MAX_TERM_YEARS = 3;
export const appointMagInput = z.lazy(() =>
  z.object({
    stakeholderId: z.string(),
    startYear: z.number().int('must be a year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'),
    endYear: z.number().int('must be a year').min(2000, 'must be 2000 or later').max(2100, 'must be 2100 or earlier'),
  }),
);
export const representativeInput = z.lazy(() => z.object({ personId: z.string(), organisationId: z.string() }));
/** A person may represent at most this many organisations. */
export const MAX_REPRESENTED = 20;

export const filterInput = z.lazy(() =>
  z
    .object({
      group: z.enum(STAKEHOLDER_GROUPS).nullish(),
      region: z.enum(REGIONS).nullish(),
      country: countryCode.nullish(),
      kind: z.enum(STAKEHOLDER_KINDS).nullish(),
      verification: z.enum(VERIFICATION_STATUSES).nullish(),
      relevantOrganisation: z.boolean().nullish(),
      namePrefix: text(1, 200).nullish(),
    })
    .nullish(),
);
export type StakeholderFilterInput = z.input<typeof filterInput>;

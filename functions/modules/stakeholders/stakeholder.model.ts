/** The stakeholder domain: who speaks for which group and region. */

export const STAKEHOLDER_GROUPS = [
  'GOVERNMENT',
  'PRIVATE_SECTOR',
  'CIVIL_SOCIETY',
  'TECHNICAL_COMMUNITY',
  'ACADEMIA',
  'INTERGOVERNMENTAL_ORGANISATION',
] as const;
export type StakeholderGroup = (typeof STAKEHOLDER_GROUPS)[number];

export const REGIONS = [
  'AFRICAN',
  'ASIA_PACIFIC',
  'EASTERN_EUROPEAN',
  'LATIN_AMERICAN_AND_CARIBBEAN',
  'WESTERN_EUROPEAN_AND_OTHERS',
] as const;
export type Region = (typeof REGIONS)[number];

export const STAKEHOLDER_KINDS = ['PERSON', 'ORGANISATION'] as const;
export type StakeholderKind = (typeof STAKEHOLDER_KINDS)[number];

export const VERIFICATION_STATUSES = ['UNVERIFIED', 'VERIFIED', 'REJECTED'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export interface Stakeholder {
  readonly id: string;
  readonly kind: StakeholderKind;
  readonly name: string;
  readonly group: StakeholderGroup;
  readonly region: Region;
  readonly country: string;
  /** For a person: the organisation (stakeholder id) they are affiliated with. */
  readonly affiliationId?: string | undefined;
  readonly website?: string | undefined;
  readonly description?: string | undefined;
  readonly languages: readonly string[];
  readonly contactEmail: string;
  readonly verification: VerificationStatus;
  readonly relevantOrganisation: boolean;
  /** The token subject of the user who registered this stakeholder, for a person. */
  readonly subject?: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

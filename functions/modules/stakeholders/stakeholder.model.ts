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

export const REGIONS = ['AFRICAN', 'ASIA_PACIFIC', 'EASTERN_EUROPEAN', 'LATIN_AMERICAN_AND_CARIBBEAN', 'WESTERN_EUROPEAN_AND_OTHERS'] as const;
export type Region = (typeof REGIONS)[number];

/** A person's gender as they declare it (optional; shown per person only to them and the secretariat, publicly only in aggregates). */
export const GENDERS = ['WOMAN', 'MAN', 'NON_BINARY', 'SELF_DESCRIBED', 'UNDISCLOSED'] as const;
export type Gender = (typeof GENDERS)[number];

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
  /** The contact address as last given (confirmed or not). */
  readonly contactEmail: string;
  /** The address confirmed by mail: the only one mail goes to (unique among confirmed addresses). */
  readonly confirmedEmail?: string | undefined;
  readonly confirmedEmailAt?: string | undefined;
  /** For a person: their self-declared gender, private (see GENDERS). */
  readonly gender?: Gender | undefined;
  readonly verification: VerificationStatus;
  readonly relevantOrganisation: boolean;
  /** For a person appointed to the MAG by the secretariat: the years of their term, inclusive. */
  readonly magTerm?: MagTerm | undefined;
  /** For a person: the organisations (stakeholder ids) the secretariat appointed them to represent. */
  readonly representativeOf: readonly string[];
  /** For an organisation proposed by a user: the proposer's stakeholder id. */
  readonly proposedBy?: string | undefined;
  /** The token subject of the user who registered this stakeholder, for a person. */
  readonly subject?: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface MagTerm {
  readonly startYear: number;
  readonly endYear: number;
}

/** A MAG member is current in the years their term covers (inclusive). */
export function termCovers(term: MagTerm | undefined, year: number): boolean {
  return term !== undefined && term.startYear <= year && year <= term.endYear;
}

/** A current MAG member as the roster (one item per member) stores them, enough to count composition. */
export interface MagRosterEntry {
  readonly stakeholderId: string;
  readonly name: string;
  readonly group: StakeholderGroup;
  readonly region: Region;
  readonly term: MagTerm;
}

/** Directory filters; every one optional. */
export interface StakeholderFilter {
  readonly group?: StakeholderGroup | undefined;
  readonly region?: Region | undefined;
  readonly country?: string | undefined;
  readonly kind?: StakeholderKind | undefined;
  readonly verification?: VerificationStatus | undefined;
  readonly relevantOrganisation?: boolean | undefined;
  readonly namePrefix?: string | undefined;
}

/** What `me` answers: the caller's stakeholder and the roles the policy grants them now. */
export type Role = 'STAKEHOLDER' | 'REPRESENTATIVE' | 'MAG_MEMBER' | 'SECRETARIAT';

export interface Me {
  readonly stakeholder: Stakeholder;
  readonly roles: readonly Role[];
}

/** The MAG of one year: the roster entries whose term covers it. */
export interface MagComposition {
  readonly year: number;
  readonly members: readonly MagRosterEntry[];
}

/** One group × region cell of a MAG composition; its members are loaded only when asked for. */
export interface MagCompositionCell {
  readonly group: StakeholderGroup;
  readonly region: Region;
  readonly count: number;
  readonly memberIds: readonly string[];
}

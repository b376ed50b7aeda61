/**
 * The proposal funnel, pure: its stages, the typed names of its counters, the
 * snapshot of a proposal's people taken when it enters a stage, and the
 * increments a snapshot adds. No I/O (funnel.ts reads the registry and writes).
 */
import { roundRatio } from '../analytics';
import { GENDERS, REGIONS, STAKEHOLDER_GROUPS, type Gender, type Region, type StakeholderGroup } from '../stakeholders';

/** The stages a proposal moves into, in order. SCREENED_OUT, NOT_ACCEPTED… are not stages: a proposal stops at the last one it entered. */
export const FUNNEL_STAGES = ['SUBMITTED', 'ELIGIBLE', 'ACCEPTED', 'HELD'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** Organisers (the proposer and the listed organisers, people or organisations) and confirmed speakers are counted apart. */
export const FUNNEL_ROLES = ['organisers', 'speakers'] as const;
export type FunnelRole = (typeof FUNNEL_ROLES)[number];

export type Flag = 'YES' | 'NO';

/** One organiser or confirmed speaker of a proposal as counted when it entered a stage. */
export interface FunnelPerson {
  readonly group: StakeholderGroup;
  readonly region: Region;
  /** A person's declared gender (UNDISCLOSED when not declared); absent for an organisation, which has none. */
  readonly gender?: Gender | undefined;
  /** No proposal or session in an earlier year's programme in the same role (organising, or speaking). */
  readonly firstTime: boolean;
  /** Their country (an organisation's own; a person's own) is developing (developing-countries.ts). */
  readonly developing: boolean;
}

/** A proposal's people as they were when it entered a stage (kept on the proposal, per stage: the counters are a recount of these). */
export interface FunnelSnapshot {
  readonly themeId: string;
  /** The session type's code (e.g. WORKSHOP). */
  readonly type: string;
  readonly organisers: readonly FunnelPerson[];
  readonly speakers: readonly FunnelPerson[];
  readonly at: string;
}

export type FunnelSnapshots = Readonly<Partial<Record<FunnelStage, FunnelSnapshot>>>;

/** Counters a theme keeps, for the speaker balance per theme: `theme/<themeId>/…`. */
type ThemeCounter = 'proposals' | 'speakers' | `speakers.group.${StakeholderGroup}` | `speakers.region.${Region}` | `speakers.gender.${Gender}`;

/**
 * Counter names of one stage's counter item (one item per programme and stage). A misspelt name does not compile.
 * `<role>` counts people on proposals: a person on two proposals counts twice, once on each.
 */
export type FunnelCounter =
  | 'proposals'
  | `type.${string}`
  | FunnelRole
  | `${FunnelRole}.group.${StakeholderGroup}`
  | `${FunnelRole}.region.${Region}`
  | `${FunnelRole}.gender.${Gender}`
  | `${FunnelRole}.firstTime.${Flag}`
  | `${FunnelRole}.developing.${Flag}`
  | `theme/${string}/${ThemeCounter}`;

export const funnelCounter = {
  proposals: 'proposals',
  type: (type: string) => `type.${type}`,
  people: (role: FunnelRole) => role,
  group: (role: FunnelRole, group: StakeholderGroup) => `${role}.group.${group}`,
  region: (role: FunnelRole, region: Region) => `${role}.region.${region}`,
  gender: (role: FunnelRole, gender: Gender) => `${role}.gender.${gender}`,
  firstTime: (role: FunnelRole, flag: Flag) => `${role}.firstTime.${flag}`,
  developing: (role: FunnelRole, flag: Flag) => `${role}.developing.${flag}`,
  theme: (themeId: string, counter: ThemeCounter) => `theme/${themeId}/${counter}`,
} as const satisfies Record<string, FunnelCounter | ((...args: never[]) => FunnelCounter)>;

const flag = (value: boolean): Flag => (value ? 'YES' : 'NO');

/** What one proposal entering a stage adds to the stage's counters. */
export function funnelIncrements(snapshot: FunnelSnapshot, into: Record<string, number> = {}): Record<FunnelCounter, number> {
  const add = (name: FunnelCounter, by = 1) => (into[name] = (into[name] ?? 0) + by);
  add(funnelCounter.proposals);
  add(funnelCounter.type(snapshot.type));
  add(funnelCounter.theme(snapshot.themeId, 'proposals'));
  for (const role of FUNNEL_ROLES) {
    for (const person of snapshot[role]) {
      add(funnelCounter.people(role));
      add(funnelCounter.group(role, person.group));
      add(funnelCounter.region(role, person.region));
      if (person.gender) add(funnelCounter.gender(role, person.gender));
      add(funnelCounter.firstTime(role, flag(person.firstTime)));
      add(funnelCounter.developing(role, flag(person.developing)));
      if (role === 'speakers') {
        add(funnelCounter.theme(snapshot.themeId, 'speakers'));
        add(funnelCounter.theme(snapshot.themeId, `speakers.group.${person.group}`));
        add(funnelCounter.theme(snapshot.themeId, `speakers.region.${person.region}`));
        if (person.gender) add(funnelCounter.theme(snapshot.themeId, `speakers.gender.${person.gender}`));
      }
    }
  }
  return into as Record<FunnelCounter, number>;
}

// ── reading the counters back ──

/** The counters of every stage of a programme (absent: 0). */
export interface FunnelCounts {
  readonly year: number;
  readonly stages: Readonly<Record<FunnelStage, Readonly<Record<string, number>>>>;
}

/** One counter across the four stages. */
export interface StageFigures {
  readonly SUBMITTED: number;
  readonly ELIGIBLE: number;
  readonly ACCEPTED: number;
  readonly HELD: number;
}

const FLAGS: readonly Flag[] = ['YES', 'NO'];

export function acrossStages(counts: FunnelCounts, name: FunnelCounter): StageFigures {
  const at = (stage: FunnelStage) => counts.stages[stage][name] ?? 0;
  return { SUBMITTED: at('SUBMITTED'), ELIGIBLE: at('ELIGIBLE'), ACCEPTED: at('ACCEPTED'), HELD: at('HELD') };
}

/** The share of `part` in `whole`, rounded like every ratio; null when the whole is 0. */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? roundRatio(part / whole) : null);

/** The rows of one role's breakdown by each dimension, every category listed (zeros included). */
export function breakdown(counts: FunnelCounts, role: FunnelRole) {
  return {
    total: acrossStages(counts, funnelCounter.people(role)),
    byGroup: STAKEHOLDER_GROUPS.map((group) => ({ group, figures: acrossStages(counts, funnelCounter.group(role, group)) })),
    byRegion: REGIONS.map((region) => ({ region, figures: acrossStages(counts, funnelCounter.region(role, region)) })),
    byGender: GENDERS.map((gender) => ({ gender, figures: acrossStages(counts, funnelCounter.gender(role, gender)) })),
    byFirstTime: FLAGS.map((f) => ({ firstTime: f === 'YES', figures: acrossStages(counts, funnelCounter.firstTime(role, f)) })),
    byDevelopingCountry: FLAGS.map((f) => ({ developingCountry: f === 'YES', figures: acrossStages(counts, funnelCounter.developing(role, f)) })),
  };
}

/** The themes a stage's counters name, by id (theme ids sort in creation order). */
export function themesIn(stageCounts: Readonly<Record<string, number>>): string[] {
  const ids = new Set<string>();
  for (const name of Object.keys(stageCounts)) {
    const match = /^theme\/(.+)\/proposals$/.exec(name);
    if (match?.[1]) ids.add(match[1]);
  }
  return [...ids].sort();
}

/** The proposals and confirmed speakers of one stage (the whole programme, or one theme's) by group, region and gender. */
export interface SpeakerCounts {
  readonly proposals: number;
  readonly speakers: number;
  readonly byGroup: Readonly<Record<StakeholderGroup, number>>;
  readonly byRegion: Readonly<Record<Region, number>>;
  readonly byGender: Readonly<Record<Gender, number>>;
}

export function speakerCounts(stageCounts: Readonly<Record<string, number>>, themeId?: string): SpeakerCounts {
  const name = (counter: ThemeCounter): string => (themeId === undefined ? counter : funnelCounter.theme(themeId, counter));
  const at = (n: string) => stageCounts[n] ?? 0;
  return {
    proposals: at(name('proposals')),
    speakers: at(name('speakers')),
    byGroup: Object.fromEntries(STAKEHOLDER_GROUPS.map((g) => [g, at(name(`speakers.group.${g}`))])) as Record<StakeholderGroup, number>,
    byRegion: Object.fromEntries(REGIONS.map((r) => [r, at(name(`speakers.region.${r}`))])) as Record<Region, number>,
    byGender: Object.fromEntries(GENDERS.map((g) => [g, at(name(`speakers.gender.${g}`))])) as Record<Gender, number>,
  };
}

/** The speaker balance of a stage as the API answers it (balances are computed by the field resolvers). */
export interface SpeakerBalanceView {
  readonly stage: FunnelStage;
  readonly threshold: number;
  readonly counts: SpeakerCounts;
  readonly themes: readonly ThemeSpeakerBalanceView[];
}

export interface ThemeSpeakerBalanceView {
  readonly themeId: string;
  readonly threshold: number;
  readonly counts: SpeakerCounts;
  /** Its speakers by gender as published, suppressed together with the other themes' (gender-suppression.ts). */
  readonly byGender?: readonly ShownGenderCount[] | undefined;
}

/** One gender's count as published in an aggregate: null (and `suppressed`) when too small to publish (gender-suppression.ts). */
export interface ShownGenderCount {
  readonly gender: Gender;
  readonly count: number | null;
  readonly suppressed: boolean;
}

export function speakerBalanceView(counts: FunnelCounts, stage: FunnelStage, threshold: number): SpeakerBalanceView {
  const stageCounts = counts.stages[stage];
  return {
    stage,
    threshold,
    counts: speakerCounts(stageCounts),
    themes: themesIn(stageCounts).map((themeId) => ({ themeId, threshold, counts: speakerCounts(stageCounts, themeId) })),
  };
}

/**
 * The proposal funnel, pure: its stages, the typed names of its counters, the
 * snapshot of a proposal's people taken when it enters a stage, and the
 * increments a snapshot adds. No I/O (funnel.ts reads the registry and writes).
 */
import type { Gender, Region, StakeholderGroup } from '../stakeholders';

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

/**
 * Rules for programmes and their call for issues: creating and changing a
 * year's programme and its settings, scheduling the call (categories fixed
 * once it opens, dates and cap until it closes), the call's public counts
 * and the development-dimension coverage. Talks to the programme and call stores;
 * asks the policy module.
 */
import DataLoader from 'dataloader';
import * as z from 'zod';
import type { Caller } from '../../core/auth/caller';
import { authorize } from '../../core/auth/policy';
import { checkReschedule, refuseUnsaved } from '../../core/call-schedule';
import { BadUserInputError, ConflictError, NotFoundError, StaleVersionError } from '../../core/errors';
import { internalId } from '../../core/ids';
import { pageSize } from '../../core/pagination';
import type { Page } from '../../core/dynamodb/query';
import { countryCode, parseInput, text } from '../../core/validation';
import {
  DEFAULT_SETTINGS,
  DEVELOPMENT_LINKAGES,
  MEETING_FORMATS,
  callCounter,
  callStatus,
  type DevelopmentLinkage,
  type IssueCall,
  type IssueCallStatus,
  type IssueCallWithCounts,
  type IssueCategory,
  type Programme,
} from './programme.model';
import * as calls from './call.store';
import { createProgramme, getProgrammeConsistent, getProgrammes, listProgrammes, updateProgramme } from './programme.store';

/** The programme store's functions this service uses. */
const programmes = { createProgramme, updateProgramme, getProgrammes, getProgrammeConsistent, listProgrammes };

/** The stores the programme service works with (index.ts passes the DynamoDB ones; unit tests in-memory fakes). */
export interface ProgrammeStores {
  readonly programmes: typeof programmes;
  readonly calls: Pick<typeof calls, 'saveCall' | 'getCalls' | 'getCallConsistent'>;
}

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const issuesPerPerson = z.number().int().min(1, 'must be 1..20').max(20, 'must be 1..20');
const settings = z.lazy(() => z.object({ issuesPerPerson: issuesPerPerson.nullish() }).nullish());

const createInput = z.lazy(() =>
  z.object({
    year: z.number().int().min(2000, 'must be 2000..2100').max(2100, 'must be 2000..2100'),
    title: text(1, 200),
    overarchingTheme: text(1, 500),
    hostCountry: countryCode,
    venue: text(1, 300),
    startsAt: instant,
    endsAt: instant,
    format: z.enum(MEETING_FORMATS),
    settings,
  }),
);

const updateInput = z.lazy(() =>
  z.object({
    id: z.string(),
    version: z.number().int().min(1),
    title: text(1, 200).nullish(),
    overarchingTheme: text(1, 500).nullish(),
    hostCountry: countryCode.nullish(),
    venue: text(1, 300).nullish(),
    startsAt: instant.nullish(),
    endsAt: instant.nullish(),
    format: z.enum(MEETING_FORMATS).nullish(),
    settings,
  }),
);

const category = z.lazy(() =>
  z.object({
    code: z.string().regex(/^[A-Z0-9_]{2,40}$/, 'must be 2..40 characters of A-Z, 0-9 and _'),
    title: text(1, 200),
  }),
);

const scheduleInput = z.lazy(() =>
  z.object({
    programmeId: z.string(),
    version: z.number().int().min(1).nullish(),
    opensAt: instant,
    closesAt: instant,
    categories: z.array(category).min(1, 'must have 1..40 categories').max(40, 'must have 1..40 categories'),
    issuesPerPerson: issuesPerPerson.nullish(),
  }),
);

export type CreateProgrammeInput = z.input<typeof createInput>;
export type UpdateProgrammeInput = z.input<typeof updateInput>;
export type ScheduleIssueCallInput = z.input<typeof scheduleInput>;

/** The call's public counts, as the API shows them (balances are built in the resolvers from these). */
export interface CallCountsView {
  readonly counts: Readonly<Record<string, number>>;
  readonly categories: readonly IssueCategory[];
}

export interface DevelopmentCoverage {
  /** The programme's year (the sessions module reads its figures of the year from it). */
  readonly year: number;
  readonly issues: number;
  readonly issuesLinked: number;
  readonly issueShare: number;
  readonly themes: number;
  readonly themesLinked: number;
  readonly themeShare: number;
  readonly issuesByLinkage: readonly { readonly linkage: DevelopmentLinkage; readonly count: number }[];
}

export const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** Programme years are the ids of programmes and of their calls. */
function yearOf(globalId: string, type: 'Programme' | 'IssueCall', field: string): number {
  const id = internalId(globalId, type, field);
  if (!/^\d{4}$/.test(id)) throw new BadUserInputError(`"${field}" is not a valid id`, field);
  return Number(id);
}

export function programmeYear(globalId: string, field = 'id'): number {
  return yearOf(globalId, 'Programme', field);
}

export function callYear(globalId: string, field = 'id'): number {
  return yearOf(globalId, 'IssueCall', field);
}

export class ProgrammeService {
  readonly loader: DataLoader<number, Programme | undefined>;
  readonly callLoader: DataLoader<number, IssueCallWithCounts | undefined>;

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly stores: ProgrammeStores = { programmes, calls },
  ) {
    this.loader = new DataLoader((years) => stores.programmes.getProgrammes(years), { maxBatchSize: 100 });
    this.callLoader = new DataLoader((years) => stores.calls.getCalls(years), { maxBatchSize: 100 });
  }

  /** Programmes are public. */
  async get(year: number): Promise<Programme | undefined> {
    return Number.isInteger(year) && year >= 0 && year <= 9999 ? this.loader.load(year) : undefined;
  }

  list(first?: number | null, after?: string | null): Promise<Page<Programme>> {
    return this.stores.programmes.listProgrammes(pageSize(first), after);
  }

  /** A call for issues, public once scheduled. */
  async call(year: number): Promise<IssueCallWithCounts | undefined> {
    return Number.isInteger(year) && year >= 0 && year <= 9999 ? this.callLoader.load(year) : undefined;
  }

  callStatus(call: IssueCall): IssueCallStatus {
    return callStatus(call, this.now());
  }

  async create(input: CreateProgrammeInput): Promise<Programme> {
    await authorize(this.caller, { type: 'programme.manage' });
    const valid = parseInput(createInput, input);
    if (valid.endsAt < valid.startsAt) throw new BadUserInputError('input.endsAt: must not be before startsAt', 'input.endsAt');
    const at = this.now().toISOString();
    const programme: Programme = {
      year: valid.year,
      title: valid.title,
      overarchingTheme: valid.overarchingTheme,
      hostCountry: valid.hostCountry,
      venue: valid.venue,
      startsAt: valid.startsAt,
      endsAt: valid.endsAt,
      format: valid.format,
      settings: { issuesPerPerson: valid.settings?.issuesPerPerson ?? DEFAULT_SETTINGS.issuesPerPerson },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    if ((await this.stores.programmes.createProgramme(programme)) === 'exists') {
      throw new ConflictError(`There is a programme for ${valid.year} already`, { field: 'input.year' });
    }
    this.loader.prime(programme.year, programme);
    return programme;
  }

  async update(input: UpdateProgrammeInput): Promise<Programme> {
    await authorize(this.caller, { type: 'programme.manage' });
    const valid = parseInput(updateInput, input);
    const year = programmeYear(valid.id, 'input.id');
    const current = await this.stores.programmes.getProgrammeConsistent(year);
    if (!current) throw new NotFoundError('No such programme');
    if (current.version !== valid.version) throw new StaleVersionError('programme', current.version);
    const next: Programme = {
      ...current,
      title: valid.title ?? current.title,
      overarchingTheme: valid.overarchingTheme ?? current.overarchingTheme,
      hostCountry: valid.hostCountry ?? current.hostCountry,
      venue: valid.venue ?? current.venue,
      startsAt: valid.startsAt ?? current.startsAt,
      endsAt: valid.endsAt ?? current.endsAt,
      format: valid.format ?? current.format,
      settings: { issuesPerPerson: valid.settings?.issuesPerPerson ?? current.settings.issuesPerPerson },
      version: current.version + 1,
      updatedAt: this.now().toISOString(),
    };
    if (next.endsAt < next.startsAt) throw new BadUserInputError('input.endsAt: must not be before startsAt', 'input.endsAt');
    if ((await this.stores.programmes.updateProgramme(next, current.version)) === 'stale') {
      const latest = await this.stores.programmes.getProgrammeConsistent(year);
      throw new StaleVersionError('programme', latest?.version ?? current.version);
    }
    this.loader.clear(year).prime(year, next);
    return next;
  }

  async scheduleCall(input: ScheduleIssueCallInput): Promise<IssueCallWithCounts> {
    await authorize(this.caller, { type: 'programme.manage' });
    const valid = parseInput(scheduleInput, input);
    const year = programmeYear(valid.programmeId, 'input.programmeId');
    if (valid.closesAt <= valid.opensAt) throw new BadUserInputError('input.closesAt: must be after opensAt', 'input.closesAt');
    const codes = valid.categories.map((c) => c.code);
    const repeated = codes.findIndex((code, i) => codes.indexOf(code) !== i);
    if (repeated >= 0) throw new BadUserInputError(`input.categories.${repeated}.code: listed twice`, `input.categories.${repeated}.code`);
    const programme = await this.stores.programmes.getProgrammeConsistent(year);
    if (!programme) throw new NotFoundError('No such programme');
    const current = await this.stores.calls.getCallConsistent(year);
    const now = this.now();
    const at = now.toISOString();
    checkReschedule('call for issues', current, valid, current && callStatus(current, now), now, () => {
      if (JSON.stringify(current?.categories) !== JSON.stringify(valid.categories)) {
        throw new ConflictError('The categories cannot change once the call has opened', { field: 'input.categories' });
      }
    });
    const call: IssueCall = {
      year,
      opensAt: valid.opensAt,
      closesAt: valid.closesAt,
      categories: valid.categories,
      issuesPerPerson: valid.issuesPerPerson ?? programme.settings.issuesPerPerson,
      version: (current?.version ?? 0) + 1,
      createdAt: current?.createdAt ?? at,
      updatedAt: at,
    };
    const outcome = await this.stores.calls.saveCall(call, current?.version);
    await refuseUnsaved('call for issues', outcome, async () => (await this.stores.calls.getCallConsistent(year))?.version, call.version);
    const saved = { ...call, counts: current?.counts ?? {} };
    this.callLoader.clear(year).prime(year, saved);
    return saved;
  }

  /** Development coverage of a programme, from its call's counters (one GetItem). */
  async developmentCoverage(year: number): Promise<DevelopmentCoverage> {
    const counts = (await this.call(year))?.counts ?? {};
    const byLinkage = DEVELOPMENT_LINKAGES.map((linkage) => ({ linkage, count: counts[callCounter.development(linkage)] ?? 0 }));
    const issues = counts[callCounter.issues] ?? 0;
    const issuesLinked = byLinkage.filter((b) => b.linkage !== 'NONE').reduce((sum, b) => sum + b.count, 0);
    const themes = counts[callCounter.themes] ?? 0;
    const themesLinked = counts[callCounter.themesLinked] ?? 0;
    return {
      year,
      issues,
      issuesLinked,
      issueShare: share(issuesLinked, issues),
      themes,
      themesLinked,
      themeShare: share(themesLinked, themes),
      issuesByLinkage: byLinkage,
    };
  }
}

/** Counts of a call by group / region under a prefix, for the balance views. */
export function countsBy<C extends string>(counts: Readonly<Record<string, number>>, prefix: string, categories: readonly C[]): Partial<Record<C, number>> {
  return Object.fromEntries(categories.map((c) => [c, counts[`${prefix}${c}`] ?? 0])) as Partial<Record<C, number>>;
}

/**
 * The proposal funnel: submitted → eligible → accepted → held, counted by
 * stakeholder group, region, gender, first-time and developing-country status,
 * for organisers and for confirmed speakers separately, in counter items kept
 * exact in the same transactions as the state changes they count.
 *
 * ## How a state change counts (for every service that moves a proposal into a stage)
 *
 * ```ts
 * // 1. Before the transaction: take the snapshot of the proposals entering the stage (reads the registry, batched).
 * const entry = await this.funnel.enter('ACCEPTED', [current], at);
 * // 2. Stamp the snapshot on the proposal you write (the counters are a recount of these snapshots).
 * const next = entry.stamp({ ...current, status: 'ACCEPTED', version: current.version + 1, updatedAt: at });
 * // 3. Put the entry's items in the SAME transaction as the state change, conditional on the state you read.
 * await transactWrite([named('proposal', replace(next, current)), ...entry.items()]);
 * ```
 *
 * - Call it once per proposal and stage, in the transition whose write is conditional on the
 *   state it leaves (status and version): a transition that cannot happen twice cannot count twice.
 *   Leaving a stage (SCREENED_OUT, NOT_ACCEPTED, CANCELLED) writes nothing: a stage counts the
 *   proposals that *entered* it. A restored appeal enters ELIGIBLE then.
 * - Several proposals at once (screening, a selection decision): one `enter` for all, then
 *   `entry.items(ids)` per transaction chunk with the proposals of that chunk — one counter item
 *   per stage, whatever the number of proposals. SUBMITTED and HELD add one item per distinct
 *   organiser and speaker (their years on proposals, which make the next year's first-time
 *   status): keep such transactions to a few proposals.
 * - The snapshot is the panel as it is at that moment: the proposer and the listed organisers
 *   (people or organisations, from the registry), and the *confirmed* speakers with the group,
 *   region and gender of their answer (as the live diversity counts them); each person once.
 * - First-time: no proposal submitted (or session held) in an EARLIER year's programme in the same
 *   role — organising (proposer or organiser) or speaking (confirmed speaker). Developing country: the
 *   stakeholder's registry country under the UN M49 common practice (developing-countries.ts).
 *   Both are frozen in the snapshot.
 *
 * Reading: `counts(year)` — the four stage items in one BatchGetItem, batched across years.
 */
import DataLoader from 'dataloader';
import type { NamedItem } from '../../core/dynamodb/transact';
import { BadUserInputError } from '../../core/errors';
import { named } from '../../core/dynamodb/transact';
import type { Stakeholder, StakeholderService } from '../stakeholders';
import { isDevelopingCountry } from './developing-countries';
import { funnelIncrements, type FunnelCounter, type FunnelCounts, type FunnelPerson, type FunnelSnapshot, type FunnelStage } from './funnel.model';
import type { Proposal } from './sessions.model';
import type { SessionStores } from './sessions.stores';

/** What the funnel uses of its store: the counter and history items it writes, the counters and histories it reads. */
export type FunnelStore = Pick<SessionStores['funnel'], 'funnelUpdate' | 'historyMark' | 'getFunnels' | 'getHistories'>;

/** A stakeholder missing from the registry (never, for registered speakers) counts as not developing. */
const developing = (who: Stakeholder | undefined) => who !== undefined && isDevelopingCountry(who.country);

/** Stages whose entry also records the people's years on proposals (first-time status of later years). */
const MARKS_HISTORY: ReadonlySet<FunnelStage> = new Set(['SUBMITTED', 'HELD']);

/** The proposals entering one stage: the snapshots to stamp on them and the transaction items that count them. */
export class FunnelEntry {
  constructor(
    readonly stage: FunnelStage,
    private readonly snapshots: ReadonlyMap<
      string,
      {
        readonly year: number;
        readonly proposerId: string;
        readonly snapshot: FunnelSnapshot;
        readonly organiserIds: readonly string[];
        readonly speakerIds: readonly string[];
      }
    >,
    private readonly store: Pick<FunnelStore, 'funnelUpdate' | 'historyMark'>,
  ) {}

  /** The snapshot taken of a proposal (undefined if it is not part of this entry). */
  snapshot(proposalId: string): FunnelSnapshot | undefined {
    return this.snapshots.get(proposalId)?.snapshot;
  }

  /** The proposal with this stage's snapshot kept on it (write this one). */
  stamp<P extends Proposal>(proposal: P): P {
    const snapshot = this.snapshot(proposal.id);
    if (!snapshot) throw new Error(`Proposal ${proposal.id} is not entering ${this.stage} in this entry`);
    return { ...proposal, funnel: { ...proposal.funnel, [this.stage]: snapshot } };
  }

  /**
   * The named transaction items counting the given proposals (default: all of this entry): `funnel` (one per year
   * and stage) and, for SUBMITTED and HELD, `funnelHistory` (one per distinct stakeholder, subject: its id).
   */
  items(proposalIds?: readonly string[]): NamedItem[] {
    const ids = proposalIds ?? [...this.snapshots.keys()];
    const byYear = new Map<number, Record<string, number>>();
    const history = new Map<string, { organised: boolean; spoke: boolean; year: number }>();
    for (const id of ids) {
      const entry = this.snapshots.get(id);
      if (!entry) throw new Error(`Proposal ${id} is not entering ${this.stage} in this entry`);
      byYear.set(entry.year, funnelIncrements(entry.snapshot, byYear.get(entry.year) ?? {}));
      if (MARKS_HISTORY.has(this.stage)) {
        const mark = (who: string, role: 'organised' | 'spoke') => {
          const key = `${entry.year}#${who}`;
          const current = history.get(key) ?? { organised: false, spoke: false, year: entry.year };
          history.set(key, { ...current, [role]: true });
        };
        for (const who of entry.organiserIds) mark(who, 'organised');
        for (const who of entry.speakerIds) mark(who, 'spoke');
      }
    }
    return [
      ...[...byYear].map(([year, increments]) =>
        named('funnel', this.store.funnelUpdate(year, this.stage, increments as Record<FunnelCounter, number>), String(year)),
      ),
      ...[...history].map(([key, roles]) => {
        const who = key.slice(key.indexOf('#') + 1);
        return named('funnelHistory', this.store.historyMark(who, roles.year, roles), who);
      }),
    ];
  }
}

export class ProposalFunnel {
  readonly loader: DataLoader<number, FunnelCounts>;

  constructor(
    private readonly stakeholders: Pick<StakeholderService, 'getMany'>,
    private readonly store: FunnelStore,
  ) {
    this.loader = new DataLoader((years) => store.getFunnels(years), { maxBatchSize: 25 });
  }

  /** The snapshots of proposals entering `stage` at `at`, and the items that count them (see the module's doc). */
  async enter(stage: FunnelStage, proposals: readonly Proposal[], at: string): Promise<FunnelEntry> {
    const people = (p: Proposal) => ({
      organiserIds: [...new Set([p.proposerId, ...p.organiserIds])],
      speakers: [...new Map(p.speakers.filter((s) => s.status === 'CONFIRMED').map((s) => [s.stakeholderId, s])).values()],
    });
    const all = proposals.map((p) => ({ proposal: p, ...people(p) }));
    const ids = [...new Set(all.flatMap((a) => [...a.organiserIds, ...a.speakers.map((s) => s.stakeholderId)]))];
    const [registry, histories] = await Promise.all([this.stakeholders.getMany(ids), this.store.getHistories(ids)]);
    const byId = new Map(registry.map((s): [string, Stakeholder] => [s.id, s]));
    const earlier = (id: string, role: 'organised' | 'spoke', year: number) => (histories.get(id)?.[role] ?? []).some((y) => y < year);
    const snapshots = new Map(
      all.map(({ proposal, organiserIds, speakers }) => {
        const organisers = organiserIds.flatMap((id): FunnelPerson[] => {
          const who = byId.get(id);
          if (!who) return [];
          return [
            {
              group: who.group,
              region: who.region,
              ...(who.kind === 'PERSON' ? { gender: who.gender ?? 'UNDISCLOSED' } : {}),
              firstTime: !earlier(id, 'organised', proposal.year),
              developing: developing(who),
            },
          ];
        });
        const panel = speakers.map((s): FunnelPerson => ({
          group: s.group,
          region: s.region,
          gender: s.gender ?? 'UNDISCLOSED',
          firstTime: !earlier(s.stakeholderId, 'spoke', proposal.year),
          developing: developing(byId.get(s.stakeholderId)),
        }));
        const snapshot: FunnelSnapshot = { themeId: proposal.themeId, type: proposal.type, organisers, speakers: panel, at };
        return [
          proposal.id,
          {
            year: proposal.year,
            proposerId: proposal.proposerId,
            snapshot,
            organiserIds: organiserIds.filter((id) => byId.has(id)),
            speakerIds: speakers.map((s) => s.stakeholderId),
          },
        ];
      }),
    );
    return new FunnelEntry(stage, snapshots, this.store);
  }

  /** Every stage's counters of a programme year (zeros for a year without proposals): public aggregates. */
  counts(year: number, field = 'year'): Promise<FunnelCounts> {
    if (!Number.isInteger(year) || year < 1 || year > 9999) throw new BadUserInputError(`"${field}" must be a year 1..9999`, field);
    return this.loader.load(year);
  }
}

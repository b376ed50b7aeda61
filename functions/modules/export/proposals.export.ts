/**
 * Open data of the proposal funnel: for a programme year, one row per
 * population (proposals, organisers, confirmed speakers), dimension and
 * category with how many entered each stage (submitted, eligible, accepted,
 * held) and the rates between stages; then the same for each theme's
 * proposals and speakers. Aggregates only, from the funnel's counter items:
 * no proposal, title or person is ever named (proposals are private to
 * their people until the programme is decided; genders are never shown per
 * person, and a gender's count too small to publish is left empty with the
 * row's `suppressed` flag). One response: the rows are a few hundred at most.
 */
import { NotFoundError } from '../../core/errors';
import { toGlobalId } from '../../core/ids';
import type { ProgrammeService, ThemeService } from '../programme';
import {
  FUNNEL_ROLES,
  GENDER_MIN_GROUP_SIZE,
  SESSION_TYPES,
  acrossStages,
  breakdown,
  funnelCounter,
  genderRows,
  shown,
  shownRate,
  speakerCounts,
  themeGenderTables,
  themesIn,
  type FunnelCounts,
  type ProposalService,
  type ShownFigures,
  type StageFigures,
} from '../sessions';
import { REGIONS, STAKEHOLDER_GROUPS } from '../stakeholders';
import { encodeRows, header, type Column, type ExportFormat } from './export.format';

/** The services the funnel export reads through. */
export interface ProposalExportSources {
  readonly programmes: Pick<ProgrammeService, 'get'>;
  readonly themes: Pick<ThemeService, 'get'>;
  readonly proposals: Pick<ProposalService, 'funnel'>;
}

interface FunnelRow {
  readonly year: number;
  readonly themeId: string | null;
  readonly themeTitle: string | null;
  readonly population: 'PROPOSALS' | 'ORGANISERS' | 'SPEAKERS';
  readonly dimension: 'ALL' | 'SESSION_TYPE' | 'STAKEHOLDER_GROUP' | 'REGION' | 'GENDER' | 'FIRST_TIME' | 'DEVELOPING_COUNTRY';
  readonly category: string;
  readonly figures: ShownFigures;
}

/** The export's columns (docs/api/analytics.md lists them). */
export const PROPOSAL_FUNNEL_COLUMNS: readonly Column<FunnelRow>[] = [
  { name: 'year', description: 'Year of the programme.', value: (r) => r.year },
  { name: 'theme_id', description: 'Global id of the theme the row counts; empty for the whole programme.', value: (r) => r.themeId },
  { name: 'theme_title', description: 'Title of that theme.', value: (r) => r.themeTitle },
  {
    name: 'population',
    description:
      '`PROPOSALS`, `ORGANISERS` (the proposer and listed organisers, each once per proposal) or `SPEAKERS` (confirmed speakers, each once per proposal).',
    value: (r) => r.population,
  },
  {
    name: 'dimension',
    description:
      '`ALL`, `SESSION_TYPE`, `STAKEHOLDER_GROUP`, `REGION`, `GENDER` (people only, as declared), `FIRST_TIME` or `DEVELOPING_COUNTRY` (UN M49 common practice).',
    value: (r) => r.dimension,
  },
  { name: 'category', description: 'The category of the dimension (e.g. `CIVIL_SOCIETY`, `WOMAN`, `YES`); `ALL` for the total.', value: (r) => r.category },
  {
    name: 'submitted',
    description: 'How many entered SUBMITTED (a proposal counts its people as they were when it entered each stage).',
    value: (r) => r.figures.SUBMITTED,
  },
  { name: 'eligible', description: 'How many entered ELIGIBLE (screened eligible, or restored on appeal).', value: (r) => r.figures.ELIGIBLE },
  { name: 'accepted', description: 'How many entered ACCEPTED (by a MAG decision).', value: (r) => r.figures.ACCEPTED },
  { name: 'held', description: 'How many entered HELD.', value: (r) => r.figures.HELD },
  {
    name: 'eligibility_rate',
    description: 'eligible / submitted; empty when nothing was submitted or a count is suppressed.',
    value: (r) => shownRate(r.figures.ELIGIBLE, r.figures.SUBMITTED),
  },
  {
    name: 'acceptance_rate',
    description: 'accepted / submitted; empty when nothing was submitted or a count is suppressed.',
    value: (r) => shownRate(r.figures.ACCEPTED, r.figures.SUBMITTED),
  },
  {
    name: 'selection_rate',
    description: 'accepted / eligible; empty when nothing was eligible or a count is suppressed.',
    value: (r) => shownRate(r.figures.ACCEPTED, r.figures.ELIGIBLE),
  },
  {
    name: 'held_rate',
    description: 'held / accepted; empty when nothing was accepted or a count is suppressed.',
    value: (r) => shownRate(r.figures.HELD, r.figures.ACCEPTED),
  },
  {
    name: 'suppressed',
    description: `\`true\` when a count of the row is left empty: a gender's count from 1 to ${GENDER_MIN_GROUP_SIZE - 1} (or one that would let such a count be recovered by subtraction) is not published, so that it cannot single a person out.`,
    value: (r) => r.figures.suppressed,
  },
];

const POPULATION = { organisers: 'ORGANISERS', speakers: 'SPEAKERS' } as const;
const yesNo = (flag: boolean) => (flag ? 'YES' : 'NO');

/** The rows of a year's funnel: the programme's, then each theme's (themes named as the API names them). */
export function funnelRows(counts: FunnelCounts, themes: readonly { readonly id: string; readonly title: string }[]): FunnelRow[] {
  const base = { year: counts.year, themeId: null, themeTitle: null };
  const rows: FunnelRow[] = [
    { ...base, population: 'PROPOSALS', dimension: 'ALL', category: 'ALL', figures: shown(acrossStages(counts, funnelCounter.proposals)) },
    ...SESSION_TYPES.map((t): FunnelRow => ({
      ...base,
      population: 'PROPOSALS',
      dimension: 'SESSION_TYPE',
      category: t.code,
      figures: shown(acrossStages(counts, funnelCounter.type(t.code))),
    })),
  ];
  for (const role of FUNNEL_ROLES) {
    const b = breakdown(counts, role);
    const population = POPULATION[role];
    rows.push(
      { ...base, population, dimension: 'ALL', category: 'ALL', figures: shown(b.total) },
      ...b.byGroup.map((r): FunnelRow => ({ ...base, population, dimension: 'STAKEHOLDER_GROUP', category: r.group, figures: shown(r.figures) })),
      ...b.byRegion.map((r): FunnelRow => ({ ...base, population, dimension: 'REGION', category: r.region, figures: shown(r.figures) })),
      ...genderRows(counts, role).map((r): FunnelRow => ({ ...base, population, dimension: 'GENDER', category: r.gender, figures: r.figures })),
      ...b.byFirstTime.map((r): FunnelRow => ({ ...base, population, dimension: 'FIRST_TIME', category: yesNo(r.firstTime), figures: shown(r.figures) })),
      ...b.byDevelopingCountry.map((r): FunnelRow => ({
        ...base,
        population,
        dimension: 'DEVELOPING_COUNTRY',
        category: yesNo(r.developingCountry),
        figures: shown(r.figures),
      })),
    );
  }
  // The themes' genders are suppressed as one table: a theme's small count is not recovered from the others'.
  const themeGenders = themeGenderTables(
    counts,
    themes.map((t) => t.id),
  );
  for (const theme of themes) {
    const of = (n: (c: ReturnType<typeof speakerCounts>) => number): ShownFigures =>
      shown({
        SUBMITTED: n(speakerCounts(counts.stages.SUBMITTED, theme.id)),
        ELIGIBLE: n(speakerCounts(counts.stages.ELIGIBLE, theme.id)),
        ACCEPTED: n(speakerCounts(counts.stages.ACCEPTED, theme.id)),
        HELD: n(speakerCounts(counts.stages.HELD, theme.id)),
      } satisfies StageFigures);
    const t = { year: counts.year, themeId: toGlobalId('Theme', theme.id), themeTitle: theme.title };
    rows.push(
      { ...t, population: 'PROPOSALS', dimension: 'ALL', category: 'ALL', figures: of((c) => c.proposals) },
      { ...t, population: 'SPEAKERS', dimension: 'ALL', category: 'ALL', figures: of((c) => c.speakers) },
      ...STAKEHOLDER_GROUPS.map((g): FunnelRow => ({
        ...t,
        population: 'SPEAKERS',
        dimension: 'STAKEHOLDER_GROUP',
        category: g,
        figures: of((c) => c.byGroup[g]),
      })),
      ...REGIONS.map((r): FunnelRow => ({ ...t, population: 'SPEAKERS', dimension: 'REGION', category: r, figures: of((c) => c.byRegion[r]) })),
      ...(themeGenders.get(theme.id) ?? []).map((r): FunnelRow => ({
        ...t,
        population: 'SPEAKERS',
        dimension: 'GENDER',
        category: r.gender,
        figures: r.figures,
      })),
    );
  }
  return rows;
}

export class ProposalExport {
  constructor(private readonly services: ProposalExportSources) {}

  /** A programme year's funnel as CSV (with its header row) or JSON Lines. */
  async year(yearText: string, format: ExportFormat): Promise<{ body: string; rows: number; year: number }> {
    const programme = /^\d{4}$/.test(yearText) ? await this.services.programmes.get(Number(yearText)) : undefined;
    if (!programme) throw new NotFoundError('No programme that year');
    const counts = await this.services.proposals.funnel.counts(programme.year);
    const ids = [...new Set(Object.values(counts.stages).flatMap((stage) => themesIn(stage)))].sort();
    const themes = await Promise.all(ids.map(async (id) => ({ id, title: (await this.services.themes.get(id))?.title ?? '' })));
    const rows = funnelRows(counts, themes);
    return { body: header(PROPOSAL_FUNNEL_COLUMNS, format) + encodeRows(PROPOSAL_FUNNEL_COLUMNS, rows, format), rows: rows.length, year: programme.year };
  }
}

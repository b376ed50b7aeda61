/**
 * Small-cell suppression of gender in public aggregates. The registry's gender is self-declared and never shown per
 * person; a public count of 1..4 could still single a person out (one woman among a theme's accepted speakers), so
 * such counts are published as null with a `suppressed` flag. Pure — no I/O.
 *
 * Primary suppression hides every count from 1 to `GENDER_MIN_GROUP_SIZE - 1` (0 is shown: it names nobody).
 * Secondary suppression stops a hidden count from being recovered by subtraction from a published total: in a table
 * whose lines add up to published totals (the genders of a stage, of each theme at a stage) and whose columns do too
 * (a gender across the themes adds up to the programme's), a line or column with exactly one hidden count gets its
 * smallest other non-zero count hidden as well, until no line or column has exactly one.
 */
import { GENDERS, type Gender } from '../stakeholders';
import {
  FUNNEL_STAGES,
  funnelCounter,
  rate,
  type FunnelCounts,
  type FunnelRole,
  type FunnelStage,
  type ShownGenderCount,
  type StageFigures,
} from './funnel.model';

/** Counts of a gender below this are not published (shown as null, flagged suppressed). */
export const GENDER_MIN_GROUP_SIZE = 5;

/** A published count: null when suppressed. */
type Shown = number | null;

/** Suppresses a table of counts (lines × columns; see the module's doc). */
export function suppressTable(table: readonly (readonly number[])[]): Shown[][] {
  const hidden = table.map((line) => line.map((n) => n > 0 && n < GENDER_MIN_GROUP_SIZE));
  const columns = table[0]?.length ?? 0;
  const lineHidden = (l: number) => hidden[l]!.filter(Boolean).length;
  const columnHidden = (c: number) => hidden.filter((line) => line[c]).length;
  /** A line or column with exactly one hidden count hides one more: preferably a cell that completes a pair crosswise too, then the smallest. */
  const hideOneMore = (cells: readonly [number, number][], crosswiseAlone: (cell: [number, number]) => boolean) => {
    if (cells.filter(([l, c]) => hidden[l]![c]).length !== 1) return false;
    const visible = cells.filter(([l, c]) => !hidden[l]![c] && table[l]![c]! > 0);
    if (visible.length === 0) return false;
    const rank = (cell: [number, number]) => [crosswiseAlone(cell) ? 0 : 1, table[cell[0]]![cell[1]]!] as const;
    const [l, c] = visible.reduce((best, cell) => {
      const [a, b] = [rank(cell), rank(best)];
      return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]) ? cell : best;
    });
    hidden[l]![c] = true;
    return true;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let l = 0; l < table.length; l++) {
      changed =
        hideOneMore(
          table[l]!.map((_, c): [number, number] => [l, c]),
          ([, c]) => table.length > 1 && columnHidden(c) === 1,
        ) || changed;
    }
    // A column is a gender across lines: only meaningful when there are several lines (themes).
    if (table.length > 1) {
      for (let c = 0; c < columns; c++)
        changed =
          hideOneMore(
            table.map((_, l): [number, number] => [l, c]),
            ([l]) => lineHidden(l) === 1,
          ) || changed;
    }
  }
  return table.map((line, l) => line.map((n, c) => (hidden[l]![c] ? null : n)));
}

/** One gender's way through the funnel as published: a stage's count is null when suppressed. */
export type ShownFigures = { readonly [S in FunnelStage]: Shown } & { readonly suppressed: boolean };

/** A rate between two published counts: null when either is suppressed (or the whole is 0). */
export const shownRate = (part: Shown, whole: Shown): number | null => (part === null || whole === null ? null : rate(part, whole));

/** Figures of a row that is never suppressed, in the published shape. */
export const shown = (figures: StageFigures): ShownFigures => ({ ...figures, suppressed: false });

/** Builds one row per gender from a table per stage (each stage's counts by gender, suppressed apart). */
function rowsFromStages(byStage: Readonly<Record<FunnelStage, readonly Shown[]>>) {
  return GENDERS.map((gender, g) => {
    const cells = Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, byStage[stage][g] ?? null])) as Record<FunnelStage, Shown>;
    return { gender, figures: { ...cells, suppressed: FUNNEL_STAGES.some((stage) => cells[stage] === null) } as ShownFigures };
  });
}

/** A role's funnel by gender, as published (every gender listed). */
export function genderRows(counts: FunnelCounts, role: FunnelRole): { gender: Gender; figures: ShownFigures }[] {
  const byStage = Object.fromEntries(
    FUNNEL_STAGES.map((stage) => [stage, suppressTable([GENDERS.map((g) => counts.stages[stage][funnelCounter.gender(role, g)] ?? 0)])[0]!]),
  ) as Record<FunnelStage, Shown[]>;
  return rowsFromStages(byStage);
}

/**
 * Speakers by gender per theme, as published: `themes[t][stage][g]`, suppressed as one table per stage whose lines are
 * the themes (their columns add up to the programme's speakers by gender).
 */
export function themeGenderTables(counts: FunnelCounts, themeIds: readonly string[]): Map<string, { gender: Gender; figures: ShownFigures }[]> {
  const perStage = Object.fromEntries(
    FUNNEL_STAGES.map((stage) => [
      stage,
      suppressTable(themeIds.map((id) => GENDERS.map((g) => counts.stages[stage][funnelCounter.theme(id, `speakers.gender.${g}`)] ?? 0))),
    ]),
  ) as Record<FunnelStage, Shown[][]>;
  return new Map(
    themeIds.map((id, t) => [
      id,
      rowsFromStages(Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, perStage[stage][t] ?? []])) as Record<FunnelStage, Shown[]>),
    ]),
  );
}

/** Counts by gender of one line (a stage's speakers), suppressed, every gender listed. */
export function shownGenderCounts(byGender: Readonly<Record<Gender, number>>): ShownGenderCount[] {
  const [line] = suppressTable([GENDERS.map((g) => byGender[g])]);
  return GENDERS.map((gender, g) => ({ gender, count: line![g] ?? null, suppressed: line![g] === null }));
}

/** Counts by gender of several lines (each theme's speakers at a stage), suppressed as one table. */
export function shownGenderTable(lines: readonly Readonly<Record<Gender, number>>[]): ShownGenderCount[][] {
  return suppressTable(lines.map((byGender) => GENDERS.map((g) => byGender[g]))).map((line) =>
    GENDERS.map((gender, g) => ({ gender, count: line[g] ?? null, suppressed: line[g] === null })),
  );
}

/** A panel's gender counts as shown to the public: all of them when none is below the minimum group size, else none. */
export function publicPanelGenders<G extends string>(byGender: Readonly<Partial<Record<G, number>>>): Partial<Record<G, number>> {
  const counts = Object.values<number | undefined>(byGender).filter((n): n is number => (n ?? 0) > 0);
  return counts.every((n) => n >= GENDER_MIN_GROUP_SIZE) ? { ...byGender } : {};
}

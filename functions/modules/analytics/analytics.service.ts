/**
 * Rules for dashboards: participation balance (per consultation, per year,
 * of the MAG), processing of contributions, reporting rates, trends. Every
 * figure comes from counter items kept in the writes' transactions, read in
 * batches — the reads never grow with the number of contributions.
 * Visibility follows the consultation rules: drafts are the secretariat's,
 * dispositions (and so processing figures) are public once the synthesis is
 * published, earlier only for MAG members and the secretariat.
 */
import DataLoader from 'dataloader';
import { BadUserInputError } from '../../core/errors';
import type { Consultation, ConsultationCounts } from '../consultations';
import type { ConsultationService } from '../consultations';
import type { StakeholderService } from '../stakeholders';
import {
  magBalance,
  participationBalance,
  processing,
  reportingRates,
  thresholdOf,
  type ConsultationAnalytics,
  type CycleAnalytics,
  type MagBalance,
  type ReportingRates,
} from './analytics.model';
import type { MagComposition } from '../stakeholders';
import type { ReportingCycle, ReportingCycleService } from '../reporting';

/** The widest span of years one trends or rates query may cover. */
export const MAX_YEARS = 30;

/** Any year may be asked for (a year without consultations or cycle has zeros); bounded so a key stays a key. */
function checkYear(year: number, field: string): number {
  if (!Number.isInteger(year) || year < 1 || year > 999_999) throw new BadUserInputError(`"${field}" must be a year (1..999999)`, field);
  return year;
}

function checkSpan(fromYear: number, toYear: number): number[] {
  checkYear(fromYear, 'fromYear');
  checkYear(toYear, 'toYear');
  if (toYear < fromYear) throw new BadUserInputError('"toYear" must not be before "fromYear"', 'toYear');
  if (toYear - fromYear + 1 > MAX_YEARS) throw new BadUserInputError(`At most ${MAX_YEARS} years per query`, 'toYear');
  return Array.from({ length: toYear - fromYear + 1 }, (_, i) => fromYear + i);
}

export class AnalyticsService {
  /** Years' counters, batched (trends read all their years in one BatchGetItem). */
  private readonly yearCounts = new DataLoader<number, ConsultationCounts>((years) => this.consultations.countsOfYears(years), {
    maxBatchSize: 100,
  });

  /** Years' consultations, loaded together so that their counter items are then read in one batch. */
  private readonly yearConsultations = new DataLoader<number, Consultation[]>((years) => Promise.all(years.map((year) => this.consultations.ofYear(year))));

  constructor(
    private readonly consultations: ConsultationService,
    private readonly stakeholders: StakeholderService,
    private readonly reporting: ReportingCycleService,
  ) {}

  /** A visible consultation's analytics: its counter item (batched with other consultations'), nothing else. */
  async consultation(consultation: Consultation, threshold?: number | null): Promise<ConsultationAnalytics> {
    const share = thresholdOf(threshold);
    const [counts, mayReadAnswers] = await Promise.all([
      this.consultations.countsLoader.load(consultation.id),
      this.consultations.mayReadAnswers(consultation),
    ]);
    return {
      consultation,
      status: this.consultations.status(consultation),
      participation: participationBalance(counts, share),
      processing: mayReadAnswers ? processing(counts) : null,
    };
  }

  /** A year's participation (distinct contributors counted once per year, whatever the consultation). */
  async cycle(year: number, threshold?: number | null): Promise<CycleAnalytics> {
    const share = thresholdOf(threshold);
    checkYear(year, 'year');
    return { year, threshold: share, participation: participationBalance(await this.yearCounts.load(year), share) };
  }

  /** The consultations of a year the caller may see, by closing date. */
  consultationsOf(year: number): Promise<Consultation[]> {
    return this.yearConsultations.load(year);
  }

  /** Each year of the span with its figures; the years' counters in one batch, each year's consultations in one Query. */
  async trends(fromYear: number, toYear: number, threshold?: number | null): Promise<CycleAnalytics[]> {
    thresholdOf(threshold);
    return Promise.all(checkSpan(fromYear, toYear).map((year) => this.cycle(year, threshold)));
  }

  /** The balance of a MAG composition (the roster read once by the stakeholder service). */
  magBalance(composition: MagComposition, threshold?: number | null): MagBalance {
    return magBalance(composition.year, composition.members, thresholdOf(threshold));
  }

  /** The balance of the MAG of a year (default: the current one). */
  async mag(year?: number | null, threshold?: number | null): Promise<MagBalance> {
    const share = thresholdOf(threshold);
    return this.magBalance(await this.stakeholders.magComposition(year), share);
  }

  /** Reporting rates of the years that have a cycle, oldest first, with their change from the previous one. One Query. */
  async reportingRates(fromYear: number, toYear: number): Promise<ReportingRates<ReportingCycle>[]> {
    checkSpan(fromYear, toYear);
    return reportingRates(await this.reporting.cyclesBetween(fromYear, toYear));
  }
}

/**
 * What the consultations service reads of a consultation's contributions, as
 * an interface: the contributions module (functions/modules/contributions/)
 * builds on this one and implements it, and the edge hands its service over
 * once both are built (functions/graphql/services.ts). So the two modules
 * meet without importing each other both ways.
 */
import type { Page } from '../../core/dynamodb/query';
import type { Consultation, ConsultationCounts, Contribution, Disposition } from './consultation.model';

/** Which contributions of a consultation a list shows (validated). */
export interface ContributionFilter {
  readonly questionId?: string | undefined;
  readonly group?: string | undefined;
  readonly region?: string | undefined;
  readonly disposition?: Disposition | undefined;
}

/** A consultation read together with the first page of its contributions (one Query) and, if asked, its counters (read at the same time). */
export interface ConsultationWithContributions {
  readonly consultation: Consultation | undefined;
  readonly counts: ConsultationCounts | undefined;
  readonly page: Page<Contribution>;
}

export interface ContributionReads {
  /** A page of a consultation's contributions, oldest first. */
  listOfConsultation(consultationId: string, filter: ContributionFilter, first: number, after?: string | null): Promise<Page<Contribution>>;
  /** The look-ahead: the consultation and the first page of its contributions in one Query; its counters too if `withCounts`. */
  withConsultation(consultationId: string, filter: ContributionFilter, first: number, withCounts: boolean): Promise<ConsultationWithContributions>;
  /** Contributions by id, in the order asked (undefined where there is none). */
  getMany(ids: readonly string[]): Promise<(Contribution | undefined)[]>;
}

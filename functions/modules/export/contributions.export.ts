/**
 * Open data: a consultation's contributions as CSV or JSON Lines, public
 * fields only, read page by page through the consultation services (so the
 * same visibility rules apply: drafts are not found, dispositions and
 * responses appear once the synthesis is published, withdrawn bodies and
 * private fields — emails, token subjects — never). One response holds at
 * most `limit` rows and MAX_RESPONSE_BYTES; the rest follows from a cursor.
 */
import { BadUserInputError, NotFoundError } from '../../core/errors';
import { fromGlobalId, toGlobalId } from '../../core/ids';
import type { Answer, Consultation, ConsultationService, Contribution } from '../consultations';
import type { ContributionService } from '../contributions';
import type { Stakeholder, StakeholderService } from '../stakeholders';
import { encodeRows, header, type Column, type ExportFormat } from './export.format';

/** API Gateway buffers a Lambda response of at most 6 MB: one response's body stays well under it. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/** Rows per response unless the client asks for fewer (bounds one invocation's time). */
export const MAX_ROWS = 2000;
const PAGE = 100;

/** The services an export reads through (so it sees what the API shows, nothing more). */
export interface ExportSources {
  readonly consultations: ConsultationService;
  readonly contributions: ContributionService;
  readonly stakeholders: StakeholderService;
}

export interface ExportRow {
  readonly contribution: Contribution;
  readonly consultation: Consultation;
  readonly author: Stakeholder | undefined;
  readonly organisation: Stakeholder | undefined;
  readonly answer: Answer | null;
}

const gid = (type: 'Contribution' | 'Consultation' | 'Stakeholder', id: string | undefined) => (id ? toGlobalId(type, id) : null);

/** The export's columns: the data dictionary in docs/api/analytics.md is generated from this list. */
export const CONTRIBUTION_COLUMNS: readonly Column<ExportRow>[] = [
  { name: 'contribution_id', description: 'Global id of the contribution (as in the GraphQL API).', value: (r) => gid('Contribution', r.contribution.id) },
  { name: 'consultation_id', description: 'Global id of the consultation.', value: (r) => gid('Consultation', r.consultation.id) },
  { name: 'consultation_year', description: 'Year of the consultation cycle.', value: (r) => r.consultation.year },
  {
    name: 'parent_id',
    description: 'Global id of the contribution this one replies to; empty for a top-level contribution.',
    value: (r) => gid('Contribution', r.contribution.parentId),
  },
  {
    name: 'question_id',
    description: 'Id of the consultation question answered; empty for a general comment.',
    value: (r) => r.contribution.questionId ?? null,
  },
  {
    name: 'question',
    description: 'Text of that question.',
    value: (r) => r.consultation.questions.find((q) => q.id === r.contribution.questionId)?.text ?? null,
  },
  { name: 'author_id', description: 'Global id of the person who submitted it.', value: (r) => gid('Stakeholder', r.contribution.authorId) },
  { name: 'author_name', description: 'Name of that person, as in the stakeholder directory.', value: (r) => r.author?.name ?? null },
  { name: 'capacity', description: '`PERSONAL` (own name) or `ON_BEHALF_OF` (an organisation).', value: (r) => r.contribution.capacity },
  {
    name: 'organisation_id',
    description: 'Global id of the organisation it was made on behalf of; empty when personal.',
    value: (r) => gid('Stakeholder', r.contribution.organisationId),
  },
  { name: 'organisation_name', description: 'Name of that organisation.', value: (r) => r.organisation?.name ?? null },
  {
    name: 'stakeholder_group',
    description: 'Stakeholder group the contribution counts for (the organisation’s when on behalf of one, else the author’s), at submission.',
    value: (r) => r.contribution.group,
  },
  { name: 'region', description: 'UN regional group it counts for (same rule), at submission.', value: (r) => r.contribution.region },
  {
    name: 'country',
    description: 'ISO 3166-1 alpha-2 country of the stakeholder it counts for (the organisation, else the author), as in the directory now.',
    value: (r) => (r.contribution.organisationId ? r.organisation?.country : r.author?.country) ?? null,
  },
  { name: 'language', description: 'BCP 47 language tag of the text.', value: (r) => r.contribution.language },
  {
    name: 'body',
    description: 'The text (Markdown) of the current revision; empty when withdrawn.',
    value: (r) => (r.contribution.status === 'WITHDRAWN' ? null : r.contribution.body),
  },
  { name: 'status', description: '`ACTIVE` or `WITHDRAWN` (withdrawn by its author; its text is not published).', value: (r) => r.contribution.status },
  { name: 'revision', description: 'Number of the current revision (1 = never edited).', value: (r) => r.contribution.revision },
  { name: 'submitted_at', description: 'When it was first submitted (ISO-8601 UTC).', value: (r) => r.contribution.createdAt },
  {
    name: 'updated_at',
    description: 'When it last changed (edit, withdrawal, or an answer once answers are public).',
    value: (r) => (r.answer ? r.contribution.updatedAt : (r.contribution.publicUpdatedAt ?? r.contribution.updatedAt)),
  },
  {
    name: 'receipt_digest',
    description: 'SHA-256 (hex) of the canonical content of the current revision — the receipt its author holds.',
    value: (r) => r.contribution.receipt.digest,
  },
  {
    name: 'disposition',
    description: "The MAG's disposition; empty until the synthesis is published (dispositions are private before).",
    value: (r) => r.answer?.disposition ?? null,
  },
  { name: 'response', description: 'The MAG\'s response ("you said, we did"); same rule.', value: (r) => r.answer?.response ?? null },
  { name: 'answered_at', description: 'When the disposition was last recorded; same rule.', value: (r) => r.answer?.answeredAt ?? null },
];

export interface ExportRequest {
  /** The consultation's global id or internal id. */
  readonly consultation: string;
  readonly format: ExportFormat;
  readonly after?: string | undefined;
  /** Rows per response, 1..MAX_ROWS. */
  readonly limit?: number | undefined;
  /** For tests: a smaller byte cap. */
  readonly maxBytes?: number | undefined;
}

export interface ExportChunk {
  readonly body: string;
  readonly rows: number;
  readonly consultationId: string;
  /** The cursor of the next response, or null when this one ends the export. */
  readonly next: string | null;
}

function consultationIdOf(value: string): string {
  try {
    const decoded = fromGlobalId(value);
    if (decoded.type !== 'Consultation') throw new NotFoundError('No such consultation');
    return decoded.id;
  } catch (error) {
    if (error instanceof NotFoundError) throw error;
    // Not a global id: an internal id (e.g. `demo-consultation-2026-1`).
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(value)) throw new NotFoundError('No such consultation');
    return value;
  }
}

export class ContributionExport {
  constructor(private readonly services: ExportSources) {}

  async chunk(request: ExportRequest): Promise<ExportChunk> {
    const limit = request.limit ?? MAX_ROWS;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ROWS) throw new BadUserInputError(`"limit" must be between 1 and ${MAX_ROWS}`, 'limit');
    const maxBytes = request.maxBytes ?? MAX_RESPONSE_BYTES;
    const consultation = await this.services.consultations.get(consultationIdOf(request.consultation));
    if (!consultation) throw new NotFoundError('No such consultation');

    const parts: string[] = [request.after ? '' : header(CONTRIBUTION_COLUMNS, request.format)];
    let bytes = Buffer.byteLength(parts[0] as string, 'utf8');
    let rows = 0;
    let after = request.after ?? null;
    for (;;) {
      const page = await this.services.consultations.contributions(consultation, { first: Math.min(PAGE, limit - rows), after });
      const exportRows = await Promise.all(page.items.map((contribution) => this.row(consultation, contribution)));
      for (const [i, row] of exportRows.entries()) {
        const encoded = encodeRows(CONTRIBUTION_COLUMNS, [row], request.format);
        const size = Buffer.byteLength(encoded, 'utf8');
        if (rows > 0 && bytes + size > maxBytes) return { body: parts.join(''), rows, consultationId: consultation.id, next: after };
        parts.push(encoded);
        bytes += size;
        rows++;
        after = page.cursors[i] as string;
      }
      if (!page.hasNextPage) return { body: parts.join(''), rows, consultationId: consultation.id, next: null };
      after = page.endCursor;
      if (rows >= limit) return { body: parts.join(''), rows, consultationId: consultation.id, next: after };
    }
  }

  /** One row: the author and organisation come through the stakeholder DataLoader (one batch per page). */
  private async row(consultation: Consultation, contribution: Contribution): Promise<ExportRow> {
    const [author, organisation, answer] = await Promise.all([
      this.services.stakeholders.get(contribution.authorId),
      contribution.organisationId ? this.services.stakeholders.get(contribution.organisationId) : undefined,
      this.services.contributions.answer(contribution),
    ]);
    return { contribution, consultation, author, organisation, answer };
  }
}

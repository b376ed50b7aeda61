/**
 * A consultation's contributions: the records (with their revisions and
 * receipts), the MAG's answer to each, and the pure rules that build and
 * change them. Contributions live in their consultation's item collection,
 * so consultation.model.ts names this model too; this file imports nothing of
 * the consultation's.
 */
import { createHash, randomBytes } from 'node:crypto';
import { toGlobalId } from '../../core/ids';
import type { Region, StakeholderGroup } from '../stakeholders';

export const DISPOSITIONS = ['RECEIVED', 'UNDER_REVIEW', 'ADDRESSED', 'PARTIALLY_ADDRESSED', 'NOTED', 'OUT_OF_SCOPE'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const CAPACITIES = ['PERSONAL', 'ON_BEHALF_OF'] as const;
export type Capacity = (typeof CAPACITIES)[number];

export type ContributionStatus = 'ACTIVE' | 'WITHDRAWN';

export interface Receipt {
  /** Server time the revision was received. */
  readonly receivedAt: string;
  /** Hex SHA-256 of the canonical content (see `canonicalContent`). */
  readonly digest: string;
  readonly revision: number;
  /** The contribution's secret salt: only in answers to its author (receiptFor the author), never stored in a receipt. */
  readonly salt?: string | undefined;
}

export interface Answer {
  readonly disposition: Disposition;
  readonly response: string;
  readonly answeredAt: string;
  readonly answeredBy: string;
  /** When the contribution got its first disposition. */
  readonly firstAnsweredAt: string;
}

export interface Contribution {
  /** `<consultationId>.<local id>`: the consultation is part of the id, so a contribution is found by id alone. */
  readonly id: string;
  readonly consultationId: string;
  readonly year: number;
  /**
   * The consultation's closing time when the contribution was submitted. The secretariat may move it later
   * (extend, close early): rules and counters use the consultation item's `closesAt`, never this copy.
   */
  readonly closesAt: string;
  /** The person who submitted it. */
  readonly authorId: string;
  readonly capacity: Capacity;
  readonly organisationId?: string | undefined;
  /** Who the contribution counts for: the organisation when on behalf of one, else the author. */
  readonly contributorId: string;
  readonly group: StakeholderGroup;
  readonly region: Region;
  readonly questionId?: string | undefined;
  readonly parentId?: string | undefined;
  readonly status: ContributionStatus;
  /** Null once withdrawn. */
  readonly body: string | null;
  readonly language: string;
  /** Receipt of the current revision. */
  readonly receipt: Receipt;
  /** Receipt of the original submission. */
  readonly firstReceipt: Receipt;
  readonly revision: number;
  readonly answer?: Answer | undefined;
  /** The adopted decisions (ids) that processed it, in the order adopted. */
  readonly processedBy?: readonly string[] | undefined;
  /** When the first of those decisions was adopted (the processing counters' time from close). */
  readonly firstProcessedAt?: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  /**
   * What the public sees of `updatedAt` and `version` while answers recorded before the synthesis is
   * published are private: an answer then moves `updatedAt`/`version` (MAG members edit at that version)
   * but not these, nor the change feed. Unset when no private answer moved them.
   */
  readonly publicUpdatedAt?: string | undefined;
  readonly publicVersion?: number | undefined;
  /**
   * A random secret mixed into every receipt digest of this contribution, given to its author only: they can
   * recompute their receipts, while nobody else can confirm a guess of a text (a withdrawn one, say) from a
   * public digest. Absent on contributions stored before salts (their digests are format v1).
   */
  readonly receiptSalt?: string | undefined;
}

export interface ContributionRevision {
  readonly contributionId: string;
  readonly revision: number;
  readonly body: string;
  readonly language: string;
  readonly receipt: Receipt;
}

/** Splits a contribution id into its consultation and local part. */
export function contributionIdParts(id: string): { consultationId: string; localId: string } | undefined {
  const dot = id.lastIndexOf('.');
  if (dot <= 0 || dot === id.length - 1) return undefined;
  return { consultationId: id.slice(0, dot), localId: id.slice(dot + 1) };
}

export const contributionId = (consultationId: string, localId: string) => `${consultationId}.${localId}`;

/**
 * The canonical content a receipt digests: a JSON array (no whitespace,
 * UTF-8) of, in this order: the format tag "agora.contribution.v1", the
 * contribution's global id, the consultation's global id, the question id or
 * null, the parent contribution's global id or null, the author's global id,
 * the capacity, the organisation's global id or null, the language tag, the
 * body exactly as stored (trimmed, Unicode NFC), the revision number and the
 * server time received (ISO-8601). Format "agora.contribution.v2" (every
 * contribution since salts) has one more element, last: the contribution's
 * secret salt, which only its author receives — so the author can recompute
 * the digest, and nobody else can confirm a guess of the text.
 */
export function canonicalContent(c: {
  id: string;
  consultationId: string;
  questionId?: string | undefined;
  parentId?: string | undefined;
  authorId: string;
  capacity: Capacity;
  organisationId?: string | undefined;
  language: string;
  body: string;
  revision: number;
  receivedAt: string;
  receiptSalt?: string | undefined;
}): string {
  return JSON.stringify([
    c.receiptSalt ? 'agora.contribution.v2' : 'agora.contribution.v1',
    toGlobalId('Contribution', c.id),
    toGlobalId('Consultation', c.consultationId),
    c.questionId ?? null,
    c.parentId ? toGlobalId('Contribution', c.parentId) : null,
    toGlobalId('Stakeholder', c.authorId),
    c.capacity,
    c.organisationId ? toGlobalId('Stakeholder', c.organisationId) : null,
    c.language,
    c.body,
    c.revision,
    c.receivedAt,
    ...(c.receiptSalt ? [c.receiptSalt] : []),
  ]);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function receiptFor(c: Parameters<typeof canonicalContent>[0]): Receipt {
  return { receivedAt: c.receivedAt, digest: sha256Hex(canonicalContent(c)), revision: c.revision };
}

/** A revision as the API shows it: its text may be hidden (withdrawn contribution, caller not its author). */
export interface RevisionView extends ContributionRevision {
  readonly hidden: boolean;
}

/** A new contribution and its first revision (the service decides who and what; this builds the records). */
export function buildContribution(p: {
  readonly id: string;
  readonly consultation: { readonly id: string; readonly year: number; readonly closesAt: string };
  readonly authorId: string;
  readonly capacity: Capacity;
  readonly organisationId?: string | undefined;
  /** The stakeholder the contribution is counted for (the organisation, or the author). */
  readonly countedFor: { readonly id: string; readonly group: StakeholderGroup; readonly region: Region };
  readonly questionId?: string | undefined;
  readonly parentId?: string | undefined;
  readonly body: string;
  readonly language: string;
  readonly now: Date;
}): { contribution: Contribution; revision: ContributionRevision } {
  const at = p.now.toISOString();
  const content = {
    id: p.id,
    consultationId: p.consultation.id,
    questionId: p.questionId,
    parentId: p.parentId,
    authorId: p.authorId,
    capacity: p.capacity,
    organisationId: p.organisationId,
    language: p.language,
    body: p.body,
    revision: 1,
    receivedAt: at,
    receiptSalt: randomBytes(16).toString('base64url'),
  };
  const receipt = receiptFor(content);
  return {
    contribution: {
      ...content,
      year: p.consultation.year,
      closesAt: p.consultation.closesAt,
      contributorId: p.countedFor.id,
      group: p.countedFor.group,
      region: p.countedFor.region,
      status: 'ACTIVE',
      receipt,
      firstReceipt: receipt,
      createdAt: at,
      updatedAt: at,
      version: 1,
    },
    revision: { contributionId: p.id, revision: 1, body: p.body, language: p.language, receipt },
  };
}

/** The next revision of a contribution. */
export function revise(current: Contribution, body: string, language: string, now: Date): { next: Contribution; revision: ContributionRevision } {
  const at = now.toISOString();
  const revision = current.revision + 1;
  const receipt = receiptFor({ ...current, body, language, revision, receivedAt: at });
  return {
    next: { ...current, body, language, revision, receipt, updatedAt: at, version: current.version + 1 },
    revision: { contributionId: current.id, revision, body, language, receipt },
  };
}

export function withdrawn(current: Contribution, now: Date): Contribution {
  return { ...current, status: 'WITHDRAWN', body: null, updatedAt: now.toISOString(), version: current.version + 1 };
}

/**
 * The contribution with an answer. Before the synthesis is published (`publicAnswer` false) the answer is
 * private, so the public stamps stay where they were: nothing the public sees changes.
 */
export function answered(current: Contribution, disposition: Disposition, response: string, answeredBy: string, now: Date, publicAnswer = true): Contribution {
  const at = now.toISOString();
  return {
    ...current,
    answer: { disposition, response, answeredAt: at, answeredBy, firstAnsweredAt: current.answer?.firstAnsweredAt ?? at },
    updatedAt: at,
    version: current.version + 1,
    publicUpdatedAt: publicAnswer ? undefined : (current.publicUpdatedAt ?? current.updatedAt),
    publicVersion: publicAnswer ? undefined : (current.publicVersion ?? current.version),
  };
}

/**
 * Open data of the MAG's meetings: for a year, the published minutes and the
 * decisions (adopted, deferred, rejected) of every closed meeting, as JSON
 * Lines — one line per minutes, then one per decision with all its
 * subjects. Read through the meeting service with the caller the export
 * has (the public), so only what the public sees is exported: a meeting is
 * CLOSED once its minutes are published, and proposed decisions stay out.
 */
import { BadUserInputError } from '../../core/errors';
import { toGlobalId } from '../../core/ids';
import type { MeetingService } from '../meetings';

/** A year's meetings are few (three consultations, a handful of meetings); the export reads at most this many. */
const MAX_MEETINGS = 100;
const SUBJECT_PAGE = 100;

export class MeetingExport {
  constructor(private readonly services: { readonly meetings: MeetingService }) {}

  /** The JSON Lines of a year's closed meetings (minutes first, then decisions, meeting by meeting, by start). */
  async year(yearText: string): Promise<{ body: string; rows: number }> {
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText) || year < 2000) throw new BadUserInputError('Ask for <year>.jsonl, e.g. 2026.jsonl', 'file');
    const meetings = await this.services.meetings.list({ year, status: 'CLOSED' }, MAX_MEETINGS);
    const lines: string[] = [];
    for (const meeting of meetings.items) {
      const meetingId = toGlobalId('Meeting', meeting.id);
      const minutes = await this.services.meetings.minutes(meeting);
      if (minutes?.status === 'PUBLISHED') {
        lines.push(
          JSON.stringify({
            type: 'minutes',
            meeting_id: meetingId,
            meeting_title: meeting.title,
            meeting_kind: meeting.kind,
            starts_at: meeting.startsAt,
            body: minutes.body,
            revision: minutes.revision,
            published_at: minutes.publishedAt ?? null,
            approved_by: minutes.approvedByDecisionId ? toGlobalId('Decision', minutes.approvedByDecisionId) : null,
            corrections: minutes.corrections.map((c) => ({ decision_id: toGlobalId('Decision', c.decisionId), text: c.text, corrected_at: c.correctedAt })),
          }),
        );
      }
      for (const decision of await this.services.meetings.decisions(meeting)) {
        const subjects: unknown[] = [];
        let after: string | null = null;
        do {
          const page = await this.services.meetings.subjects(decision, SUBJECT_PAGE, after);
          subjects.push(
            ...page.items.map((s) =>
              s.kind === 'CONTRIBUTION'
                ? { kind: s.kind, contribution_id: toGlobalId('Contribution', s.contributionId), disposition: s.disposition, response: s.response }
                : s.kind === 'MINUTES'
                  ? { kind: s.kind, meeting_id: toGlobalId('Meeting', s.meetingId), effect: s.effect }
                  : s.kind === 'ISSUE'
                    ? { kind: s.kind, issue_id: toGlobalId('Issue', s.issueId), reason: s.reason }
                    : s.kind === 'THEME'
                      ? { kind: s.kind, theme_id: toGlobalId('Theme', s.themeId) }
                      : {
                          kind: s.kind,
                          proposal_id: toGlobalId('Proposal', s.proposalId),
                          outcome: s.outcome,
                          conditions: s.conditions ?? [],
                          deadline: s.deadline ?? null,
                          merged_into_id: s.mergedInto ? toGlobalId('Proposal', s.mergedInto) : null,
                          reason: s.reason ?? null,
                        },
            ),
          );
          after = page.hasNextPage ? page.endCursor : null;
        } while (after);
        lines.push(
          JSON.stringify({
            type: 'decision',
            decision_id: toGlobalId('Decision', decision.id),
            meeting_id: meetingId,
            number: decision.number,
            text: decision.text,
            method: decision.method,
            objections: decision.objections,
            state: decision.state,
            decided_at: decision.decidedAt ?? null,
            subjects,
          }),
        );
      }
    }
    return { body: lines.map((line) => `${line}\n`).join(''), rows: lines.length };
  }
}

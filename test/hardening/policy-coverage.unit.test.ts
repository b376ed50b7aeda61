/**
 * Every policy action is tried as a client would: each one names where its refusals are exercised — a secret
 * of the authorization matrix (reads: the marker must show exactly to the allowed roles), a test of the
 * operation it guards that checks its FORBIDDEN/UNAUTHENTICATED refusal (writes), or, for what everyone may
 * do, the reason there is nothing to refuse. A new action without an entry fails here, naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, POLICY, type ActionType } from '../../functions/core/auth/policy';

const ROOT = join(import.meta.dirname, '../..');
const MATRIX = 'test/hardening/authorization-matrix.test.ts';

type Coverage =
  /** A secret of the authorization matrix guarded by this action (its `add('<secret>', …)`). */
  | { readonly matrix: string }
  /** A test of the operation this action guards, which checks a refusal. */
  | { readonly refusals: string; readonly operation: string }
  /** Allowed to everyone: nothing to refuse. */
  | { readonly everyone: string };

const COVERAGE: Record<ActionType, Coverage> = {
  'stakeholder.read': { everyone: 'the directory is public (its private fields have their own action)' },
  'stakeholder.register': { refusals: 'test/stakeholders/registration.test.ts', operation: 'registerStakeholder' },
  'stakeholder.readContactEmail': { matrix: "an author's contact email" },
  'stakeholder.readMe': { refusals: 'test/stakeholders/registration.test.ts', operation: 'me' },
  'organisation.propose': { refusals: 'test/stakeholders/updates.test.ts', operation: 'proposeOrganisation' },
  'stakeholder.update': { refusals: 'test/stakeholders/updates.test.ts', operation: 'updateStakeholder' },
  'stakeholder.setVerification': { refusals: 'test/stakeholders/updates.test.ts', operation: 'setVerification' },
  'stakeholder.setRelevantOrganisation': { refusals: 'test/stakeholders/updates.test.ts', operation: 'setRelevantOrganisation' },
  'mag.appoint': { refusals: 'test/stakeholders/appointments.test.ts', operation: 'appointMagMember' },
  'mag.endTerm': { refusals: 'test/stakeholders/appointments.test.ts', operation: 'endMagTerm' },
  'representative.appoint': { refusals: 'test/stakeholders/appointments.test.ts', operation: 'appointRepresentative' },
  'representative.revoke': { refusals: 'test/stakeholders/appointments.test.ts', operation: 'revokeRepresentative' },
  'mag.readComposition': { everyone: "the MAG's composition is public (members' contact emails have their own action)" },
  'reporting.manageCycles': { refusals: 'test/reporting/cycles.test.ts', operation: 'CREATE_CYCLE' },
  'report.read': { matrix: 'unpublished report' },
  'report.readAllInternal': { matrix: 'unpublished report in the cycle list' },
  'report.readHistory': { matrix: "a published report's revisions" },
  'report.edit': { refusals: 'test/reporting/reports.test.ts', operation: 'saveReportSections' },
  'report.review': { refusals: 'test/reporting/reports.test.ts', operation: 'publishReport' },
  'notifications.readOwn': { matrix: "another organisation's notifications" },
  'mail.manageOwn': { refusals: 'test/mail/preferences.test.ts', operation: 'setMailPreferences' },
  'mail.manageDeadLetters': { matrix: 'a dead letter' },
  'consultation.manage': { matrix: 'draft consultation' },
  'consultation.controlDates': { refusals: 'test/consultations/dates.test.ts', operation: 'closeConsultationEarly' },
  'consultation.publishSynthesis': { refusals: 'test/consultations/refusals.test.ts', operation: 'publishSynthesis' },
  'contribution.submit': { refusals: 'test/consultations/refusals.test.ts', operation: 'submitContribution' },
  'contribution.submitOnBehalf': { refusals: 'test/consultations/refusals.test.ts', operation: 'ON_BEHALF_OF' },
  'contribution.change': { refusals: 'test/consultations/refusals.test.ts', operation: 'withdrawContribution' },
  'contribution.answer': { refusals: 'test/consultations/refusals.test.ts', operation: 'setDisposition' },
  'contribution.readAnswerEarly': { matrix: 'answer before the synthesis' },
  'meeting.manage': { refusals: 'test/meetings/refusals.test.ts', operation: 'CANCEL' },
  'meeting.prepareAgenda': { refusals: 'test/meetings/refusals.test.ts', operation: 'SET_AGENDA' },
  'meeting.chair': { refusals: 'test/meetings/refusals.test.ts', operation: 'ADOPT' },
  'meeting.conduct': { refusals: 'test/meetings/refusals.test.ts', operation: 'record(held, otherMag.token)' },
  'meeting.readInternal': { matrix: 'a proposed decision' },
  'minutes.amend': { refusals: 'test/meetings/refusals.test.ts', operation: 'AMEND' },
  'programme.manage': { refusals: 'test/programme/themes.test.ts', operation: 'updateProgramme' },
  'issue.submit': { refusals: 'test/programme/issues.test.ts', operation: 'SUBMIT_ISSUE' },
  'issue.submitOnBehalf': { refusals: 'test/programme/issues.test.ts', operation: 'ON_BEHALF_OF' },
  'issue.change': { refusals: 'test/programme/issues.test.ts', operation: 'WITHDRAW_ISSUE' },
  'issue.support': { refusals: 'test/programme/issues.test.ts', operation: 'SUPPORT_ISSUE' },
  'issue.readWithdrawn': { matrix: 'a withdrawn issue' },
  'theme.manage': { matrix: 'a draft theme' },
  'programme.decide': { refusals: 'test/programme/themes.test.ts', operation: 'adoptByDecision' },
  'stakeholder.readGender': { matrix: "a person's self-declared gender" },
  'stakeholder.declareGender': { refusals: 'test/sessions/proposals.test.ts', operation: 'bySecretariat' },
  'proposal.create': { refusals: 'test/sessions/proposals.test.ts', operation: 'CREATE_PROPOSAL' },
  'proposal.read': { matrix: 'a draft proposal' },
  'proposal.edit': { refusals: 'test/sessions/proposals.test.ts', operation: 'UPDATE_PROPOSAL' },
  'session.organise': { refusals: 'test/sessions/selection.test.ts', operation: 'CONFIRM_SESSION' },
  'session.run': { refusals: 'test/sessions/selection.test.ts', operation: 'CANCEL_SESSION' },
  'session.design': { matrix: "a main session's design" },
  'schedule.manage': { refusals: 'test/schedule/schedule.test.ts', operation: 'RELEASE_SCHEDULE' },
  'schedule.readDraft': { matrix: 'an unreleased schedule' },
  'evaluation.manage': { refusals: 'test/sessions/evaluation.test.ts', operation: 'CREATE_ROUND' },
  'evaluation.score': { refusals: 'test/sessions/evaluation.test.ts', operation: 'SUBMIT' },
  'evaluation.readSheet': { matrix: "another evaluator's scores, once one's own evaluation is in" },
  'evaluation.readIdentities': { matrix: 'who proposes and speaks, in a blind round' },
  'evaluation.readOthersScores': { matrix: "another evaluator's scores, before one's own evaluation is in" },
  'evaluation.readConflicts': { matrix: 'a declared conflict of interest' },
  'evaluation.readBoard': { matrix: 'the ranked board while the round is open' },
  'evaluation.readFeedback': { refusals: 'test/sessions/evaluation.test.ts', operation: 'evaluationFeedback' },
};

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('every policy action is probed', () => {
  it('has an entry for every action, and none for an action that does not exist', () => {
    const missing = ACTION_TYPES.filter((type) => !Object.hasOwn(COVERAGE, type));
    const stale = Object.keys(COVERAGE).filter((type) => !Object.hasOwn(POLICY, type));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it.each(ACTION_TYPES.map((type) => [type, COVERAGE[type]] as const))('%s: its probe exists', (type, coverage) => {
    if ('matrix' in coverage) {
      // The secret is a probe of the matrix, which checks every role against it.
      // add('secret', …) or add("secret", …), the name on the next line when the formatter wraps it.
      const names = [`'${coverage.matrix}'`, `"${coverage.matrix}"`];
      const matrix = read(MATRIX).replace(/add\(\s+/g, 'add(');
      expect(
        names.some((name) => matrix.includes(`add(${name}`)),
        `${type}: no secret "${coverage.matrix}" in ${MATRIX}`,
      ).toBe(true);
    } else if ('refusals' in coverage) {
      expect(existsSync(join(ROOT, coverage.refusals)), `${type}: ${coverage.refusals} does not exist`).toBe(true);
      const text = read(coverage.refusals);
      expect(text.includes(coverage.operation), `${type}: ${coverage.refusals} never uses ${coverage.operation}`).toBe(true);
      expect(/'(FORBIDDEN|UNAUTHENTICATED)'/.test(text), `${type}: ${coverage.refusals} checks no refusal`).toBe(true);
    } else {
      // Only an action that allows everyone may say so.
      expect(POLICY[type].decide({ kind: 'public' }, { type } as never)).toBe('allow');
      expect(coverage.everyone.length).toBeGreaterThan(20);
    }
  });
});

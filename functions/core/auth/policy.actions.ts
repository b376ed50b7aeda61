/**
 * Every operation the policy decides, as an Action: its type and the facts
 * the decision needs (whose record, which year, which meeting's chair…).
 * Services describe what they are about to do with one; policy.ts holds the
 * record of each (who may, and its name in a refusal).
 */
export type Action =
  // ── Identity and the stakeholder registry ──
  /** Read the directory: a stakeholder, a page of stakeholders, their public fields. */
  | { readonly type: 'stakeholder.read' }
  /** A signed-in user creates their own stakeholder record. */
  | { readonly type: 'stakeholder.register' }
  /** Read a stakeholder's private contact email. */
  | { readonly type: 'stakeholder.readContactEmail'; readonly stakeholderId: string }
  /** Read who the caller is (`me`). */
  | { readonly type: 'stakeholder.readMe' }
  /** A registered user proposes an organisation (it stays UNVERIFIED until the secretariat verifies it). */
  | { readonly type: 'organisation.propose' }
  /** Edit a stakeholder's record: their own, an organisation they represent, or (secretariat) any. */
  | { readonly type: 'stakeholder.update'; readonly stakeholderId: string }
  /** Set a stakeholder's verification status. */
  | { readonly type: 'stakeholder.setVerification' }
  /** Mark an organisation as a relevant organisation (subject to annual reporting), or not. */
  | { readonly type: 'stakeholder.setRelevantOrganisation' }
  /** Appoint a MAG member for a term, or end their term. */
  | { readonly type: 'mag.appoint' }
  | { readonly type: 'mag.endTerm' }
  /** Appoint or revoke a representative of an organisation. */
  | { readonly type: 'representative.appoint' }
  | { readonly type: 'representative.revoke' }
  /** Read the MAG's composition by group × region. */
  | { readonly type: 'mag.readComposition' }
  // ── Annual reporting ──
  /** Create reporting cycles and request reports from organisations (secretariat). */
  | { readonly type: 'reporting.manageCycles' }
  /** Read a report: published ones are public; before that its representatives, the MAG (current term) and the secretariat. */
  | { readonly type: 'report.read'; readonly organisationId: string; readonly published: boolean; readonly currentYear: number }
  /** Read every organisation's unpublished reports (lists of a cycle, of an organisation): the MAG (current term) and the secretariat. */
  | { readonly type: 'report.readAllInternal'; readonly currentYear: number }
  /** Read a report's revision history (drafts stay internal even after publication). */
  | { readonly type: 'report.readHistory'; readonly organisationId: string; readonly currentYear: number }
  /** Save sections of, and submit, the report of an organisation (its representatives only). */
  | { readonly type: 'report.edit'; readonly organisationId: string }
  /** Return or publish a submitted report (secretariat). */
  | { readonly type: 'report.review' }
  /** Read the notifications of the organisations the caller represents. */
  | { readonly type: 'notifications.readOwn' }
  // ── Mail ──
  /** Change your own mail preferences and consultation subscriptions, mark your notifications read (a registered stakeholder). */
  | { readonly type: 'mail.manageOwn' }
  /** See and retry mail that could not be delivered (secretariat). */
  | { readonly type: 'mail.manageDeadLetters' }
  // ── Consultations and contributions ──
  /** Create, edit and schedule consultations; see drafts. */
  | { readonly type: 'consultation.manage' }
  /** Extend, close early or cancel a consultation, with a reason (secretariat). */
  | { readonly type: 'consultation.controlDates' }
  /** Publish a consultation's synthesis. */
  | { readonly type: 'consultation.publishSynthesis' }
  /** Submit a contribution (a registered stakeholder). */
  | { readonly type: 'contribution.submit' }
  /** Submit on behalf of an organisation (its representative). */
  | { readonly type: 'contribution.submitOnBehalf'; readonly organisationId: string }
  /** Edit or withdraw a contribution (its author). */
  | { readonly type: 'contribution.change'; readonly authorId: string }
  /** Record dispositions and responses (MAG members in a current term, secretariat). */
  | { readonly type: 'contribution.answer'; readonly year: number }
  /** See dispositions and responses before the synthesis is published (same people). */
  | { readonly type: 'contribution.readAnswerEarly'; readonly year: number }
  // ── The annual programme: calls for issues, issues, themes ──
  /** Create and change programmes, schedule calls for issues, merge duplicate issues (secretariat). */
  | { readonly type: 'programme.manage' }
  /** Submit an issue to a call (a registered stakeholder). */
  | { readonly type: 'issue.submit' }
  /** Submit an issue on behalf of an organisation (its representative). */
  | { readonly type: 'issue.submitOnBehalf'; readonly organisationId: string }
  /** Withdraw an issue (its author). */
  | { readonly type: 'issue.change'; readonly authorId: string }
  /** Support an issue (a registered stakeholder; the service refuses one's own issue and a second support). */
  | { readonly type: 'issue.support' }
  /** See a withdrawn issue (its author and the secretariat). */
  | { readonly type: 'issue.readWithdrawn'; readonly authorId: string }
  /** Draft and edit themes, see drafts, tag consultations and contributions with themes (MAG members in a current term, secretariat). */
  | { readonly type: 'theme.manage'; readonly year: number }
  /** Record a MAG decision on themes and issues: adopt a theme, decline an issue (MAG members in a current term, secretariat). */
  | { readonly type: 'programme.decide'; readonly year: number }
  // ── MAG meetings ──
  /** Plan, edit and cancel meetings, record attendance, action items and minutes (secretariat). */
  | { readonly type: 'meeting.manage' }
  /** Draft a meeting's agenda (secretariat and the meeting's chair). */
  | { readonly type: 'meeting.prepareAgenda'; readonly chairId: string }
  /** Adopt the agenda at the start (the meeting's chair). */
  | { readonly type: 'meeting.chair'; readonly chairId: string }
  /** Mark a meeting held, record and decide decisions (the chair, secretariat). */
  | { readonly type: 'meeting.conduct'; readonly chairId: string }
  /** See what is internal to a meeting: planned meetings, draft agendas, proposed decisions, attendance, action items and minutes before publication (MAG members of its year, its chair, secretariat). */
  | { readonly type: 'meeting.readInternal'; readonly year: number; readonly chairId: string }
  /** Propose an amendment to circulated minutes (a registered stakeholder; the store checks they were PRESENT). */
  | { readonly type: 'minutes.amend' }
  // ── Session proposals ──
  /** Read a stakeholder's self-declared gender (the person themselves and the secretariat only). */
  | { readonly type: 'stakeholder.readGender'; readonly stakeholderId: string }
  /** Declare or change one's own gender (only the person themselves: it is self-declared). */
  | { readonly type: 'stakeholder.declareGender'; readonly stakeholderId: string }
  /** Draft a session proposal (a registered stakeholder). */
  | { readonly type: 'proposal.create' }
  /** Read a proposal before the programme is decided: its proposer, organisers, speakers and the secretariat. */
  | { readonly type: 'proposal.read'; readonly participantIds: readonly string[] }
  /** Edit or submit a proposal (its proposer only). */
  | { readonly type: 'proposal.edit'; readonly proposerId: string }
  // ── Selection, sessions and the schedule ──
  /** Confirm an accepted session and file its report (its proposer and organisers only). */
  | { readonly type: 'session.organise'; readonly organiserIds: readonly string[] }
  /** Mark a session held, cancel it (its proposer and organisers, the secretariat). */
  | { readonly type: 'session.run'; readonly organiserIds: readonly string[] }
  /** Design main sessions as a MAG working group; see their drafts (MAG members in term, secretariat). */
  | { readonly type: 'session.design'; readonly year: number }
  /** Set slot budgets, record conditions met, edit rooms and the schedule, release it (secretariat). */
  | { readonly type: 'schedule.manage' }
  /** See the schedule's work in progress before it is released (MAG members in term, secretariat). */
  | { readonly type: 'schedule.readDraft'; readonly year: number }
  // ── The MAG's evaluation of proposals ──
  /** Create evaluation rounds, assign evaluators, release feedback to proposers (secretariat). */
  | { readonly type: 'evaluation.manage' }
  /** Score or decline a proposal in a round (MAG members in term in the year; the service checks the assignment and conflicts). */
  | { readonly type: 'evaluation.score'; readonly year: number }
  /** Read a proposal's evaluation sheet: its active evaluators, any MAG member in term when the round lets all score (and has no registry conflict), the secretariat. */
  | {
      readonly type: 'evaluation.readSheet';
      readonly year: number;
      readonly evaluatorIds: readonly string[];
      readonly openToMag: boolean;
      readonly conflictedIds: readonly string[];
    }
  /** See proposers' and speakers' names, organisations and emails on a sheet: in a blind round only the secretariat. */
  | { readonly type: 'evaluation.readIdentities'; readonly blind: boolean }
  /** See the other evaluators' scores and the figures: only once one's own evaluation is in (and as the round says), or the secretariat. */
  | {
      readonly type: 'evaluation.readOthersScores';
      readonly ownSubmitted: boolean;
      readonly visibility: 'AFTER_OWN_EVALUATION' | 'AFTER_ROUND_CLOSES' | 'NEVER';
      readonly closed: boolean;
    }
  /** See who evaluates a proposal, declared conflicts and abstentions with their statements (secretariat). */
  | { readonly type: 'evaluation.readConflicts' }
  /** Read the ranked board of a round: the secretariat; MAG members in term once the round has closed. */
  | { readonly type: 'evaluation.readBoard'; readonly year: number; readonly closed: boolean }
  /** Read a proposal's evaluation feedback (per-criterion medians, reason codes): its proposer and organisers once released, the secretariat. */
  | { readonly type: 'evaluation.readFeedback'; readonly readerIds: readonly string[]; readonly released: boolean };

export type ActionType = Action['type'];

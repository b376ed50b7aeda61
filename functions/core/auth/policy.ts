/**
 * The one policy module: it decides every operation for every caller.
 * Services describe what they are about to do as an Action and call
 * `authorize` (refuse) or `can` (decide, e.g. to hide a private field).
 * POLICY holds one record per action: who may do it, and what it is called
 * in a refusal. The tables of operations × roles ("Who may do what" in docs/api/*.md) are this record.
 * It fails closed: anything but an explicit 'allow' is a refusal.
 */
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { isMagMember, isSecretariat, type Caller } from './caller';

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
  | { readonly type: 'evaluation.readOthersScores'; readonly ownSubmitted: boolean; readonly visibility: 'AFTER_OWN_EVALUATION' | 'AFTER_ROUND_CLOSES' | 'NEVER'; readonly closed: boolean }
  /** See who evaluates a proposal, declared conflicts and abstentions with their statements (secretariat). */
  | { readonly type: 'evaluation.readConflicts' }
  /** Read the ranked board of a round: the secretariat; MAG members in term once the round has closed. */
  | { readonly type: 'evaluation.readBoard'; readonly year: number; readonly closed: boolean }
  /** Read a proposal's evaluation feedback (per-criterion medians, reason codes): its proposer and organisers once released, the secretariat. */
  | { readonly type: 'evaluation.readFeedback'; readonly readerIds: readonly string[]; readonly released: boolean };

export type ActionType = Action['type'];

export type Decision = 'allow' | 'unauthenticated' | 'forbidden';

/** The policy of one action: its decision and its name in a refusal ("Sign in to …", "You may not …"), together. */
export interface Rule<A extends Action = Action> {
  readonly description: string;
  readonly decide: (caller: Caller, action: A) => Decision | Promise<Decision>;
}

type Policy = { readonly [T in ActionType]: Rule<Extract<Action, { readonly type: T }>> };

// ── The building blocks of the rules ──

const anyone = (): Decision => 'allow';

const signedIn = (caller: Caller): Decision => (caller.kind === 'user' ? 'allow' : 'unauthenticated');

function secretariatOnly(caller: Caller): Decision {
  if (caller.kind === 'public') return 'unauthenticated';
  return isSecretariat(caller) ? 'allow' : 'forbidden';
}

/** A signed-in user with a stakeholder record. */
async function registered(caller: Caller): Promise<Decision> {
  if (caller.kind === 'public') return 'unauthenticated';
  return (await caller.roles()) ? 'allow' : 'forbidden';
}

/** An appointed representative of the organisation. */
async function representativeOf(caller: Caller, organisationId: string): Promise<Decision> {
  if (caller.kind === 'public') return 'unauthenticated';
  const roles = await caller.roles();
  return roles?.representativeOf.includes(organisationId) ? 'allow' : 'forbidden';
}

/** The secretariat, or a MAG member whose term covers the year. */
async function secretariatOrMag(caller: Caller, year: number): Promise<Decision> {
  if (caller.kind === 'public') return 'unauthenticated';
  if (isSecretariat(caller)) return 'allow';
  return isMagMember(await caller.roles(), year) ? 'allow' : 'forbidden';
}

/** Unpublished reports: the organisation's representatives, MAG members in their term, the secretariat. */
async function readsInternalReports(caller: Caller, organisationId: string, currentYear: number): Promise<Decision> {
  if (caller.kind === 'public') return 'unauthenticated';
  if (isSecretariat(caller)) return 'allow';
  const roles = await caller.roles();
  if (!roles) return 'forbidden';
  if (roles.representativeOf.includes(organisationId)) return 'allow';
  return isMagMember(roles, currentYear) ? 'allow' : 'forbidden';
}

/** The chair of a meeting (by stakeholder id), or the secretariat. */
async function chairOrSecretariat(caller: Caller, chairId: string): Promise<Decision> {
  if (caller.kind === 'public') return 'unauthenticated';
  if (isSecretariat(caller)) return 'allow';
  return (await caller.roles())?.stakeholderId === chairId ? 'allow' : 'forbidden';
}

export const POLICY: Policy = {
  'stakeholder.read': { description: 'read the stakeholder directory', decide: anyone },
  'stakeholder.register': { description: 'register as a stakeholder', decide: signedIn },
  'stakeholder.readContactEmail': {
    description: "read this stakeholder's contact email",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const roles = await caller.roles();
      return roles?.stakeholderId === action.stakeholderId ? 'allow' : 'forbidden';
    },
  },
  'stakeholder.readMe': { description: 'see who you are', decide: signedIn },
  // Only a registered stakeholder: the proposal is recorded as theirs.
  'organisation.propose': { description: 'propose an organisation (register as a stakeholder first)', decide: registered },
  'stakeholder.update': {
    description: 'edit this stakeholder (only your own record, an organisation you represent, or the secretariat)',
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const roles = await caller.roles();
      if (!roles) return 'forbidden';
      return roles.stakeholderId === action.stakeholderId || roles.representativeOf.includes(action.stakeholderId) ? 'allow' : 'forbidden';
    },
  },
  'stakeholder.setVerification': { description: 'set verification status (secretariat only)', decide: secretariatOnly },
  'stakeholder.setRelevantOrganisation': { description: 'set the relevant-organisation flag (secretariat only)', decide: secretariatOnly },
  'mag.appoint': { description: 'appoint MAG members (secretariat only)', decide: secretariatOnly },
  'mag.endTerm': { description: 'end MAG terms (secretariat only)', decide: secretariatOnly },
  'representative.appoint': { description: 'appoint organisation representatives (secretariat only)', decide: secretariatOnly },
  'representative.revoke': { description: 'revoke organisation representatives (secretariat only)', decide: secretariatOnly },
  'mag.readComposition': { description: "read the MAG's composition", decide: anyone },
  'reporting.manageCycles': { description: 'manage reporting cycles (secretariat only)', decide: secretariatOnly },
  'report.read': {
    description: 'read this report before it is published',
    decide: (caller, action) => (action.published ? 'allow' : readsInternalReports(caller, action.organisationId, action.currentYear)),
  },
  'report.readAllInternal': {
    description: "read every organisation's unpublished reports (the MAG and the secretariat only)",
    decide: (caller, action) => secretariatOrMag(caller, action.currentYear),
  },
  'report.readHistory': {
    description: "read this report's revisions",
    decide: (caller, action) => readsInternalReports(caller, action.organisationId, action.currentYear),
  },
  'report.edit': {
    description: "edit this organisation's report (its representatives only)",
    decide: (caller, action) => representativeOf(caller, action.organisationId),
  },
  'report.review': { description: 'return or publish reports (secretariat only)', decide: secretariatOnly },
  'notifications.readOwn': { description: 'read your notifications', decide: signedIn },
  'mail.manageOwn': { description: 'change mail settings: register as a stakeholder first', decide: registered },
  'mail.manageDeadLetters': { description: 'see or retry undelivered mail (secretariat only)', decide: secretariatOnly },
  'consultation.manage': { description: 'manage consultations (secretariat only)', decide: secretariatOnly },
  'consultation.controlDates': { description: "change a consultation's dates (secretariat only)", decide: secretariatOnly },
  'consultation.publishSynthesis': { description: 'publish a synthesis (secretariat only)', decide: secretariatOnly },
  'contribution.submit': { description: 'contribute: register as a stakeholder first', decide: registered },
  'contribution.submitOnBehalf': {
    description: 'contribute on behalf of an organisation you do not represent',
    decide: (caller, action) => representativeOf(caller, action.organisationId),
  },
  'contribution.change': {
    description: "change someone else's contribution",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      const roles = await caller.roles();
      return roles?.stakeholderId === action.authorId ? 'allow' : 'forbidden';
    },
  },
  'contribution.answer': {
    description: 'record dispositions (MAG members and the secretariat only)',
    decide: (caller, action) => secretariatOrMag(caller, action.year),
  },
  'contribution.readAnswerEarly': {
    description: 'see dispositions before the synthesis is published',
    decide: (caller, action) => secretariatOrMag(caller, action.year),
  },
  'programme.manage': { description: 'manage the annual programme (secretariat only)', decide: secretariatOnly },
  'issue.submit': { description: 'submit an issue: register as a stakeholder first', decide: registered },
  'issue.submitOnBehalf': {
    description: 'submit an issue on behalf of an organisation you do not represent',
    decide: (caller, action) => representativeOf(caller, action.organisationId),
  },
  'issue.change': {
    description: "withdraw someone else's issue",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      const roles = await caller.roles();
      return roles?.stakeholderId === action.authorId ? 'allow' : 'forbidden';
    },
  },
  'issue.support': { description: 'support an issue: register as a stakeholder first', decide: registered },
  'issue.readWithdrawn': {
    description: 'see a withdrawn issue (its author and the secretariat only)',
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const roles = await caller.roles();
      return roles?.stakeholderId === action.authorId ? 'allow' : 'forbidden';
    },
  },
  'theme.manage': {
    description: 'draft themes and tag with them (MAG members and the secretariat only)',
    decide: (caller, action) => secretariatOrMag(caller, action.year),
  },
  'programme.decide': {
    description: 'record MAG decisions on themes and issues (MAG members and the secretariat only)',
    decide: (caller, action) => secretariatOrMag(caller, action.year),
  },
  // ── MAG meetings ──
  'meeting.manage': { description: 'manage meetings (secretariat only)', decide: secretariatOnly },
  'meeting.prepareAgenda': { description: "prepare this meeting's agenda (the secretariat and its chair only)", decide: (caller, action) => chairOrSecretariat(caller, action.chairId) },
  'meeting.chair': {
    description: "adopt this meeting's agenda (its chair only)",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      return (await caller.roles())?.stakeholderId === action.chairId ? 'allow' : 'forbidden';
    },
  },
  'meeting.conduct': { description: 'conduct this meeting (its chair and the secretariat only)', decide: (caller, action) => chairOrSecretariat(caller, action.chairId) },
  'meeting.readInternal': {
    description: "see this meeting's internal records (MAG members of its year, its chair and the secretariat only)",
    async decide(caller, action) {
      if ((await chairOrSecretariat(caller, action.chairId)) === 'allow') return 'allow';
      return secretariatOrMag(caller, action.year);
    },
  },
  'minutes.amend': { description: 'propose amendments to minutes (register as a stakeholder first)', decide: registered },
  // ── Session proposals ──
  'stakeholder.readGender': {
    description: "read this person's gender (themselves and the secretariat only)",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      return (await caller.roles())?.stakeholderId === action.stakeholderId ? 'allow' : 'forbidden';
    },
  },
  'stakeholder.declareGender': {
    description: "declare someone else's gender (it is self-declared)",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      return (await caller.roles())?.stakeholderId === action.stakeholderId ? 'allow' : 'forbidden';
    },
  },
  'proposal.create': { description: 'propose a session: register as a stakeholder first', decide: registered },
  'proposal.read': {
    description: 'read this proposal (its proposer, organisers, speakers and the secretariat only)',
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const id = (await caller.roles())?.stakeholderId;
      return id !== undefined && action.participantIds.includes(id) ? 'allow' : 'forbidden';
    },
  },
  'proposal.edit': {
    description: "edit or submit someone else's proposal",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      return (await caller.roles())?.stakeholderId === action.proposerId ? 'allow' : 'forbidden';
    },
  },
  // ── Selection, sessions and the schedule ──
  'session.organise': {
    description: "organise this session (its proposer and organisers only)",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      const id = (await caller.roles())?.stakeholderId;
      return id !== undefined && action.organiserIds.includes(id) ? 'allow' : 'forbidden';
    },
  },
  'session.run': {
    description: 'run this session (its proposer, organisers and the secretariat only)',
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const id = (await caller.roles())?.stakeholderId;
      return id !== undefined && action.organiserIds.includes(id) ? 'allow' : 'forbidden';
    },
  },
  'session.design': { description: 'design main sessions (MAG members and the secretariat only)', decide: (caller, action) => secretariatOrMag(caller, action.year) },
  'schedule.manage': { description: 'manage the slot budgets, rooms and schedule (secretariat only)', decide: secretariatOnly },
  'schedule.readDraft': { description: 'see the unreleased schedule (MAG members and the secretariat only)', decide: (caller, action) => secretariatOrMag(caller, action.year) },
  // ── The MAG's evaluation of proposals ──
  'evaluation.manage': { description: 'manage the evaluation of proposals (secretariat only)', decide: secretariatOnly },
  'evaluation.score': {
    description: 'evaluate proposals (MAG members in term only)',
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      return isMagMember(await caller.roles(), action.year) ? 'allow' : 'forbidden';
    },
  },
  'evaluation.readSheet': {
    description: "read this proposal's evaluation (its evaluators and the secretariat only)",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const roles = await caller.roles();
      const id = roles?.stakeholderId;
      if (id === undefined) return 'forbidden';
      if (action.evaluatorIds.includes(id)) return 'allow';
      return action.openToMag && isMagMember(roles, action.year) && !action.conflictedIds.includes(id) ? 'allow' : 'forbidden';
    },
  },
  'evaluation.readIdentities': {
    description: "see who proposes and speaks in a blind round (the secretariat only)",
    decide: (caller, action) => (action.blind ? secretariatOnly(caller) : signedIn(caller)),
  },
  'evaluation.readOthersScores': {
    description: "see the other evaluators' scores before your own evaluation is in",
    decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      if (!action.ownSubmitted) return 'forbidden';
      switch (action.visibility) {
        case 'AFTER_OWN_EVALUATION':
          return 'allow';
        case 'AFTER_ROUND_CLOSES':
          return action.closed ? 'allow' : 'forbidden';
        case 'NEVER':
          return 'forbidden';
      }
    },
  },
  'evaluation.readConflicts': { description: 'see evaluators, their conflicts and abstentions (secretariat only)', decide: secretariatOnly },
  'evaluation.readBoard': {
    description: 'read the ranked board (the secretariat; MAG members once the round has closed)',
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      return action.closed && isMagMember(await caller.roles(), action.year) ? 'allow' : 'forbidden';
    },
  },
  'evaluation.readFeedback': {
    description: "read this proposal's evaluation feedback (its proposer and organisers, once released)",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const id = (await caller.roles())?.stakeholderId;
      return action.released && id !== undefined && action.readerIds.includes(id) ? 'allow' : 'forbidden';
    },
  },
};

/** Every action the policy knows (the authorization matrix probes each one). */
export const ACTION_TYPES = Object.keys(POLICY) as ActionType[];

function ruleOf(action: Action): Rule | undefined {
  return Object.hasOwn(POLICY, action.type) ? (POLICY[action.type] as Rule) : undefined;
}

/** The decision for an action; an action without a rule is forbidden (fail closed). */
export async function decide(caller: Caller, action: Action): Promise<Decision> {
  const rule = ruleOf(action);
  return rule ? rule.decide(caller, action) : 'forbidden';
}

/** True only on an explicit allow. */
export async function can(caller: Caller, action: Action): Promise<boolean> {
  return (await decide(caller, action)) === 'allow';
}

/**
 * Returns only on an explicit allow. Otherwise throws: UNAUTHENTICATED for a
 * caller who must sign in, FORBIDDEN for anything else — a signed-in caller
 * without the right, an action without a rule, or a decision that is not one.
 */
export async function authorize(caller: Caller, action: Action): Promise<void> {
  const decision = await decide(caller, action);
  if (decision === 'allow') return;
  const description = ruleOf(action)?.description ?? 'do this';
  if (decision === 'unauthenticated') throw new UnauthenticatedError(`Sign in to ${description}`);
  throw new ForbiddenError(`You may not ${description}`);
}

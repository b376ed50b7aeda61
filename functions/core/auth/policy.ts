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
import type { Action, ActionType } from './policy.actions';

export type { Action, ActionType } from './policy.actions';

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

/** Whether the caller's stakeholder (none: never) is one of `ids`. */
const among = (ids: readonly string[], stakeholderId: string | undefined): boolean => ids.some((id) => id === stakeholderId);

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
  'meeting.prepareAgenda': {
    description: "prepare this meeting's agenda (the secretariat and its chair only)",
    decide: (caller, action) => chairOrSecretariat(caller, action.chairId),
  },
  'meeting.chair': {
    description: "adopt this meeting's agenda (its chair only)",
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      return (await caller.roles())?.stakeholderId === action.chairId ? 'allow' : 'forbidden';
    },
  },
  'meeting.conduct': {
    description: 'conduct this meeting (its chair and the secretariat only)',
    decide: (caller, action) => chairOrSecretariat(caller, action.chairId),
  },
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
      return among(action.participantIds, (await caller.roles())?.stakeholderId) ? 'allow' : 'forbidden';
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
    description: 'organise this session (its proposer and organisers only)',
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      return among(action.organiserIds, (await caller.roles())?.stakeholderId) ? 'allow' : 'forbidden';
    },
  },
  'session.run': {
    description: 'run this session (its proposer, organisers and the secretariat only)',
    async decide(caller, action) {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      return among(action.organiserIds, (await caller.roles())?.stakeholderId) ? 'allow' : 'forbidden';
    },
  },
  'session.design': {
    description: 'design main sessions (MAG members and the secretariat only)',
    decide: (caller, action) => secretariatOrMag(caller, action.year),
  },
  'schedule.manage': { description: 'manage the slot budgets, rooms and schedule (secretariat only)', decide: secretariatOnly },
  'schedule.readDraft': {
    description: 'see the unreleased schedule (MAG members and the secretariat only)',
    decide: (caller, action) => secretariatOrMag(caller, action.year),
  },
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
      if (among(action.evaluatorIds, id)) return 'allow';
      return action.openToMag && isMagMember(roles, action.year) && !among(action.conflictedIds, id) ? 'allow' : 'forbidden';
    },
  },
  'evaluation.readIdentities': {
    description: 'see who proposes and speaks in a blind round (the secretariat only)',
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
      return action.released && among(action.readerIds, (await caller.roles())?.stakeholderId) ? 'allow' : 'forbidden';
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

/**
 * The one policy module: it decides every operation for every caller.
 * Services describe what they are about to do as an Action and call
 * `authorize` (refuse) or `can` (decide, e.g. to hide a private field).
 * The README's table of operations × roles is this switch.
 */
import { ForbiddenError, UnauthenticatedError, UnreachableCaseError } from '../errors';
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
  /** Create reporting cycles and request reports from organisations (secretariat). */
  | { readonly type: 'reporting.manageCycles' }
  /** Read a report: published ones are public; before that its representatives, the MAG (current term) and the secretariat. */
  | { readonly type: 'report.read'; readonly organisationId: string; readonly published: boolean; readonly currentYear: number }
  /** Read a report's revision history (drafts stay internal even after publication). */
  | { readonly type: 'report.readHistory'; readonly organisationId: string; readonly currentYear: number }
  /** Save sections of, and submit, the report of an organisation (its representatives only). */
  | { readonly type: 'report.edit'; readonly organisationId: string }
  /** Return or publish a submitted report (secretariat). */
  | { readonly type: 'report.review' }
  /** Read the notifications of the organisations the caller represents. */
  | { readonly type: 'notifications.readOwn' }
  // ── Consultations and contributions ──
  /** Create, edit and schedule consultations; see drafts. */
  | { readonly type: 'consultation.manage' }
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
  | { readonly type: 'minutes.amend' };

export type Decision = 'allow' | 'unauthenticated' | 'forbidden';

export async function decide(caller: Caller, action: Action): Promise<Decision> {
  switch (action.type) {
    case 'stakeholder.read':
    case 'mag.readComposition':
      return 'allow';
    case 'stakeholder.register':
    case 'stakeholder.readMe':
      return caller.kind === 'user' ? 'allow' : 'unauthenticated';
    case 'stakeholder.readContactEmail': {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const roles = await caller.roles();
      return roles?.stakeholderId === action.stakeholderId ? 'allow' : 'forbidden';
    }
    case 'organisation.propose': {
      if (caller.kind === 'public') return 'unauthenticated';
      // Only a registered stakeholder: the proposal is recorded as theirs.
      return (await caller.roles()) ? 'allow' : 'forbidden';
    }
    case 'stakeholder.update': {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const roles = await caller.roles();
      if (!roles) return 'forbidden';
      return roles.stakeholderId === action.stakeholderId || roles.representativeOf.includes(action.stakeholderId) ? 'allow' : 'forbidden';
    }
    case 'stakeholder.setVerification':
    case 'stakeholder.setRelevantOrganisation':
    case 'mag.appoint':
    case 'mag.endTerm':
    case 'representative.appoint':
    case 'representative.revoke':
      return secretariatOnly(caller);
    case 'reporting.manageCycles':
    case 'report.review':
      return secretariatOnly(caller);
    case 'report.read':
      if (action.published) return 'allow';
      return readsInternalReports(caller, action.organisationId, action.currentYear);
    case 'report.readHistory':
      return readsInternalReports(caller, action.organisationId, action.currentYear);
    case 'report.edit': {
      if (caller.kind === 'public') return 'unauthenticated';
      const roles = await caller.roles();
      return roles?.representativeOf.includes(action.organisationId) ? 'allow' : 'forbidden';
    }
    case 'notifications.readOwn':
      return caller.kind === 'user' ? 'allow' : 'unauthenticated';
    case 'consultation.manage':
    case 'consultation.publishSynthesis':
      return secretariatOnly(caller);
    case 'contribution.submit': {
      if (caller.kind === 'public') return 'unauthenticated';
      return (await caller.roles()) ? 'allow' : 'forbidden';
    }
    case 'contribution.submitOnBehalf': {
      if (caller.kind === 'public') return 'unauthenticated';
      const roles = await caller.roles();
      return roles?.representativeOf.includes(action.organisationId) ? 'allow' : 'forbidden';
    }
    case 'contribution.change': {
      if (caller.kind === 'public') return 'unauthenticated';
      const roles = await caller.roles();
      return roles?.stakeholderId === action.authorId ? 'allow' : 'forbidden';
    }
    case 'contribution.answer':
    case 'contribution.readAnswerEarly': {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      return isMagMember(await caller.roles(), action.year) ? 'allow' : 'forbidden';
    }
    case 'meeting.manage':
      return secretariatOnly(caller);
    case 'meeting.prepareAgenda':
    case 'meeting.conduct': {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      return (await caller.roles())?.stakeholderId === action.chairId ? 'allow' : 'forbidden';
    }
    case 'meeting.chair': {
      if (caller.kind === 'public') return 'unauthenticated';
      return (await caller.roles())?.stakeholderId === action.chairId ? 'allow' : 'forbidden';
    }
    case 'meeting.readInternal': {
      if (caller.kind === 'public') return 'unauthenticated';
      if (isSecretariat(caller)) return 'allow';
      const roles = await caller.roles();
      return roles?.stakeholderId === action.chairId || isMagMember(roles, action.year) ? 'allow' : 'forbidden';
    }
    case 'minutes.amend': {
      if (caller.kind === 'public') return 'unauthenticated';
      return (await caller.roles()) ? 'allow' : 'forbidden';
    }
    default:
      throw new UnreachableCaseError(action);
  }
}

function secretariatOnly(caller: Caller): Decision {
  if (caller.kind === 'public') return 'unauthenticated';
  return isSecretariat(caller) ? 'allow' : 'forbidden';
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

export async function can(caller: Caller, action: Action): Promise<boolean> {
  return (await decide(caller, action)) === 'allow';
}

/** Throws UNAUTHENTICATED for a public caller who must sign in, FORBIDDEN for a signed-in one without the right. */
export async function authorize(caller: Caller, action: Action): Promise<void> {
  const decision = await decide(caller, action);
  if (decision === 'unauthenticated') throw new UnauthenticatedError(`Sign in to ${describe(action)}`);
  if (decision === 'forbidden') throw new ForbiddenError(`You may not ${describe(action)}`);
}

function describe(action: Action): string {
  switch (action.type) {
    case 'stakeholder.read':
      return 'read the stakeholder directory';
    case 'stakeholder.register':
      return 'register as a stakeholder';
    case 'stakeholder.readContactEmail':
      return "read this stakeholder's contact email";
    case 'stakeholder.readMe':
      return 'see who you are';
    case 'organisation.propose':
      return 'propose an organisation (register as a stakeholder first)';
    case 'stakeholder.update':
      return 'edit this stakeholder (only your own record, an organisation you represent, or the secretariat)';
    case 'stakeholder.setVerification':
      return 'set verification status (secretariat only)';
    case 'stakeholder.setRelevantOrganisation':
      return 'set the relevant-organisation flag (secretariat only)';
    case 'mag.appoint':
      return 'appoint MAG members (secretariat only)';
    case 'mag.endTerm':
      return 'end MAG terms (secretariat only)';
    case 'representative.appoint':
      return 'appoint organisation representatives (secretariat only)';
    case 'representative.revoke':
      return 'revoke organisation representatives (secretariat only)';
    case 'mag.readComposition':
      return "read the MAG's composition";
    case 'reporting.manageCycles':
      return 'manage reporting cycles (secretariat only)';
    case 'report.read':
      return 'read this report before it is published';
    case 'report.readHistory':
      return "read this report's revisions";
    case 'report.edit':
      return "edit this organisation's report (its representatives only)";
    case 'report.review':
      return 'return or publish reports (secretariat only)';
    case 'notifications.readOwn':
      return 'read your notifications';
    case 'consultation.manage':
      return 'manage consultations (secretariat only)';
    case 'consultation.publishSynthesis':
      return 'publish a synthesis (secretariat only)';
    case 'contribution.submit':
      return 'contribute: register as a stakeholder first';
    case 'contribution.submitOnBehalf':
      return 'contribute on behalf of an organisation you do not represent';
    case 'contribution.change':
      return "change someone else's contribution";
    case 'contribution.answer':
      return 'record dispositions (MAG members and the secretariat only)';
    case 'contribution.readAnswerEarly':
      return 'see dispositions before the synthesis is published';
    case 'meeting.manage':
      return 'manage meetings (secretariat only)';
    case 'meeting.prepareAgenda':
      return "prepare this meeting's agenda (the secretariat and its chair only)";
    case 'meeting.chair':
      return "adopt this meeting's agenda (its chair only)";
    case 'meeting.conduct':
      return 'conduct this meeting (its chair and the secretariat only)';
    case 'meeting.readInternal':
      return "see this meeting's internal records (MAG members, its chair and the secretariat only)";
    case 'minutes.amend':
      return 'propose amendments to minutes (register as a stakeholder first)';
    default:
      throw new UnreachableCaseError(action);
  }
}

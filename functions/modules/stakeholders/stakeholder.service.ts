/**
 * Rules for stakeholders: registration, proposals, edits, verification, the
 * relevant-organisation flag, MAG and representative appointments, the
 * directory, `me`, the MAG's composition, privacy of the contact email.
 * Talks to the stakeholder store; asks the policy module.
 */
import DataLoader from 'dataloader';
import type * as z from 'zod';
import { authorize, can } from '../../core/auth/policy';
import { isSecretariat, type Caller } from '../../core/auth/caller';
import { BadUserInputError, ConflictError, NotFoundError, StaleVersionError, UnauthenticatedError, UnreachableCaseError } from '../../core/errors';
import { internalId, newId } from '../../core/ids';
import { pageSize, toConnection, type Connection } from '../../core/pagination';
import { parseInput } from '../../core/validation';
import { confirmationMail } from '../outbox';
import {
  termCovers,
  type Gender,
  type MagComposition,
  type MagRosterEntry,
  type Me,
  type Role,
  type Stakeholder,
  type StakeholderFilter,
} from './stakeholder.model';
import {
  registerInput,
  proposeInput,
  updateInput,
  verificationInput,
  relevantInput,
  MAX_TERM_YEARS,
  appointMagInput,
  representativeInput,
  MAX_REPRESENTED,
  filterInput,
  type RegisterStakeholderInput,
  type ProposeOrganisationInput,
  type UpdateStakeholderInput,
  type StakeholderFilterInput,
} from './stakeholder.inputs';
import type { CreateOutcome, stakeholderStore } from './stakeholder.store';

/** What the stakeholders service reads and writes. */
export type StakeholderStore = typeof stakeholderStore;

const NOT_SIGNED_UP = 'NOT_SIGNED_UP';

export class StakeholderService {
  /** Batches every stakeholder read of a request into BatchGetItem calls. */
  readonly loader: DataLoader<string, Stakeholder | undefined>;

  constructor(
    private readonly caller: Caller,
    private readonly now: () => Date,
    private readonly stores: { readonly stakeholders: StakeholderStore },
  ) {
    this.loader = new DataLoader<string, Stakeholder | undefined>((ids) => stores.stakeholders.getStakeholders(ids), { maxBatchSize: 100 });
  }

  /** Every relevant organisation (subject to annual reporting), for requesting their reports. */
  relevantOrganisations(): Promise<Stakeholder[]> {
    return this.stores.stakeholders.listRelevantOrganisations();
  }

  async get(id: string): Promise<Stakeholder | undefined> {
    return this.loader.load(id);
  }

  /** Several stakeholders in one BatchGetItem; unknown ids are left out. */
  async getMany(ids: readonly string[]): Promise<Stakeholder[]> {
    const found = await this.loader.loadMany(ids);
    return found.filter((s): s is Stakeholder => s !== undefined && !(s instanceof Error));
  }

  async getByGlobalId(globalId: string): Promise<Stakeholder | undefined> {
    await authorize(this.caller, { type: 'stakeholder.read' });
    return this.get(internalId(globalId, 'Stakeholder'));
  }

  /** The contact email if the caller may see it, else null (never an error). */
  async contactEmail(stakeholder: Stakeholder): Promise<string | null> {
    return (await can(this.caller, { type: 'stakeholder.readContactEmail', stakeholderId: stakeholder.id })) ? stakeholder.contactEmail : null;
  }

  /** The self-declared gender if the caller may see it (the person and the secretariat), else null (never an error). */
  async gender(stakeholder: Stakeholder): Promise<Gender | null> {
    if (!stakeholder.gender) return null;
    return (await can(this.caller, { type: 'stakeholder.readGender', stakeholderId: stakeholder.id })) ? stakeholder.gender : null;
  }

  /** The caller's stakeholder and current roles; null for a signed-in user who has not registered. */
  async me(): Promise<Me | null> {
    await authorize(this.caller, { type: 'stakeholder.readMe' });
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to see who you are');
    const roles = await this.caller.roles();
    const stakeholder = roles ? await this.get(roles.stakeholderId) : undefined;
    if (!roles || !stakeholder) return null;
    const granted: Role[] = ['STAKEHOLDER'];
    if (roles.representativeOf.length > 0) granted.push('REPRESENTATIVE');
    if (termCovers(roles.magTerm, this.now().getUTCFullYear())) granted.push('MAG_MEMBER');
    if (isSecretariat(this.caller)) granted.push('SECRETARIAT');
    return { stakeholder, roles: granted };
  }

  /** A page of the directory, ordered by name. */
  async list(filter: StakeholderFilterInput, first: number | null | undefined, after: string | null | undefined): Promise<Connection<Stakeholder>> {
    await authorize(this.caller, { type: 'stakeholder.read' });
    const valid = parseInput(filterInput, filter, 'filter') ?? {};
    const clean: StakeholderFilter = Object.fromEntries(Object.entries(valid).filter(([, v]) => v !== null && v !== undefined));
    const page = await this.stores.stakeholders.listStakeholders(clean, pageSize(first), after);
    for (const s of page.items) this.loader.prime(s.id, s);
    return toConnection(page);
  }

  /** An organisation's appointed representatives (one Query, then one BatchGetItem). */
  async representatives(organisation: Stakeholder): Promise<Stakeholder[]> {
    if (organisation.kind !== 'ORGANISATION') return [];
    return this.getMany(await this.stores.stakeholders.getRepresentativeIds(organisation.id));
  }

  /** The roster entries of MAG members in term in a year (any year: for the services that assign MAG work, e.g. evaluation). */
  async magMembersOf(year: number): Promise<MagRosterEntry[]> {
    return (await this.stores.stakeholders.getMagRoster()).filter((entry) => termCovers(entry.term, year));
  }

  /** The MAG of a year (default: the current one), from the roster partition: one Query. */
  async magComposition(year: number | null | undefined): Promise<MagComposition> {
    await authorize(this.caller, { type: 'mag.readComposition' });
    const at = year ?? this.now().getUTCFullYear();
    if (!Number.isInteger(at) || at < 2000 || at > 2100) throw new BadUserInputError('"year" must be between 2000 and 2100', 'year');
    const roster = await this.stores.stakeholders.getMagRoster();
    return { year: at, members: roster.filter((entry) => termCovers(entry.term, at)) };
  }

  async register(input: RegisterStakeholderInput): Promise<Stakeholder> {
    await authorize(this.caller, { type: 'stakeholder.register' });
    if (this.caller.kind !== 'user') throw new UnauthenticatedError('Sign in to register as a stakeholder');
    const valid = parseInput(registerInput, input);
    const affiliationId = await this.affiliation(valid.affiliationId);
    await this.checkNameFree(valid.name);
    const stakeholder: Stakeholder = {
      ...this.newRecord('PERSON', valid),
      affiliationId,
      gender: valid.gender ?? undefined,
      subject: this.caller.subject,
    };
    // No uniqueness check here: whether an address is taken is never told; it is unique among confirmed ones.
    refuseCreate(await this.stores.stakeholders.createStakeholder(stakeholder, undefined, confirmationMail(stakeholder, this.now())));
    this.loader.prime(stakeholder.id, stakeholder);
    return stakeholder;
  }

  /** A registered user proposes an organisation; it is UNVERIFIED and not relevant until the secretariat decides. */
  async proposeOrganisation(input: ProposeOrganisationInput): Promise<Stakeholder> {
    await authorize(this.caller, { type: 'organisation.propose' });
    const proposer = this.caller.kind === 'user' ? await this.caller.roles() : undefined;
    const valid = parseInput(proposeInput, input);
    await this.checkNameFree(valid.name);
    const organisation: Stakeholder = { ...this.newRecord('ORGANISATION', valid), proposedBy: proposer?.stakeholderId };
    refuseCreate(await this.stores.stakeholders.createStakeholder(organisation, undefined, confirmationMail(organisation, this.now())));
    this.loader.prime(organisation.id, organisation);
    return organisation;
  }

  /**
   * Edits a stakeholder's record at the version the caller read. When someone
   * other than the secretariat changes who a verified stakeholder is (name,
   * group, region, country), the record returns to UNVERIFIED.
   */
  async update(input: UpdateStakeholderInput): Promise<Stakeholder> {
    const id = internalId(input.id, 'Stakeholder', 'input.id');
    await authorize(this.caller, { type: 'stakeholder.update', stakeholderId: id });
    const valid = parseInput(updateInput, input);
    // Gender is self-declared: only the person sets or clears it, not the secretariat nor a representative.
    if (valid.gender !== undefined) await authorize(this.caller, { type: 'stakeholder.declareGender', stakeholderId: id });
    const current = await this.existing(id, 'input.id');
    this.checkVersion(current, valid.version);
    if (valid.affiliationId && current.kind !== 'PERSON') {
      throw new BadUserInputError('input.affiliationId: only a person has an affiliation', 'input.affiliationId');
    }
    const affiliationId = valid.affiliationId === undefined ? current.affiliationId : await this.affiliation(valid.affiliationId);
    if (valid.name && valid.name !== current.name) await this.checkNameFree(valid.name, current.id);
    const next: Stakeholder = {
      ...current,
      name: valid.name ?? current.name,
      group: valid.group ?? current.group,
      region: valid.region ?? current.region,
      country: valid.country ?? current.country,
      affiliationId,
      website: valid.website === undefined ? current.website : (valid.website ?? undefined),
      description: valid.description === undefined ? current.description : valid.description || undefined,
      languages: valid.languages === undefined ? current.languages : [...new Set(valid.languages ?? [])],
      contactEmail: valid.contactEmail?.toLowerCase() ?? current.contactEmail,
      gender: valid.gender === undefined ? current.gender : (valid.gender ?? undefined),
    };
    if (next.gender && current.kind !== 'PERSON') throw new BadUserInputError('input.gender: only a person declares a gender', 'input.gender');
    const identityChanged = (['name', 'group', 'region', 'country'] as const).some((field) => next[field] !== current[field]);
    const verification = identityChanged && !isSecretariat(this.caller) && current.verification === 'VERIFIED' ? 'UNVERIFIED' : current.verification;
    // A new address is mailed a confirmation code; mail keeps going to the confirmed one until it is confirmed.
    const confirm = next.contactEmail !== current.contactEmail && next.contactEmail !== next.confirmedEmail;
    return this.save(current, { ...next, verification }, confirm ? confirmationMail(next, this.now()) : []);
  }

  async setVerification(input: z.input<typeof verificationInput>): Promise<Stakeholder> {
    await authorize(this.caller, { type: 'stakeholder.setVerification' });
    const valid = parseInput(verificationInput, input);
    const current = await this.existing(internalId(valid.id, 'Stakeholder', 'input.id'), 'input.id');
    this.checkVersion(current, valid.version);
    return this.save(current, { ...current, verification: valid.status });
  }

  async setRelevantOrganisation(input: z.input<typeof relevantInput>): Promise<Stakeholder> {
    await authorize(this.caller, { type: 'stakeholder.setRelevantOrganisation' });
    const valid = parseInput(relevantInput, input);
    const current = await this.existing(internalId(valid.id, 'Stakeholder', 'input.id'), 'input.id');
    if (current.kind !== 'ORGANISATION') {
      throw new BadUserInputError('input.id: only an organisation can be a relevant organisation', 'input.id');
    }
    this.checkVersion(current, valid.version);
    return this.save(current, { ...current, relevantOrganisation: valid.relevant });
  }

  /** Appoints (or re-appoints, replacing the term) a MAG member. */
  async appointMagMember(input: z.input<typeof appointMagInput>): Promise<Stakeholder> {
    await authorize(this.caller, { type: 'mag.appoint' });
    const valid = parseInput(appointMagInput, input);
    const year = this.now().getUTCFullYear();
    if (valid.endYear < valid.startYear) throw new BadUserInputError('input.endYear: must not be before startYear', 'input.endYear');
    if (valid.endYear < year) throw new BadUserInputError(`input.endYear: the term must not be over already (it is ${year})`, 'input.endYear');
    if (valid.endYear - valid.startYear + 1 > MAX_TERM_YEARS) {
      throw new BadUserInputError(`input.endYear: a term lasts at most ${MAX_TERM_YEARS} years`, 'input.endYear');
    }
    if (valid.startYear > year + 1) throw new BadUserInputError('input.startYear: must be at most next year', 'input.startYear');
    const person = await this.appointablePerson(valid.stakeholderId, 'input.stakeholderId');
    return this.save(person, { ...person, magTerm: { startYear: valid.startYear, endYear: valid.endYear } });
  }

  /** Ends a MAG member's term now: the role is gone at their next request. */
  async endMagTerm(input: { stakeholderId: string }): Promise<Stakeholder> {
    await authorize(this.caller, { type: 'mag.endTerm' });
    const current = await this.existing(internalId(input.stakeholderId, 'Stakeholder', 'input.stakeholderId'), 'input.stakeholderId');
    if (!current.magTerm) throw new NotFoundError(`${current.name} has no MAG term`, { field: 'input.stakeholderId' });
    return this.save(current, { ...current, magTerm: undefined });
  }

  async appointRepresentative(input: z.input<typeof representativeInput>): Promise<{ person: Stakeholder; organisation: Stakeholder }> {
    await authorize(this.caller, { type: 'representative.appoint' });
    const valid = parseInput(representativeInput, input);
    const organisation = await this.organisation(valid.organisationId);
    const person = await this.appointablePerson(valid.personId, 'input.personId');
    if (person.representativeOf.includes(organisation.id)) throw new ConflictError(`${person.name} already represents ${organisation.name}`);
    if (person.representativeOf.length >= MAX_REPRESENTED) {
      throw new BadUserInputError(`input.personId: a person may represent at most ${MAX_REPRESENTED} organisations`, 'input.personId');
    }
    const saved = await this.save(person, { ...person, representativeOf: [...person.representativeOf, organisation.id] });
    return { person: saved, organisation };
  }

  async revokeRepresentative(input: z.input<typeof representativeInput>): Promise<{ person: Stakeholder; organisation: Stakeholder }> {
    await authorize(this.caller, { type: 'representative.revoke' });
    const valid = parseInput(representativeInput, input);
    const organisation = await this.organisation(valid.organisationId);
    const person = await this.existing(internalId(valid.personId, 'Stakeholder', 'input.personId'), 'input.personId');
    if (!person.representativeOf.includes(organisation.id)) {
      throw new NotFoundError(`${person.name} does not represent ${organisation.name}`, { field: 'input.personId' });
    }
    const saved = await this.save(person, { ...person, representativeOf: person.representativeOf.filter((id) => id !== organisation.id) });
    return { person: saved, organisation };
  }

  // ── helpers ──

  /**
   * Refuses a name that reads as a verified stakeholder's (same letters once case, accents, spacing and
   * invisible characters are folded): no one can sit in the directory beside a verified organisation
   * under its name. Its own record may keep it.
   */
  private async checkNameFree(name: string, exceptId?: string): Promise<void> {
    const holders = (await this.stores.stakeholders.verifiedNameHolders(name)).filter((id) => id !== exceptId);
    if (holders.length > 0) {
      throw new ConflictError('input.name: a verified stakeholder is registered under this name; choose a name that tells you apart', { field: 'input.name' });
    }
  }

  private newRecord(kind: Stakeholder['kind'], valid: z.output<typeof proposeInput>): Stakeholder {
    const at = this.now().toISOString();
    return {
      id: newId(this.now()),
      kind,
      name: valid.name,
      group: valid.group,
      region: valid.region,
      country: valid.country,
      website: valid.website ?? undefined,
      description: valid.description || undefined,
      languages: [...new Set(valid.languages ?? [])],
      contactEmail: valid.contactEmail.toLowerCase(),
      verification: 'UNVERIFIED',
      relevantOrganisation: false,
      representativeOf: [],
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
  }

  private async affiliation(globalId: string | null | undefined): Promise<string | undefined> {
    if (!globalId) return undefined;
    const id = internalId(globalId, 'Stakeholder', 'input.affiliationId');
    const organisation = await this.get(id);
    if (organisation?.kind !== 'ORGANISATION') throw new BadUserInputError('input.affiliationId: no such organisation', 'input.affiliationId');
    return id;
  }

  /** The record as stored now (consistent read), or NOT_FOUND naming the input field. */
  private async existing(id: string, field: string): Promise<Stakeholder> {
    const found = await this.stores.stakeholders.getStakeholderConsistent(id);
    if (!found) throw new NotFoundError('No such stakeholder', { field });
    return found;
  }

  private async organisation(globalId: string): Promise<Stakeholder> {
    const organisation = await this.existing(internalId(globalId, 'Stakeholder', 'input.organisationId'), 'input.organisationId');
    if (organisation.kind !== 'ORGANISATION') throw new BadUserInputError('input.organisationId: not an organisation', 'input.organisationId');
    return organisation;
  }

  /** Roles live on a person's account: one who never signed up has no token subject to hold them. */
  private async appointablePerson(globalId: string, field: string): Promise<Stakeholder> {
    const person = await this.existing(internalId(globalId, 'Stakeholder', field), field);
    if (person.kind !== 'PERSON') throw new BadUserInputError(`${field}: only a person can be appointed`, field);
    if (!person.subject) {
      throw new BadUserInputError(`${field}: ${person.name} has never signed up, so there is no account to give the role to`, field, {
        reason: NOT_SIGNED_UP,
      });
    }
    return person;
  }

  private checkVersion(current: Stakeholder, expected: number): void {
    if (current.version !== expected) throw new StaleVersionError('stakeholder', current.version);
  }

  private async save(current: Stakeholder, changed: Stakeholder, extra: Parameters<StakeholderStore['replaceStakeholder']>[2] = []): Promise<Stakeholder> {
    const next: Stakeholder = { ...changed, updatedAt: this.now().toISOString(), version: current.version + 1 };
    const outcome = await this.stores.stakeholders.replaceStakeholder(current, next, extra);
    switch (outcome) {
      case 'saved':
        break;
      case 'stale': {
        const latest = await this.stores.stakeholders.getStakeholderConsistent(current.id);
        if (!latest) throw new NotFoundError('No such stakeholder');
        throw new StaleVersionError('stakeholder', latest.version);
      }
      case 'emailTaken':
        throw new ConflictError('Another stakeholder has already confirmed this address', { field: 'input.contactEmail' });
      case 'accountChanged':
        throw new ConflictError('The account of this stakeholder changed; retry');
      case 'noSuchOrganisation':
        throw new NotFoundError('No such organisation', { field: 'input.organisationId' });
      case 'alreadyRepresents':
        throw new ConflictError('This person already represents this organisation');
      default:
        throw new UnreachableCaseError(outcome);
    }
    this.loader.clear(next.id).prime(next.id, next);
    return next;
  }
}

/** A refused creation as the error the client gets. */
function refuseCreate(outcome: CreateOutcome): void {
  switch (outcome) {
    case 'created':
      return;
    case 'emailTaken':
      throw new ConflictError('A stakeholder with this contact email is already registered', { field: 'input.contactEmail' });
    case 'alreadyRegistered':
      throw new ConflictError('You are already registered as a stakeholder');
    case 'exists':
      throw new ConflictError('This stakeholder already exists');
    default:
      throw new UnreachableCaseError(outcome);
  }
}

/**
 * `npm run token -- --role <role> [--stakeholder <id>] [--organisation <id>] [--subject <sub>] [--hours <n>]`
 * prints an access token from the local issuer, shaped like a Cognito access
 * token. The token says who is calling; what they may do is read from
 * DynamoDB (MAG terms, representation) or, for the secretariat, from the
 * token's group, exactly as when deployed.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { config } from '../core/config';
import { SECRETARIAT_GROUP } from '../core/auth/caller';
import { signLocalToken } from './local-token';
import { DEMO_PERSONAS } from './seed/personas';
import { demoStakeholders, demoSubject } from './seed/stakeholders.seed';

const ROLES = ['stakeholder', 'representative', 'mag', 'secretariat', 'new-user'] as const;
type Role = (typeof ROLES)[number];

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'new-user' },
    stakeholder: { type: 'string' },
    organisation: { type: 'string' },
    subject: { type: 'string' },
    hours: { type: 'string', default: '12' },
  },
});

const role = values.role as Role;
if (!ROLES.includes(role)) {
  console.error(`--role must be one of: ${ROLES.join(', ')}`);
  process.exit(1);
}

function subjectFor(): string {
  if (values.subject) return values.subject;
  if (values.stakeholder) return demoSubject(values.stakeholder);
  switch (role) {
    case 'stakeholder':
      return demoSubject(DEMO_PERSONAS.stakeholder);
    case 'representative':
      return demoSubject(values.organisation ? DEMO_PERSONAS.representativeOf(values.organisation) : DEMO_PERSONAS.representative);
    case 'mag':
      return demoSubject(DEMO_PERSONAS.mag);
    case 'secretariat':
      return `local|secretariat-${randomUUID().slice(0, 8)}`;
    case 'new-user':
      return `local|user-${randomUUID().slice(0, 8)}`;
  }
}

if (values.organisation && !demoStakeholders(new Date()).organisations.some((o) => o.id === values.organisation)) {
  // Still prints a token: it signs in a user who represents nothing.
  console.error(`Note: ${values.organisation} is not a demo organisation, so local|rep-${values.organisation} represents nothing.`);
}

const token = await signLocalToken(config().dataDir, {
  subject: subjectFor(),
  groups: role === 'secretariat' ? [SECRETARIAT_GROUP] : [],
  hours: Number(values.hours),
});
console.log(token);

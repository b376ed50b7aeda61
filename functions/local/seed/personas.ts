/**
 * The demo people that `npm run token -- --role <role>` signs in as by
 * default: each holds that role in the demo data.
 */
export const DEMO_PERSONAS = {
  /** A registered stakeholder with no other role. */
  stakeholder: 'demo-person-01',
  /** A MAG member with a current term. */
  mag: 'demo-person-02',
  /** A representative of a relevant organisation. */
  representative: 'demo-person-03',
  /** The demo representative of a given organisation. */
  representativeOf: (organisationId: string) => `rep-${organisationId}`,
} as const;

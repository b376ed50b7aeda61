/** The look-ahead helper: which child arguments a query selects, and the child read kept with its parent. */
import { Kind, parse, type FieldNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LookAhead, selectedArguments, selects } from '../../functions/core/look-ahead';

/** The resolve info of the query's first root field, as far as the helper reads it. */
function infoOf(query: string, variableValues: Record<string, unknown> = {}): GraphQLResolveInfo {
  const operation = parse(query).definitions[0] as OperationDefinitionNode;
  const field = operation.selectionSet.selections.find((s): s is FieldNode => s.kind === Kind.FIELD)!;
  return { fieldNodes: [field], variableValues } as unknown as GraphQLResolveInfo;
}

describe('selectedArguments', () => {
  it('reads the arguments of a field selected once along the path, with variables', () => {
    // Prepare
    const info = infoOf('query ($n: Int) { reportingCycle(year: 2030) { compliance { missingOrganisations(first: $n, after: "x") { edges { cursor } } } } }', {
      n: 5,
    });

    // Act
    const args = selectedArguments<{ first: number; after: string }>(info, 'compliance', 'missingOrganisations');

    // Assess
    expect(args).toEqual({ first: 5, after: 'x' });
    expect(selects(info, 'compliance')).toBe(true);
    expect(selects(info, 'missingOrganisations')).toBe(false);
  });

  it('reads nothing ahead when the field is absent or selected twice (aliases)', () => {
    // Prepare
    const absent = infoOf('{ consultation(id: "a") { title } }');
    const twice = infoOf('{ consultation(id: "a") { one: contributions(first: 1) { edges { cursor } } two: contributions(first: 2) { edges { cursor } } } }');

    // Act & Assess
    expect(selectedArguments(absent, 'contributions')).toBeUndefined();
    expect(selectedArguments(twice, 'contributions')).toBeUndefined();
  });
});

describe('LookAhead', () => {
  it('gives the child read to the same parent and arguments, however the arguments are spelled', async () => {
    // Prepare
    const ahead = new LookAhead<string, Record<string, unknown>, string>(String);
    ahead.start('c1', { first: 2, filter: { group: 'ACADEMIA', region: null } }, Promise.resolve('page'));

    // Act
    const same = await ahead.take('c1', { filter: { group: 'ACADEMIA' }, first: 2, after: undefined });
    const otherArgs = await ahead.take('c1', { first: 3 });
    const otherParent = await ahead.take('c2', { first: 2, filter: { group: 'ACADEMIA' } });

    // Assess
    expect(same).toBe('page');
    expect(otherArgs).toBeUndefined();
    expect(otherParent).toBeUndefined();
  });

  it('forgets a failed read, so the child reads again and reports the error itself', async () => {
    // Prepare
    const ahead = new LookAhead<number, { first: number }, string>(String);
    ahead.start(2030, { first: 1 }, Promise.reject(new Error('refused')));

    // Act & Assess
    await expect(ahead.take(2030, { first: 1 })).resolves.toBeUndefined();
  });
});

/** The README's data dictionary of the export is the one generated from the column list. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRIBUTION_COLUMNS } from '../../functions/modules/export/contributions.export';
import { dataDictionary, encodeRows, header } from '../../functions/modules/export/export.format';

describe('the export data dictionary', () => {
  it('in the README equals the one generated from the column list (regenerate it when the columns change)', () => {
    // Prepare
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    // Act
    const documented = /<!-- export-dictionary:start -->\n([\s\S]*?)\n<!-- export-dictionary:end -->/.exec(readme)?.[1];
    // Assess
    expect(documented).toBe(dataDictionary(CONTRIBUTION_COLUMNS));
  });

  it('names every column once, with a description, in the order of the CSV header and the JSON keys', () => {
    // Prepare
    const names = CONTRIBUTION_COLUMNS.map((c) => c.name);
    const row = Object.fromEntries(names.map((n) => [n, null]));
    const columns = names.map((name) => ({ name, description: 'x', value: (r: Record<string, unknown>) => r[name] as null }));
    // Act
    const csvHeader = header(CONTRIBUTION_COLUMNS, 'csv');
    const json = JSON.parse(encodeRows(columns, [row], 'jsonl')) as Record<string, unknown>;
    // Assess
    expect(new Set(names).size).toBe(names.length);
    expect(CONTRIBUTION_COLUMNS.every((c) => c.description.length > 10)).toBe(true);
    expect(csvHeader).toBe(`${names.join(',')}\r\n`);
    expect(Object.keys(json)).toEqual(names);
    expect(names).not.toContain('contact_email');
  });
});

/**
 * Open-data encodings: CSV (RFC 4180, UTF-8, header row, every text cell quoted) and JSON Lines, from
 * one column list that is also the data dictionary in docs/api/analytics.md.
 */

export interface Column<R> {
  readonly name: string;
  readonly description: string;
  readonly value: (row: R) => string | number | boolean | null | undefined;
}

export type ExportFormat = 'csv' | 'jsonl';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  // Text starting with these could run as a formula in spreadsheet software; prefix it with a quote.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  // Every text cell is quoted: spreadsheets in locales that split on ";" (or tabs) then keep it one cell,
  // so "safe;=1+2" cannot put a formula in a cell of its own.
  return `"${safe.replaceAll('"', '""')}"`;
}

/** Column names: fixed identifiers, written as they are. */
function csvName(name: string): string {
  return /^[a-z_]+$/.test(name) ? name : csvField(name);
}

export function header<R>(columns: readonly Column<R>[], format: ExportFormat): string {
  return format === 'csv' ? `${columns.map((c) => csvName(c.name)).join(',')}\r\n` : '';
}

export function encodeRows<R>(columns: readonly Column<R>[], rows: readonly R[], format: ExportFormat): string {
  if (format === 'csv') return rows.map((row) => `${columns.map((c) => csvField(c.value(row))).join(',')}\r\n`).join('');
  return rows.map((row) => `${JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, c.value(row) ?? null])))}\n`).join('');
}

/** The data dictionary as a Markdown table (for docs/api/analytics.md). */
export function dataDictionary<R>(columns: readonly Column<R>[]): string {
  return ['| column | meaning |', '|---|---|', ...columns.map((c) => `| \`${c.name}\` | ${c.description} |`)].join('\n');
}

/**
 * Open-data encodings: CSV (RFC 4180, UTF-8, header row) and JSON Lines, from
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
  const text = String(value);
  // Text starting with these could run as a formula in spreadsheet software; prefix it with a quote.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function header<R>(columns: readonly Column<R>[], format: ExportFormat): string {
  return format === 'csv' ? `${columns.map((c) => csvField(c.name)).join(',')}\r\n` : '';
}

export function encodeRows<R>(columns: readonly Column<R>[], rows: readonly R[], format: ExportFormat): string {
  if (format === 'csv') return rows.map((row) => `${columns.map((c) => csvField(c.value(row))).join(',')}\r\n`).join('');
  return rows
    .map((row) => `${JSON.stringify(Object.fromEntries(columns.map((c) => [c.name, c.value(row) ?? null])))}\n`)
    .join('');
}

/** The data dictionary as a Markdown table (for docs/api/analytics.md). */
export function dataDictionary<R>(columns: readonly Column<R>[]): string {
  return ['| column | meaning |', '|---|---|', ...columns.map((c) => `| \`${c.name}\` | ${c.description} |`)].join('\n');
}

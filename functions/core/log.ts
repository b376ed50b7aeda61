/** Structured JSON logs on stdout (CloudWatch reads them as they are). */
import { config } from './config';

const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 } as const;
type Level = keyof typeof LEVELS;

function write(level: Level, message: string, fields: Record<string, unknown>): void {
  if (LEVELS[level] < LEVELS[config().logLevel]) return;
  const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), service: 'agora', ...fields });
  if (level === 'ERROR' || level === 'WARN') console.error(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields: Record<string, unknown> = {}) => write('DEBUG', message, fields),
  info: (message: string, fields: Record<string, unknown> = {}) => write('INFO', message, fields),
  warn: (message: string, fields: Record<string, unknown> = {}) => write('WARN', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write('ERROR', message, fields),
};

export function describeError(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.name, detail: error.message, stack: error.stack } : { detail: String(error) };
}

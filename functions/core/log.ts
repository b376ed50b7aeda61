/**
 * Structured JSON logs through the Powertools Logger (see observability.ts).
 * The small API every module uses: `log.info(message, fields)`.
 */
import { powertoolsLogger } from './observability';

type Fields = Record<string, unknown>;

export const log = {
  debug: (message: string, fields: Fields = {}) => powertoolsLogger().debug(message, fields),
  info: (message: string, fields: Fields = {}) => powertoolsLogger().info(message, fields),
  warn: (message: string, fields: Fields = {}) => powertoolsLogger().warn(message, fields),
  error: (message: string, fields: Fields = {}) => powertoolsLogger().error(message, fields),
};

export function describeError(error: unknown): Fields {
  return error instanceof Error ? { error: error.name, detail: error.message, stack: error.stack } : { detail: String(error) };
}

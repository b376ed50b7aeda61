/**
 * The mail module's public face: the sender (outbox → SES), SES feedback,
 * confirmation links and preferences, and the GraphQL resolvers. Other modules
 * decide mail through the outbox module, never through this one.
 */
export { handleSesFeedback, type SesFeedback } from './mail.feedback';
export { mailResolvers } from './mail.resolvers';
export { processKeys, processOutbox, type SenderReport } from './mail.sender';
import type { Caller } from '../../core/auth/caller';
import { MailService } from './mail.service';
import { queueStore as queue } from './queue.store';
import { recipientStore as recipients } from './recipient.store';

export type { MailService } from './mail.service';

/** Builds the mail service (preferences, confirmations, dead letters) from the module's DynamoDB stores. */
export function buildMail(caller: Caller, now: () => Date): MailService {
  return new MailService(caller, now, { queue, recipients });
}

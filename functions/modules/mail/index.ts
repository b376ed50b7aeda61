/**
 * The mail module's public face: the sender (outbox → SES), SES feedback,
 * confirmation links and preferences, and the GraphQL resolvers. Other modules
 * decide mail through the outbox module, never through this one.
 */
export { handleSesFeedback, type SesFeedback } from './mail.feedback';
export { mailResolvers } from './mail.resolvers';
export { processKeys, processOutbox, type SenderReport } from './mail.sender';
export { MailService } from './mail.service';

/** Mail: confirmed addresses, preferences, subscriptions, notification read state, dead letters — thin adapters over MailService. */
import type { Resolvers } from '../../generated/resolvers-types';

export const mailResolvers: Resolvers = {
  Query: {
    mailDeadLetters: (_, { first, after }, { services }) => services.mail.deadLetters(first, after),
  },
  Mutation: {
    confirmContactEmail: async (_, { input }, { services }) => ({ stakeholder: await services.mail.confirm(input) }),
    resendContactEmailConfirmation: async (_, { input }, { services }) => ({ stakeholder: await services.mail.resendConfirmation(input) }),
    setMailPreferences: async (_, { input }, { services }) => ({ preferences: await services.mail.setPreferences(input) }),
    subscribeToConsultations: async (_, { input }, { services }) => ({ subscriptions: await services.mail.subscribe(input) }),
    unsubscribeFromConsultations: async (_, { input }, { services }) => ({ subscriptions: await services.mail.unsubscribe(input) }),
    markNotificationsRead: async (_, { input }, { services }) => ({ count: await services.mail.markRead(input) }),
    retryMailDelivery: async (_, { input }, { services }) => ({ delivery: await services.mail.retry(input) }),
  },
  Stakeholder: {
    contactEmailStatus: (s, _, { services }) => services.mail.contactEmailStatus(s),
    confirmedContactEmail: (s, _, { services }) => services.mail.confirmedContactEmail(s),
    mailPreferences: (s, _, { services }) => services.mail.preferences(s),
    consultationSubscriptions: (s, _, { services }) => services.mail.subscriptions(s),
  },
  Notification: {
    read: async (n, _, { services }) => (await services.mail.readAt(n.id)) !== null,
    readAt: (n, _, { services }) => services.mail.readAt(n.id),
  },
  MailDelivery: {
    id: (d) => d.id,
    recipient: async (d, _, { services }) => (await services.stakeholders.get(d.stakeholderId)) ?? null,
    reason: (d) => d.reason ?? null,
    lastError: (d) => d.lastError ?? null,
    parkedAt: (d) => d.parkedAt ?? null,
  },
};

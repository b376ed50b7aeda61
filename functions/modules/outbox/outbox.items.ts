/**
 * The outbox's items: a mail event and a confirmation code, each added to the
 * transaction of the change that causes it (the mail module's sender reads
 * them back from the queue).
 */
import { tableName } from '../../core/dynamodb/client';
import { mailKeys } from '../../core/dynamodb/keys';
import { TTL_ATTRIBUTE } from '../../core/dynamodb/table';
import type { TransactItem } from '../../core/dynamodb/transact';
import type { MailEvent } from './mail.model';

const EVENT = 'MailEvent';
const epoch = (iso: string, plusSeconds = 0) => Math.floor(Date.parse(iso) / 1000) + plusSeconds;

/** The outbox item of a mail event, to add to the transaction of the change that causes it. */
export function eventPut(event: MailEvent): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...mailKeys.event(event.id),
        entity: EVENT,
        GSI1PK: mailKeys.queue(),
        GSI1SK: mailKeys.queueSort(event.createdAt, event.id),
        status: 'PENDING',
        ...event,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

export interface Confirmation {
  readonly stakeholderId: string;
  readonly address: string;
  readonly expiresAtIso: string;
}

/** The code's item (its hash is the key: the table never holds a usable code), to add to the change's transaction. */
export function confirmationPut(codeHash: string, confirmation: Confirmation): TransactItem {
  return {
    Put: {
      TableName: tableName(),
      Item: {
        ...mailKeys.confirmation(codeHash),
        entity: 'MailConfirmation',
        stakeholderId: confirmation.stakeholderId,
        address: confirmation.address,
        expiresAtIso: confirmation.expiresAtIso,
        // DynamoDB's TTL removes it a day after it expired (until then it answers CONFIRMATION_EXPIRED).
        [TTL_ATTRIBUTE]: epoch(confirmation.expiresAtIso, 86_400),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

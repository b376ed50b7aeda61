/** The mail-feedback Lambda: SES bounces and complaints, published to SNS by the configuration set. */
import type { SNSEvent } from 'aws-lambda';
import { handleSesFeedback, type SesFeedback } from '../modules/mail';

export const handler = async (event: SNSEvent): Promise<{ undeliverable: number }> => {
  let undeliverable = 0;
  for (const record of event.Records) {
    const feedback = JSON.parse(record.Sns.Message) as SesFeedback;
    undeliverable += (await handleSesFeedback(feedback, new Date())).length;
  }
  return { undeliverable };
};

/** The texts of the mails: every kind in every language, the recipient's language chosen, and safe HTML. */
import { describe, expect, it } from 'vitest';
import { MAIL_KINDS } from '../../functions/modules/outbox';
import { MAIL_LANGUAGES, mailLanguage, renderMail } from '../../functions/modules/mail/mail.templates';

const params = {
  year: 2031,
  dueAt: '2031-03-31T23:59:59.000Z',
  days: 7,
  organisations: 'Org <b>One</b>',
  reason: 'Add figures & sources',
  title: 'Access',
  closesAt: '2031-05-01T00:00:00.000Z',
  consultationTitle: 'Access',
  code: 'ABCD-EFGH-JKMN',
};

describe('mail texts', () => {
  it.each(MAIL_LANGUAGES)('renders every kind in %s with a subject, a plain-text part and an HTML part, and no missing value', (language) => {
    for (const kind of MAIL_KINDS) {
      const mail = renderMail(
        {
          kind,
          params,
          recipientName: 'Ada',
          confirmUrl: 'https://a.example/c',
          unsubscribeUrl: 'https://a.example/u',
          answers: [{ contributionId: 'c1', excerpt: 'Point', disposition: 'NOTED', response: 'Thanks' }],
        },
        language,
      );
      expect(mail.subject.length, kind).toBeGreaterThan(5);
      expect(mail.text, kind).toContain('Ada');
      expect(`${mail.subject}${mail.text}`, kind).not.toMatch(/undefined|NaN|\$\{/);
      expect(mail.html, kind).toContain(`lang="${language}"`);
      expect(mail.text, kind).toContain('https://a.example/u');
    }
  });

  it('escapes what people wrote in the HTML part, and links the URLs', () => {
    const mail = renderMail({ kind: 'REPORT_RETURNED', params, recipientName: '<Ada>', unsubscribeUrl: 'https://a.example/u/x' }, 'en');
    expect(mail.html).toContain('Org &lt;b&gt;One&lt;/b&gt;');
    expect(mail.html).toContain('&lt;Ada&gt;');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('<a href="https://a.example/u/x">');
    expect(mail.text).toContain('Add figures & sources');
  });

  it('picks the first of the recipient’s languages that has texts, English otherwise', () => {
    expect(mailLanguage(['de', 'fr-CA', 'en'])).toBe('fr');
    expect(mailLanguage(['es-419'])).toBe('es');
    expect(mailLanguage(['de', 'ja'])).toBe('en');
    expect(mailLanguage([])).toBe('en');
  });
});

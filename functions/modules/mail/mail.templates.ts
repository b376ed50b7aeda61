/**
 * The text of every mail, per language (English, French, Spanish; English
 * where a language has no text), rendered as a plain-text part and a simple
 * HTML part. Pure: no I/O, so it is unit-tested on its own.
 */
import { UnreachableCaseError } from '../../core/errors';
import type { AnsweredItem, MailKind, MailParams } from '../outbox';

export const MAIL_LANGUAGES = ['en', 'fr', 'es'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export interface MailContext {
  readonly kind: MailKind;
  readonly params: MailParams;
  readonly answers?: readonly AnsweredItem[] | undefined;
  readonly recipientName: string;
  /** Link that confirms the address (confirmation mails). */
  readonly confirmUrl?: string | undefined;
  /** One-click unsubscribe link (every kind that is not required). */
  readonly unsubscribeUrl?: string | undefined;
}

export interface RenderedMail {
  readonly language: MailLanguage;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** The first of the recipient's languages (BCP 47, in their order) that has texts; English otherwise. */
export function mailLanguage(languages: readonly string[]): MailLanguage {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0] as MailLanguage;
    if (MAIL_LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

interface Texts {
  readonly subject: string;
  readonly lines: readonly string[];
}

const p = (params: MailParams, name: string): string => String(params[name] ?? '');
const day = (iso: string) => iso.slice(0, 10);

function english(c: MailContext): Texts {
  const v = (n: string) => p(c.params, n);
  switch (c.kind) {
    case 'CONTACT_CONFIRMATION':
      return {
        subject: 'Confirm your contact address for Agora',
        lines: [`Please confirm that this address is yours: open ${c.confirmUrl ?? ''}`, `or enter the code ${v('code')}.`, 'The code is valid for 48 hours. If you did not give this address to Agora, ignore this mail: nothing will be sent to it.'],
      };
    case 'REPORT_REQUESTED':
      return { subject: `Annual report ${v('year')} requested`, lines: [`The secretariat requests the ${v('year')} enhanced-cooperation report of ${v('organisations')}.`, `It is due on ${day(v('dueAt'))}.`] };
    case 'REPORT_REMINDER':
      return {
        subject: `Reminder: the ${v('year')} report is due in ${v('days')} day${v('days') === '1' ? '' : 's'}`,
        lines: [`The ${v('year')} report of ${v('organisations')} is due on ${day(v('dueAt'))} and has not been submitted yet.`],
      };
    case 'REPORT_OVERDUE':
      return { subject: `The ${v('year')} report is overdue`, lines: [`The ${v('year')} report of ${v('organisations')} was due on ${day(v('dueAt'))}. Please submit it as soon as you can.`] };
    case 'REPORT_RETURNED':
      return { subject: `The ${v('year')} report was returned`, lines: [`The secretariat returned the ${v('year')} report of ${v('organisations')}:`, v('reason'), 'Please revise it and submit it again.'] };
    case 'REPORT_PUBLISHED':
      return { subject: `The ${v('year')} report is published`, lines: [`The ${v('year')} report of ${v('organisations')} has been published.`] };
    case 'CONTRIBUTION_ANSWERED':
      return {
        subject: `Your contributions to "${v('consultationTitle')}" were answered`,
        lines: [`The synthesis of "${v('consultationTitle')}" is published. The MAG's answers to your contributions:`, ...answerLines(c.answers, 'Disposition', 'Response')],
      };
    case 'CONSULTATION_OPENED':
      return { subject: `Consultation open: ${v('title')}`, lines: [`The consultation "${v('title')}" is open for contributions until ${day(v('closesAt'))}.`] };
    case 'SCHEDULE_CHANGED':
      return {
        subject: `The ${v('year')} programme schedule changed (version ${v('version')})`,
        lines: [`Version ${v('version')} of the ${v('year')} schedule is released. It changes ${v('changedSlots')} slot(s), including one of yours.`, 'Please check the day, time and room of your sessions in the schedule.'],
      };
    default:
      throw new UnreachableCaseError(c.kind);
  }
}

function french(c: MailContext): Texts {
  const v = (n: string) => p(c.params, n);
  switch (c.kind) {
    case 'CONTACT_CONFIRMATION':
      return {
        subject: 'Confirmez votre adresse de contact pour Agora',
        lines: [`Veuillez confirmer que cette adresse est la vôtre : ouvrez ${c.confirmUrl ?? ''}`, `ou saisissez le code ${v('code')}.`, "Le code est valable 48 heures. Si vous n'avez pas donné cette adresse à Agora, ignorez ce message : rien n'y sera envoyé."],
      };
    case 'REPORT_REQUESTED':
      return { subject: `Rapport annuel ${v('year')} demandé`, lines: [`Le secrétariat demande le rapport ${v('year')} de coopération renforcée de ${v('organisations')}.`, `Il est attendu le ${day(v('dueAt'))}.`] };
    case 'REPORT_REMINDER':
      return { subject: `Rappel : le rapport ${v('year')} est attendu dans ${v('days')} jour(s)`, lines: [`Le rapport ${v('year')} de ${v('organisations')} est attendu le ${day(v('dueAt'))} et n'a pas encore été soumis.`] };
    case 'REPORT_OVERDUE':
      return { subject: `Le rapport ${v('year')} est en retard`, lines: [`Le rapport ${v('year')} de ${v('organisations')} était attendu le ${day(v('dueAt'))}. Merci de le soumettre dès que possible.`] };
    case 'REPORT_RETURNED':
      return { subject: `Le rapport ${v('year')} a été renvoyé`, lines: [`Le secrétariat a renvoyé le rapport ${v('year')} de ${v('organisations')} :`, v('reason'), 'Merci de le réviser et de le soumettre à nouveau.'] };
    case 'REPORT_PUBLISHED':
      return { subject: `Le rapport ${v('year')} est publié`, lines: [`Le rapport ${v('year')} de ${v('organisations')} a été publié.`] };
    case 'CONTRIBUTION_ANSWERED':
      return {
        subject: `Vos contributions à « ${v('consultationTitle')} » ont reçu une réponse`,
        lines: [`La synthèse de « ${v('consultationTitle')} » est publiée. Les réponses du MAG à vos contributions :`, ...answerLines(c.answers, 'Suite donnée', 'Réponse')],
      };
    case 'CONSULTATION_OPENED':
      return { subject: `Consultation ouverte : ${v('title')}`, lines: [`La consultation « ${v('title')} » est ouverte aux contributions jusqu'au ${day(v('closesAt'))}.`] };
    case 'SCHEDULE_CHANGED':
      return {
        subject: `Le programme ${v('year')} a changé (version ${v('version')})`,
        lines: [`La version ${v('version')} du programme ${v('year')} est publiée. Elle modifie ${v('changedSlots')} créneau(x), dont l'un des vôtres.`, 'Merci de vérifier le jour, l’heure et la salle de vos sessions.'],
      };
    default:
      throw new UnreachableCaseError(c.kind);
  }
}

function spanish(c: MailContext): Texts {
  const v = (n: string) => p(c.params, n);
  switch (c.kind) {
    case 'CONTACT_CONFIRMATION':
      return {
        subject: 'Confirme su dirección de contacto en Agora',
        lines: [`Confirme que esta dirección es suya: abra ${c.confirmUrl ?? ''}`, `o introduzca el código ${v('code')}.`, 'El código es válido durante 48 horas. Si no dio esta dirección a Agora, ignore este mensaje: no se le enviará nada.'],
      };
    case 'REPORT_REQUESTED':
      return { subject: `Informe anual ${v('year')} solicitado`, lines: [`La secretaría solicita el informe ${v('year')} de cooperación reforzada de ${v('organisations')}.`, `Vence el ${day(v('dueAt'))}.`] };
    case 'REPORT_REMINDER':
      return { subject: `Recordatorio: el informe ${v('year')} vence en ${v('days')} día(s)`, lines: [`El informe ${v('year')} de ${v('organisations')} vence el ${day(v('dueAt'))} y aún no se ha presentado.`] };
    case 'REPORT_OVERDUE':
      return { subject: `El informe ${v('year')} está atrasado`, lines: [`El informe ${v('year')} de ${v('organisations')} vencía el ${day(v('dueAt'))}. Preséntelo lo antes posible.`] };
    case 'REPORT_RETURNED':
      return { subject: `El informe ${v('year')} fue devuelto`, lines: [`La secretaría devolvió el informe ${v('year')} de ${v('organisations')}:`, v('reason'), 'Revíselo y preséntelo de nuevo.'] };
    case 'REPORT_PUBLISHED':
      return { subject: `El informe ${v('year')} está publicado`, lines: [`El informe ${v('year')} de ${v('organisations')} ha sido publicado.`] };
    case 'CONTRIBUTION_ANSWERED':
      return {
        subject: `Sus contribuciones a «${v('consultationTitle')}» recibieron respuesta`,
        lines: [`La síntesis de «${v('consultationTitle')}» está publicada. Las respuestas del MAG a sus contribuciones:`, ...answerLines(c.answers, 'Disposición', 'Respuesta')],
      };
    case 'CONSULTATION_OPENED':
      return { subject: `Consulta abierta: ${v('title')}`, lines: [`La consulta «${v('title')}» está abierta a contribuciones hasta el ${day(v('closesAt'))}.`] };
    case 'SCHEDULE_CHANGED':
      return {
        subject: `El programa ${v('year')} cambió (versión ${v('version')})`,
        lines: [`La versión ${v('version')} del programa ${v('year')} está publicada. Cambia ${v('changedSlots')} franja(s), una de ellas suya.`, 'Compruebe el día, la hora y la sala de sus sesiones.'],
      };
    default:
      throw new UnreachableCaseError(c.kind);
  }
}

function answerLines(answers: readonly AnsweredItem[] | undefined, disposition: string, response: string): string[] {
  return (answers ?? []).flatMap((a) => ['', `« ${a.excerpt} »`, `${disposition}: ${a.disposition}`, `${response}: ${a.response}`]);
}

const GREETING: Record<MailLanguage, (name: string) => string> = { en: (n) => `Dear ${n},`, fr: (n) => `Bonjour ${n},`, es: (n) => `Estimado/a ${n}:` };
const UNSUBSCRIBE: Record<MailLanguage, string> = {
  en: 'You receive this mail because of your Agora mail preferences. Stop this kind of mail:',
  fr: "Vous recevez ce message selon vos préférences Agora. Ne plus recevoir ce type de message :",
  es: 'Recibe este mensaje según sus preferencias de Agora. Dejar de recibir este tipo de mensaje:',
};
const TEXTS: Record<MailLanguage, (c: MailContext) => Texts> = { en: english, fr: french, es: spanish };

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The subject, plain-text part and HTML part of a mail in the given language. */
export function renderMail(context: MailContext, language: MailLanguage): RenderedMail {
  const texts = TEXTS[language](context);
  const footer = context.unsubscribeUrl ? ['', '--', UNSUBSCRIBE[language], context.unsubscribeUrl] : [];
  const lines = [GREETING[language](context.recipientName), '', ...texts.lines, ...footer];
  const html = `<!doctype html><html lang="${language}"><body>${lines
    .map((line) => (line === '' ? '<br>' : `<p>${escapeHtml(line).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>')}</p>`))
    .join('')}</body></html>`;
  return { language, subject: texts.subject, text: `${lines.join('\n')}\n`, html };
}

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
/** An instant to the minute, in UTC (a closing time moved by the secretariat may fall on any hour). */
const instant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function english(c: MailContext): Texts {
  const v = (n: string) => p(c.params, n);
  switch (c.kind) {
    case 'CONTACT_CONFIRMATION':
      return {
        subject: 'Confirm your contact address for Agora',
        lines: [
          `Please confirm that this address is yours: open ${c.confirmUrl ?? ''}`,
          `or enter the code ${v('code')}.`,
          'The code is valid for 48 hours. If you did not give this address to Agora, ignore this mail: nothing will be sent to it.',
        ],
      };
    case 'REPORT_REQUESTED':
      return {
        subject: `Annual report ${v('year')} requested`,
        lines: [`The secretariat requests the ${v('year')} enhanced-cooperation report of ${v('organisations')}.`, `It is due on ${day(v('dueAt'))}.`],
      };
    case 'REPORT_REMINDER':
      return {
        subject: `Reminder: the ${v('year')} report is due in ${v('days')} day${v('days') === '1' ? '' : 's'}`,
        lines: [`The ${v('year')} report of ${v('organisations')} is due on ${day(v('dueAt'))} and has not been submitted yet.`],
      };
    case 'REPORT_OVERDUE':
      return {
        subject: `The ${v('year')} report is overdue`,
        lines: [`The ${v('year')} report of ${v('organisations')} was due on ${day(v('dueAt'))}. Please submit it as soon as you can.`],
      };
    case 'REPORT_RETURNED':
      return {
        subject: `The ${v('year')} report was returned`,
        lines: [`The secretariat returned the ${v('year')} report of ${v('organisations')}:`, v('reason'), 'Please revise it and submit it again.'],
      };
    case 'REPORT_PUBLISHED':
      return { subject: `The ${v('year')} report is published`, lines: [`The ${v('year')} report of ${v('organisations')} has been published.`] };
    case 'CONTRIBUTION_ANSWERED':
      return {
        subject: `Your contributions to "${v('consultationTitle')}" were answered`,
        lines: [
          `The synthesis of "${v('consultationTitle')}" is published. The MAG's answers to your contributions:`,
          ...answerLines(c.answers, 'Disposition', 'Response'),
        ],
      };
    case 'CONSULTATION_OPENED':
      return {
        subject: `Consultation open: ${v('title')}`,
        lines: [`The consultation "${v('title')}" is open for contributions until ${day(v('closesAt'))}.`],
      };
    case 'ISSUE_MERGED':
      return {
        subject: `Your issue "${v('issueTitle')}" was merged`,
        lines: [
          `The secretariat merged your issue "${v('issueTitle')}" to the ${v('year')} call for issues into "${v('targetTitle')}", which raises the same question.`,
          'Your issue stays counted as an input to the call; you may support the issue it was merged into.',
        ],
      };
    case 'ISSUE_DECLINED':
      return {
        subject: `A MAG decision on your issue${Number(v('declined')) > 1 ? 's' : ''} to the ${v('year')} call`,
        lines: [
          `The MAG decided not to take up ${Number(v('declined')) > 1 ? 'these issues' : 'this issue'} for the ${v('year')} programme:`,
          ...declinedLines(c.params, 'Reason'),
        ],
      };
    case 'CONSULTATION_EXTENDED':
      return {
        subject: `Extended: ${v('title')}`,
        lines: [
          `The consultation "${v('title')}" now closes on ${instant(v('closesAt'))} (instead of ${instant(v('previousClosesAt'))}).`,
          `The secretariat's reason: ${v('reason')}`,
        ],
      };
    case 'CONSULTATION_CLOSED_EARLY':
      return {
        subject: `Closed early: ${v('title')}`,
        lines: [
          `The consultation "${v('title')}" closed on ${instant(v('closesAt'))}, before its planned closing on ${instant(v('previousClosesAt'))}.`,
          `The secretariat's reason: ${v('reason')}`,
        ],
      };
    case 'SCHEDULE_CHANGED':
      return {
        subject: `The ${v('year')} programme schedule changed (version ${v('version')})`,
        lines: [
          `Version ${v('version')} of the ${v('year')} schedule is released. It changes ${v('changedSlots')} slot(s), including one of yours.`,
          'Please check the day, time and room of your sessions in the schedule.',
        ],
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
        lines: [
          `Veuillez confirmer que cette adresse est la vôtre : ouvrez ${c.confirmUrl ?? ''}`,
          `ou saisissez le code ${v('code')}.`,
          "Le code est valable 48 heures. Si vous n'avez pas donné cette adresse à Agora, ignorez ce message : rien n'y sera envoyé.",
        ],
      };
    case 'REPORT_REQUESTED':
      return {
        subject: `Rapport annuel ${v('year')} demandé`,
        lines: [`Le secrétariat demande le rapport ${v('year')} de coopération renforcée de ${v('organisations')}.`, `Il est attendu le ${day(v('dueAt'))}.`],
      };
    case 'REPORT_REMINDER':
      return {
        subject: `Rappel : le rapport ${v('year')} est attendu dans ${v('days')} jour(s)`,
        lines: [`Le rapport ${v('year')} de ${v('organisations')} est attendu le ${day(v('dueAt'))} et n'a pas encore été soumis.`],
      };
    case 'REPORT_OVERDUE':
      return {
        subject: `Le rapport ${v('year')} est en retard`,
        lines: [`Le rapport ${v('year')} de ${v('organisations')} était attendu le ${day(v('dueAt'))}. Merci de le soumettre dès que possible.`],
      };
    case 'REPORT_RETURNED':
      return {
        subject: `Le rapport ${v('year')} a été renvoyé`,
        lines: [
          `Le secrétariat a renvoyé le rapport ${v('year')} de ${v('organisations')} :`,
          v('reason'),
          'Merci de le réviser et de le soumettre à nouveau.',
        ],
      };
    case 'REPORT_PUBLISHED':
      return { subject: `Le rapport ${v('year')} est publié`, lines: [`Le rapport ${v('year')} de ${v('organisations')} a été publié.`] };
    case 'CONTRIBUTION_ANSWERED':
      return {
        subject: `Vos contributions à « ${v('consultationTitle')} » ont reçu une réponse`,
        lines: [
          `La synthèse de « ${v('consultationTitle')} » est publiée. Les réponses du MAG à vos contributions :`,
          ...answerLines(c.answers, 'Suite donnée', 'Réponse'),
        ],
      };
    case 'CONSULTATION_OPENED':
      return {
        subject: `Consultation ouverte : ${v('title')}`,
        lines: [`La consultation « ${v('title')} » est ouverte aux contributions jusqu'au ${day(v('closesAt'))}.`],
      };
    case 'ISSUE_MERGED':
      return {
        subject: `Votre sujet « ${v('issueTitle')} » a été fusionné`,
        lines: [
          `Le secrétariat a fusionné votre sujet « ${v('issueTitle')} », proposé à l'appel ${v('year')}, avec « ${v('targetTitle')} », qui pose la même question.`,
          "Votre sujet reste compté parmi les contributions à l'appel ; vous pouvez soutenir le sujet auquel il a été joint.",
        ],
      };
    case 'ISSUE_DECLINED':
      return {
        subject: `Décision du MAG sur vos sujets proposés à l'appel ${v('year')}`,
        lines: [`Le MAG a décidé de ne pas retenir pour le programme ${v('year')} :`, ...declinedLines(c.params, 'Motif')],
      };
    case 'CONSULTATION_EXTENDED':
      return {
        subject: `Prolongée : ${v('title')}`,
        lines: [
          `La consultation « ${v('title')} » se termine désormais le ${instant(v('closesAt'))} (au lieu du ${instant(v('previousClosesAt'))}).`,
          `Motif du secrétariat : ${v('reason')}`,
        ],
      };
    case 'CONSULTATION_CLOSED_EARLY':
      return {
        subject: `Clôturée plus tôt : ${v('title')}`,
        lines: [
          `La consultation « ${v('title')} » a été clôturée le ${instant(v('closesAt'))}, avant la date prévue du ${instant(v('previousClosesAt'))}.`,
          `Motif du secrétariat : ${v('reason')}`,
        ],
      };
    case 'SCHEDULE_CHANGED':
      return {
        subject: `Le programme ${v('year')} a changé (version ${v('version')})`,
        lines: [
          `La version ${v('version')} du programme ${v('year')} est publiée. Elle modifie ${v('changedSlots')} créneau(x), dont l'un des vôtres.`,
          'Merci de vérifier le jour, l’heure et la salle de vos sessions.',
        ],
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
        lines: [
          `Confirme que esta dirección es suya: abra ${c.confirmUrl ?? ''}`,
          `o introduzca el código ${v('code')}.`,
          'El código es válido durante 48 horas. Si no dio esta dirección a Agora, ignore este mensaje: no se le enviará nada.',
        ],
      };
    case 'REPORT_REQUESTED':
      return {
        subject: `Informe anual ${v('year')} solicitado`,
        lines: [`La secretaría solicita el informe ${v('year')} de cooperación reforzada de ${v('organisations')}.`, `Vence el ${day(v('dueAt'))}.`],
      };
    case 'REPORT_REMINDER':
      return {
        subject: `Recordatorio: el informe ${v('year')} vence en ${v('days')} día(s)`,
        lines: [`El informe ${v('year')} de ${v('organisations')} vence el ${day(v('dueAt'))} y aún no se ha presentado.`],
      };
    case 'REPORT_OVERDUE':
      return {
        subject: `El informe ${v('year')} está atrasado`,
        lines: [`El informe ${v('year')} de ${v('organisations')} vencía el ${day(v('dueAt'))}. Preséntelo lo antes posible.`],
      };
    case 'REPORT_RETURNED':
      return {
        subject: `El informe ${v('year')} fue devuelto`,
        lines: [`La secretaría devolvió el informe ${v('year')} de ${v('organisations')}:`, v('reason'), 'Revíselo y preséntelo de nuevo.'],
      };
    case 'REPORT_PUBLISHED':
      return { subject: `El informe ${v('year')} está publicado`, lines: [`El informe ${v('year')} de ${v('organisations')} ha sido publicado.`] };
    case 'CONTRIBUTION_ANSWERED':
      return {
        subject: `Sus contribuciones a «${v('consultationTitle')}» recibieron respuesta`,
        lines: [
          `La síntesis de «${v('consultationTitle')}» está publicada. Las respuestas del MAG a sus contribuciones:`,
          ...answerLines(c.answers, 'Disposición', 'Respuesta'),
        ],
      };
    case 'CONSULTATION_OPENED':
      return {
        subject: `Consulta abierta: ${v('title')}`,
        lines: [`La consulta «${v('title')}» está abierta a contribuciones hasta el ${day(v('closesAt'))}.`],
      };
    case 'ISSUE_MERGED':
      return {
        subject: `Su tema «${v('issueTitle')}» fue fusionado`,
        lines: [
          `La secretaría fusionó su tema «${v('issueTitle')}», propuesto a la convocatoria ${v('year')}, con «${v('targetTitle')}», que plantea la misma cuestión.`,
          'Su tema sigue contando como aportación a la convocatoria; puede apoyar el tema con el que se fusionó.',
        ],
      };
    case 'ISSUE_DECLINED':
      return {
        subject: `Decisión del MAG sobre sus temas de la convocatoria ${v('year')}`,
        lines: [`El MAG decidió no incluir en el programa ${v('year')}:`, ...declinedLines(c.params, 'Motivo')],
      };
    case 'CONSULTATION_EXTENDED':
      return {
        subject: `Prorrogada: ${v('title')}`,
        lines: [
          `La consulta «${v('title')}» cierra ahora el ${instant(v('closesAt'))} (en lugar del ${instant(v('previousClosesAt'))}).`,
          `Motivo de la secretaría: ${v('reason')}`,
        ],
      };
    case 'CONSULTATION_CLOSED_EARLY':
      return {
        subject: `Cerrada antes de tiempo: ${v('title')}`,
        lines: [
          `La consulta «${v('title')}» se cerró el ${instant(v('closesAt'))}, antes del cierre previsto el ${instant(v('previousClosesAt'))}.`,
          `Motivo de la secretaría: ${v('reason')}`,
        ],
      };
    case 'SCHEDULE_CHANGED':
      return {
        subject: `El programa ${v('year')} cambió (versión ${v('version')})`,
        lines: [
          `La versión ${v('version')} del programa ${v('year')} está publicada. Cambia ${v('changedSlots')} franja(s), una de ellas suya.`,
          'Compruebe el día, la hora y la sala de sus sesiones.',
        ],
      };
    default:
      throw new UnreachableCaseError(c.kind);
  }
}

function answerLines(answers: readonly AnsweredItem[] | undefined, disposition: string, response: string): string[] {
  return (answers ?? []).flatMap((a) => ['', `« ${a.excerpt} »`, `${disposition}: ${a.disposition}`, `${response}: ${a.response}`]);
}

/** The declined issues of one author, as the audience lists them in the parameters (`issue<n>.title`, `issue<n>.reason`). */
function declinedLines(params: MailParams, reason: string): string[] {
  const n = Number(params.declined ?? 0);
  return Array.from({ length: n }, (_, i) => ['', `« ${p(params, `issue${i + 1}.title`)} »`, `${reason}: ${p(params, `issue${i + 1}.reason`)}`]).flat();
}

const GREETING: Record<MailLanguage, (name: string) => string> = { en: (n) => `Dear ${n},`, fr: (n) => `Bonjour ${n},`, es: (n) => `Estimado/a ${n}:` };
const UNSUBSCRIBE: Record<MailLanguage, string> = {
  en: 'You receive this mail because of your Agora mail preferences. Stop this kind of mail:',
  fr: 'Vous recevez ce message selon vos préférences Agora. Ne plus recevoir ce type de message :',
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

import type { PlainDate } from '../dates/plain-date.ts';

/** The values an issue e-mail contains, in the form its recipient reads them. */
export interface IssueNotificationContent {
  kind: 'assigned' | 'escalated';
  /** The recipient's language; texts exist in nl and en, and every other language gets en. */
  language: string;
  /** The recipient user's name, or null for an address that belongs to no user. */
  recipientName: string | null;
  organisationName: string;
  issueNumber: number;
  debtor: { number: string; name: string };
  /** The category name in the recipient's language, else its plain name. */
  category: string;
  deadline: PlainDate;
  description: string;
  /** The address of the issue in the web app. */
  url: string;
}

type TextLanguage = 'en' | 'nl';

interface EmailText {
  subject: string;
  greeting: string;
  lead: string;
  labels: { debtor: string; category: string; deadline: string; description: string };
  linkLabel: string;
}

function dutchText(content: IssueNotificationContent, deadline: string): EmailText {
  const number = content.issueNumber;
  const escalated = content.kind === 'escalated';

  return {
    subject: escalated
      ? `Geschil ${number} is over de deadline: ${content.debtor.name}`
      : `Geschil ${number} is aan u toegewezen: ${content.debtor.name}`,
    greeting: content.recipientName ? `Beste ${content.recipientName},` : 'Beste collega,',
    lead: escalated
      ? `Geschil ${number} van ${content.organisationName} is niet vóór de deadline van ${deadline} opgelost en is daarom naar u geëscaleerd.`
      : `Geschil ${number} van ${content.organisationName} is aan u toegewezen.`,
    labels: {
      debtor: 'Debiteur',
      category: 'Categorie',
      deadline: 'Deadline',
      description: 'Omschrijving',
    },
    linkLabel: 'Open het geschil in Collecta:',
  };
}

function englishText(content: IssueNotificationContent, deadline: string): EmailText {
  const number = content.issueNumber;
  const escalated = content.kind === 'escalated';

  return {
    subject: escalated
      ? `Issue ${number} is past its deadline: ${content.debtor.name}`
      : `Issue ${number} is assigned to you: ${content.debtor.name}`,
    greeting: content.recipientName ? `Hello ${content.recipientName},` : 'Hello,',
    lead: escalated
      ? `Issue ${number} of ${content.organisationName} was not resolved by its deadline of ${deadline}, so it is escalated to you.`
      : `Issue ${number} of ${content.organisationName} is assigned to you.`,
    labels: {
      debtor: 'Debtor',
      category: 'Category',
      deadline: 'Deadline',
      description: 'Description',
    },
    linkLabel: 'Open the issue in Collecta:',
  };
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Builds the subject, plain text and HTML of an issue e-mail. Every value
 * from the database is HTML-escaped in the HTML part, and line breaks are
 * removed from the subject so that a debtor name cannot add a header.
 */
export function composeIssueNotification(content: IssueNotificationContent): {
  subject: string;
  text: string;
  html: string;
  language: TextLanguage;
} {
  const language: TextLanguage = content.language === 'nl' ? 'nl' : 'en';
  const deadline = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
    Date.parse(`${content.deadline}T00:00:00Z`),
  );
  const words = language === 'nl' ? dutchText(content, deadline) : englishText(content, deadline);
  const details: Array<[string, string]> = [
    [words.labels.debtor, `${content.debtor.name} (${content.debtor.number})`],
    [words.labels.category, content.category],
    [words.labels.deadline, deadline],
    [words.labels.description, content.description],
  ];

  const text = [
    words.greeting,
    words.lead,
    details.map(([label, value]) => `${label}: ${value}`).join('\n'),
    `${words.linkLabel}\n${content.url}`,
  ].join('\n\n');
  const rows = details.map(
    ([label, value]) =>
      `<tr><th style="text-align: left; padding-right: 1em; vertical-align: top">${escapeHtml(label)}</th><td style="white-space: pre-wrap">${escapeHtml(value)}</td></tr>`,
  );
  const html = [
    '<!doctype html>',
    `<html lang="${language}"><body style="font-family: sans-serif">`,
    `<p>${escapeHtml(words.greeting)}</p>`,
    `<p>${escapeHtml(words.lead)}</p>`,
    `<table>${rows.join('')}</table>`,
    `<p>${escapeHtml(words.linkLabel)}<br><a href="${escapeHtml(content.url)}">${escapeHtml(content.url)}</a></p>`,
    '</body></html>',
    '',
  ].join('\n');

  return {
    subject: words.subject.replace(/[\r\n]+/g, ' '),
    text: `${text}\n`,
    html,
    language,
  };
}

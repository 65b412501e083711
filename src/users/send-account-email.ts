import { loadOrganisationMailSender } from '../channels/smtp-transport.ts';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { UserTokenPurpose } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { createMailTransport } from '../messaging/create-mail-transport.ts';

export interface AccountEmail {
  purpose: UserTokenPurpose;
  to: string;
  /** The user's language; texts exist in nl and en, and every other language gets en. */
  language: string;
  name: string;
  username: string;
  organisationName: string;
  url: string;
}

interface EmailText {
  subject: string;
  /** Paragraphs; `{link}` in a paragraph stands for the URL. */
  paragraphs: string[];
}

type TextLanguage = 'en' | 'nl';

function invitationText(language: TextLanguage, email: AccountEmail): EmailText {
  if (language === 'nl') {
    return {
      subject: `Uitnodiging voor Collecta van ${email.organisationName}`,
      paragraphs: [
        `Beste ${email.name},`,
        `${email.organisationName} heeft u uitgenodigd voor Collecta, met gebruikersnaam ${email.username}. Kies uw wachtwoord via deze link, die 7 dagen geldig is:`,
        '{link}',
        'Verwachtte u deze e-mail niet? Dan kunt u hem negeren.',
      ],
    };
  }
  return {
    subject: `Invitation to Collecta from ${email.organisationName}`,
    paragraphs: [
      `Hello ${email.name},`,
      `${email.organisationName} has invited you to Collecta, with username ${email.username}. Choose your password with this link, which is valid for 7 days:`,
      '{link}',
      'If you did not expect this e-mail, you can ignore it.',
    ],
  };
}

function passwordResetText(language: TextLanguage, email: AccountEmail): EmailText {
  if (language === 'nl') {
    return {
      subject: 'Uw wachtwoord voor Collecta opnieuw instellen',
      paragraphs: [
        `Beste ${email.name},`,
        `Er is gevraagd om het wachtwoord van uw Collecta-account ${email.username} (${email.organisationName}) opnieuw in te stellen. Kies een nieuw wachtwoord via deze link, die 1 uur geldig is:`,
        '{link}',
        'Heeft u dit niet gevraagd? Negeer dan deze e-mail: uw wachtwoord blijft hetzelfde.',
      ],
    };
  }
  return {
    subject: 'Reset your Collecta password',
    paragraphs: [
      `Hello ${email.name},`,
      `Someone asked to reset the password of your Collecta account ${email.username} (${email.organisationName}). Choose a new password with this link, which is valid for 1 hour:`,
      '{link}',
      'If you did not ask for this, ignore this e-mail: your password stays the same.',
    ],
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

/** Builds the subject, plain text and HTML of an invitation or password-reset e-mail. */
export function composeAccountEmail(email: AccountEmail): {
  subject: string;
  text: string;
  html: string;
  language: TextLanguage;
} {
  const language: TextLanguage = email.language === 'nl' ? 'nl' : 'en';
  const content =
    email.purpose === 'invitation'
      ? invitationText(language, email)
      : passwordResetText(language, email);

  const text = content.paragraphs
    .map((paragraph) => (paragraph === '{link}' ? email.url : paragraph))
    .join('\n\n');
  const htmlParagraphs = content.paragraphs.map((paragraph) =>
    paragraph === '{link}'
      ? `<p><a href="${escapeHtml(email.url)}">${escapeHtml(email.url)}</a></p>`
      : `<p>${escapeHtml(paragraph)}</p>`,
  );
  const html = `<!doctype html>\n<html lang="${language}"><body style="font-family: sans-serif">\n${htmlParagraphs.join('\n')}\n</body></html>\n`;

  return { subject: content.subject, text: `${text}\n`, html, language };
}

/** The SMTP route of an account e-mail: the organisation's own SMTP channel, else SMTP_URL. */
export interface AccountMailRoute {
  config: Pick<Config, 'smtpUrl' | 'smtpFrom'>;
  database: DatabaseHandle;
  organisationId: string;
}

/**
 * Sends an invitation or password-reset e-mail and returns whether the SMTP
 * server accepted it. The organisation's own e-mail channel, set in the
 * set-up wizard, goes first; without one the server-wide SMTP_URL applies.
 * Returns false when neither is set, and logs a failure (never the link,
 * which is a secret).
 */
export async function sendAccountEmail(
  route: AccountMailRoute,
  logger: Pick<Logger, 'info' | 'warn'>,
  email: AccountEmail & { userId: string },
): Promise<boolean> {
  const own = await loadOrganisationMailSender(route.database, route.organisationId);
  const transport = own?.transport ?? createMailTransport(route.config);
  if (!transport) {
    return false;
  }

  const composed = composeAccountEmail(email);
  try {
    await transport.sendMail({
      ...(own ? { from: own.from } : {}),
      to: email.to,
      subject: composed.subject,
      text: composed.text,
      html: composed.html,
      headers: { 'Content-Language': composed.language },
    });
    logger.info({ userId: email.userId, purpose: email.purpose }, 'account e-mail sent');
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn(
      { userId: email.userId, purpose: email.purpose, error: reason },
      'account e-mail failed',
    );
    return false;
  } finally {
    transport.close();
  }
}

import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { Logger } from '../logger.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { renderLetterPdf } from './render-letter-pdf.ts';
import { markMessageFailed, transitionMessage } from './update-message-status.ts';

/**
 * Marks an approved letter as sent once its PDF renders. For a letter,
 * "sent" means released for printing: the PDF itself is not stored but
 * rendered again whenever it is downloaded, from the same rows.
 * NOTE: nothing confirms that the letter was printed and posted.
 */
export async function printLetterMessage(
  database: DatabaseHandle,
  params: {
    organisationId: string;
    messageId: string;
    logger: Logger;
    /** Collecta's public address, which the payment link starts with. Without it the letter has no link. */
    publicUrl?: string;
  },
): Promise<'printed' | 'failed' | 'skipped'> {
  const { organisationId, messageId, logger, publicUrl } = params;
  try {
    const released = await withOrganisation(database, organisationId, async (trx) => {
      const pdf = await renderLetterPdf(trx, { messageId, publicUrl });
      const claimed = await transitionMessage(trx, { messageId, from: 'approved', to: 'sent' });
      if (claimed) {
        const message = await trx
          .selectFrom('messages')
          .select('entity_id')
          .where('id', '=', messageId)
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          organisationId,
          actor: 'system',
          action: 'message.printed',
          subjectType: 'message',
          subjectId: messageId,
          entityId: message.entity_id,
          after: { bytes: pdf.length },
        });
      }
      return claimed;
    });
    return released ? 'printed' : 'skipped';
  } catch (error) {
    const text = await markMessageFailed(database, {
      organisationId,
      messageId,
      from: 'approved',
      error,
    });
    logger.error({ messageId, organisationId, error: text }, 'letter rendering failed');
    return 'failed';
  }
}

import { readFile } from 'node:fs/promises';
import { AppError } from '../../errors.ts';
import { ingestBounce } from '../../messaging/bounces/ingest-bounce.ts';
import type { CommandDefinition } from '../command.ts';

/** Maximum size of a bounce: 20 MiB, as the API accepts. */
const MAX_BOUNCE_BYTES = 20 * 1024 * 1024;

export const mailBounceCommand: CommandDefinition = {
  path: ['mail', 'bounce'],
  summary: 'Record a bounce: a delivery status notification of a sent e-mail',
  usage: 'collecta mail bounce FILE|- [--json]',
  help: `Arguments:
  FILE   the raw delivery status notification (RFC 3464) as the mail server
         received it; "-" reads it from standard input (at most 20 MiB)

A permanent failure (Action failed, Status 5.x.x) marks the message bounced
and flags its address for the debtor, so that later e-mail steps go out as
letters. Action delayed marks the message delayed. The same report twice
changes nothing more. Exit code 1 when no message has the report's
Message-ID, 2 when the input is not a delivery status notification.
--json prints {"message": id, "action": ..., "status": ..., "flagged":
address or null, "changed": true or false}.`,
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context, _values, positionals) {
    const source = positionals[0] ?? '-';
    const raw = source === '-' ? await readStandardInput() : await readBounceFile(source);
    const database = await context.database();
    const organisationId = await context.organisationId();

    const outcome = await ingestBounce(
      database,
      { organisationId, actor: context.actor, logger: context.logger },
      raw,
    );
    const summary = outcome.flagged ? `, ${outcome.flagged} flagged for later e-mail steps` : '';

    return {
      json: {
        message: outcome.messageId,
        action: outcome.action,
        status: outcome.status,
        flagged: outcome.flagged,
        changed: outcome.changed,
      },
      text: outcome.changed
        ? `Message ${outcome.messageId}: ${outcome.action} (${outcome.status})${summary}.\n`
        : `Message ${outcome.messageId}: ${outcome.action} (${outcome.status}) changed nothing; it was recorded before.\n`,
    };
  },
};

async function readBounceFile(path: string): Promise<Buffer> {
  const content = await readFile(path).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('invalid_arguments', `Cannot read the file ${path}: ${reason}.`);
  });
  checkSize(content.length);

  return content;
}

async function readStandardInput(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    checkSize(size);
    chunks.push(buffer);
  }

  return Buffer.concat(chunks);
}

function checkSize(size: number): void {
  if (size > MAX_BOUNCE_BYTES) {
    throw new AppError(
      'payload_too_large',
      `The bounce is larger than the maximum of ${MAX_BOUNCE_BYTES} bytes (20 MiB).`,
    );
  }
}

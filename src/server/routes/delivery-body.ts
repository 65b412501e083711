import { z } from 'zod';

/** Delivery of a sent message, as toMessageDelivery builds it. */
export const messageDelivery = z.object({
  status: z
    .string()
    .nullable()
    .describe(
      'SMS provider status such as delivered, or delayed or bounced for e-mail; null until known',
    ),
  bouncedAt: z.iso.datetime().nullable(),
  bounceReason: z
    .string()
    .nullable()
    .describe('The status code and diagnostic of the bounce, such as "5.1.1 user unknown"'),
});

import { z } from 'zod';
import { BUSINESS_DATE_RANGE, isBusinessDate, isPlainDate } from '../dates/plain-date.ts';

/** The body of every error response. */
export const errorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable error code, such as not_found or invalid_input'),
    message: z.string().describe('The message in English'),
    key: z
      .string()
      .optional()
      .describe('Stable key of the message, for clients that show it in another language'),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .describe('The values in the message, by parameter name of the key'),
    details: z.unknown().optional(),
  }),
});

/** A message with its stable key and parameters, such as a warning of an imported statement. */
export const messageDetail = z.object({
  key: z.string().optional().describe('Stable key of the message, absent on old records'),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  message: z.string().describe('The message in English'),
});

/** Error responses every route may give; spread into a route's `response` schema. */
export const errorResponses = { '4xx': errorBody, '5xx': errorBody } as const;

export const plainDate = z
  .string()
  .refine(isPlainDate, 'use a valid date as YYYY-MM-DD')
  .describe('Calendar date, YYYY-MM-DD');

const { first: firstBusinessDate, last: lastBusinessDate } = BUSINESS_DATE_RANGE;

/** A run or forecast date: a plain date from 2000-01-01 to 2099-12-31 (BUSINESS_DATE_RANGE). */
export const businessDate = z
  .string()
  .refine(isPlainDate, 'use a valid date as YYYY-MM-DD')
  .refine(
    (value) => !isPlainDate(value) || isBusinessDate(value),
    `use a date from ${firstBusinessDate} to ${lastBusinessDate}`,
  )
  .describe(`Calendar date, YYYY-MM-DD, from ${firstBusinessDate} to ${lastBusinessDate}`);

export const currencyCode = z.string().describe('ISO 4217 currency code');

/** An amount as a decimal string with the currency's number of decimals, such as "1234.50". */
export const decimalAmount = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('Decimal amount with the currency digits, such as "1234.50"');

export const idParams = z.object({ id: z.uuid() });

export const entityCodeQuery = z.string().min(1).max(32).describe('Entity code, such as NL01');

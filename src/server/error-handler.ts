import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { AppError, isAppError, notice } from '../errors.ts';

/**
 * Turns every error into an HTTP response; this is the only place that does.
 * Application errors get the status of their code, and request validation
 * errors become invalid_input naming each field. A body over the route's
 * limit becomes payload_too_large naming the limit, and other client errors
 * of Fastify and its plugins become invalid_input. Everything else is
 * internal: it is logged, and no detail is sent. Client errors are logged
 * without their message, because messages of body parsers may quote the
 * request body.
 */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error, request);
  if (appError.code === 'internal') {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code: appError.code, status: appError.status }, 'request rejected');
  }

  return sendError(reply, appError);
}

export function sendError(reply: FastifyReply, error: AppError) {
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.key === undefined ? {} : { key: error.key, params: error.params ?? {} }),
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };

  return reply.code(error.status).send(body);
}

function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (isAppError(error)) {
    return error;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    return validationError(error);
  }
  if (!isFastifyError(error) || isResponseSerializationError(error)) {
    return new AppError('internal', 'The server failed to handle the request.');
  }

  const status = error.statusCode ?? 500;
  if (status === 429) {
    return new AppError('rate_limited', 'Too many requests; wait a minute and try again.');
  }
  if (status === 404) {
    return new AppError('not_found', 'Not found.');
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return bodyTooLargeError(request.routeOptions.bodyLimit);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new AppError('invalid_input', 'The request body is not valid JSON.');
  }
  if (status >= 400 && status < 500) {
    return new AppError('invalid_input', `Invalid request: ${error.message}`);
  }

  return new AppError('internal', 'The server failed to handle the request.');
}

/** Builds the payload_too_large error, naming the limit in bytes and in whole MiB or KiB. */
function bodyTooLargeError(limitBytes: number): AppError {
  const units = [
    [1024 * 1024, 'MiB'],
    [1024, 'KiB'],
  ] as const;
  const unit = units.find(([size]) => limitBytes % size === 0);
  const readable = unit ? ` (${limitBytes / unit[0]} ${unit[1]})` : '';

  return new AppError(
    'payload_too_large',
    notice('request_body_too_large', { maxBytes: limitBytes, readable }),
    { maxBytes: limitBytes },
  );
}

function validationError(
  error: FastifyError & { validation: Array<{ instancePath: string; message?: string }> },
): AppError {
  const part = error.validationContext ?? 'request';
  const fields = error.validation.map((issue) => ({
    field: `${part}${issue.instancePath.replaceAll('/', '.')}`.replace(/\.$/, ''),
    message: issue.message ?? 'is invalid',
  }));
  const summary = fields.map((field) => `${field.field}: ${field.message}`).join('; ');

  return new AppError('invalid_input', notice('request_invalid', { summary }), { fields });
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && ('statusCode' in error || 'code' in error);
}

import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { translateServerMessage, type ServerMessage } from './server-message.ts';

/** Returns a function that shows a server message, such as a warning, in the user's language. */
export function useServerMessage(): (message: ServerMessage) => string {
  const { i18n } = useTranslation();

  return (message) => translateServerMessage(i18n, message);
}

/**
 * Translates a failed request into a sentence in the user's language: the
 * server's message by its key or error code (see translateServerMessage),
 * and a general text for a network failure or a response without an error
 * body, such as a proxy's error page.
 */
export function useErrorMessage() {
  const { t, i18n } = useTranslation();

  return {
    title: t('errors.title'),
    describe(error: Error): string {
      if (!(error instanceof ApiError)) {
        return t('errors.network');
      }
      if (error.code === 'http_error') {
        return t('errors.server', { status: error.status });
      }

      return translateServerMessage(i18n, {
        code: error.code,
        key: error.key,
        params: error.params,
        message: error.message,
        status: error.status,
      });
    },
  };
}

import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/**
 * Translates a failed request into a sentence: the server's error codes have
 * their own text, anything else (a network failure, say) a general one.
 */
export function useErrorMessage() {
  const { t } = useTranslation();

  return {
    title: t('errors.title'),
    describe(error: Error): string {
      if (!(error instanceof ApiError)) {
        return t('errors.network');
      }
      switch (error.code) {
        case 'unauthenticated':
          return t('errors.unauthenticated');
        case 'forbidden':
        case 'csrf_failed':
          return t('errors.forbidden');
        case 'not_found':
          return t('errors.notFound');
        case 'conflict':
        case 'already_exists':
          return t('errors.conflict', { detail: error.message });
        case 'rate_limited':
          return t('errors.rateLimited');
        case 'invalid_input':
        case 'invalid_arguments':
        case 'payload_too_large':
          return t('errors.invalidInput', { detail: error.message });
        default:
          return t('errors.server', { status: error.status });
      }
    },
  };
}

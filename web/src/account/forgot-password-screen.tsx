import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useForgotPassword } from '../api/use-account.ts';
import { LoadError } from '../components/load-error.tsx';
import { PublicPage } from './public-page.tsx';

/**
 * Asks for a password-reset link by username or e-mail address. The
 * confirmation reads the same whether or not the account exists, so the
 * page does not tell strangers which usernames are taken.
 */
export function ForgotPasswordScreen() {
  const { t } = useTranslation('account');
  const forgotPassword = useForgotPassword();
  const [usernameOrEmail, setUsernameOrEmail] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    forgotPassword.mutate(usernameOrEmail.trim());
  }

  return (
    <PublicPage title={t('forgot.title')}>
      {forgotPassword.isSuccess ? (
        <Alert color="green" data-testid="forgot-password-sent">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm">{t('forgot.intro')}</Text>
            <TextInput
              label={t('forgot.usernameOrEmail')}
              name="username"
              autoComplete="username"
              value={usernameOrEmail}
              onChange={(event) => setUsernameOrEmail(event.currentTarget.value)}
              required
              autoFocus
            />
            {forgotPassword.error && <LoadError error={forgotPassword.error} />}
            <Button type="submit" loading={forgotPassword.isPending} fullWidth>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/" size="sm">
        {t('publicPage.toLogin')}
      </Anchor>
    </PublicPage>
  );
}

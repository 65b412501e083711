import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PublicPage } from '../account/public-page.tsx';
import { ApiError } from '../api/client.ts';
import { useLogIn } from '../api/use-session.ts';
import { useErrorMessage } from '../components/use-error-message.ts';

/**
 * Logs in with username and password. When the user has two-factor
 * authentication on, the server returns totp_required, so the form shows a
 * field for the authenticator app's code and then sends all three again.
 */
export function LoginScreen() {
  const { t } = useTranslation();
  const { t: tAccount } = useTranslation('account');
  const logIn = useLogIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    const credentials = { username: username.trim(), password };
    logIn.mutate(needsCode ? { ...credentials, totpCode: totpCode.trim() } : credentials, {
      onError: (error) => {
        if (isTotpRequired(error)) {
          setNeedsCode(true);
        }
      },
    });
  }

  return (
    <PublicPage>
      <form onSubmit={submit}>
        <Stack>
          <Text c="dimmed" size="sm">
            {t('login.intro')}
          </Text>
          {logIn.error && (
            <LoginError error={logIn.error} sentCode={logIn.variables?.totpCode !== undefined} />
          )}
          <TextInput
            label={t('login.username')}
            name="username"
            autoComplete="username"
            value={username}
            onChange={(event) => setUsername(event.currentTarget.value)}
            readOnly={needsCode}
            required
            autoFocus
          />
          <PasswordInput
            label={t('login.password')}
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            readOnly={needsCode}
            required
          />
          {needsCode && (
            <TextInput
              label={tAccount('login.code')}
              description={tAccount('login.codeHelp')}
              name="totp-code"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={6}
              value={totpCode}
              onChange={(event) => setTotpCode(event.currentTarget.value)}
              required
              autoFocus
            />
          )}
          <Button type="submit" loading={logIn.isPending} fullWidth>
            {t('login.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
            {tAccount('login.forgotPassword')}
          </Anchor>
        </Stack>
      </form>
    </PublicPage>
  );
}

function isTotpRequired(error: Error): boolean {
  return error instanceof ApiError && error.code === 'totp_required';
}

/**
 * Wrong password, wrong code and locked account get their own sentence;
 * other failures the general one. A totp_required error for a request
 * without a code only makes the form ask for one, so it shows no error.
 */
function LoginError(props: { error: Error; sentCode: boolean }) {
  const { t } = useTranslation();
  const { t: tAccount } = useTranslation('account');
  const errorMessage = useErrorMessage();
  const { error } = props;

  let message = errorMessage.describe(error);
  if (error instanceof ApiError && isLockedAccount(error)) {
    message = t('login.locked');
  } else if (isTotpRequired(error)) {
    message = props.sentCode ? tAccount('login.wrongCode') : '';
  } else if (error instanceof ApiError && error.status === 401) {
    message = t('login.wrongPassword');
  }
  if (message === '') {
    return null;
  }

  return (
    <Alert color="red" role="alert" data-testid="login-error">
      {message}
    </Alert>
  );
}

/** Tells a locked login apart: the server rejects it, and too many attempts, with 429 rate_limited. */
function isLockedAccount(error: Error): boolean {
  return error instanceof ApiError && (error.code === 'rate_limited' || error.status === 429);
}

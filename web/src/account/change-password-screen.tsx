import { Alert, Button, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useChangePassword } from '../api/use-account.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { checkNewPassword, NewPasswordFields, type NewPassword } from './new-password-fields.tsx';

/** Changes the signed-in user's own password; the server logs out their other sessions. */
export function ChangePasswordScreen() {
  const { t } = useTranslation('account');
  const changePassword = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [value, setValue] = useState<NewPassword>({ password: '', repeat: '' });
  const [submitted, setSubmitted] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (checkNewPassword(value) !== null) {
      return;
    }
    changePassword.mutate(
      { currentPassword, newPassword: value.password },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setValue({ password: '', repeat: '' });
          setSubmitted(false);
        },
      },
    );
  }

  return (
    <Stack maw={520}>
      <PageTitle title={t('password.title')} subtitle={t('password.subtitle')} />
      <Paper withBorder p="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            {changePassword.isSuccess && (
              <Alert color="green" data-testid="password-changed">
                {t('password.done')}
              </Alert>
            )}
            <PasswordInput
              label={t('password.current')}
              name="current-password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.currentTarget.value)}
              required
            />
            <NewPasswordFields value={value} onChange={setValue} showErrors={submitted} />
            {changePassword.error && <ChangePasswordError error={changePassword.error} />}
            <Text size="sm" c="dimmed">
              {t('password.otherSessions')}
            </Text>
            <Button
              type="submit"
              loading={changePassword.isPending}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('password.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

/** Shows why the change failed. The server rejects a wrong current password with 403 forbidden. */
function ChangePasswordError(props: { error: Error }) {
  const { t } = useTranslation('account');

  if (props.error instanceof ApiError && props.error.code === 'forbidden') {
    return (
      <Alert color="red" role="alert">
        {t('password.wrongCurrent')}
      </Alert>
    );
  }
  return <LoadError error={props.error} />;
}

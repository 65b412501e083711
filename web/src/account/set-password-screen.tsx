import { Alert, Anchor, Button, Center, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import type { AccountToken } from '../api/types.ts';
import { useAcceptInvitation, useAccountToken, useResetPassword } from '../api/use-account.ts';
import { useLogIn } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { checkNewPassword, NewPasswordFields, type NewPassword } from './new-password-fields.tsx';
import { PublicPage } from './public-page.tsx';

type Purpose = AccountToken['purpose'];

/** Shows the page of an invitation link, where the invited user chooses their first password. */
export function AcceptInvitationScreen() {
  return <SetPasswordScreen purpose="invitation" />;
}

/** Shows the page of a password-reset link. */
export function ResetPasswordScreen() {
  return <SetPasswordScreen purpose="password_reset" />;
}

/**
 * Reads the link's token, shows whose account it is, and sets the password
 * typed twice. Afterwards it logs the user in; when that fails (two-factor
 * authentication needs a code, say) it sends them to the login form.
 */
function SetPasswordScreen(props: { purpose: Purpose }) {
  const { t } = useTranslation('account');
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const account = useAccountToken(token);
  const title = props.purpose === 'invitation' ? t('invitation.title') : t('reset.title');

  if (token !== '' && account.isPending) {
    return (
      <PublicPage title={title}>
        <Center py="md">
          <Loader />
        </Center>
      </PublicPage>
    );
  }
  if (account.isError) {
    return (
      <PublicPage title={title}>
        <LoadError error={account.error} />
      </PublicPage>
    );
  }
  if (!account.data || account.data.purpose !== props.purpose) {
    return (
      <PublicPage title={title}>
        <InvalidLink purpose={props.purpose} />
      </PublicPage>
    );
  }
  return (
    <PublicPage title={title}>
      <SetPasswordForm purpose={props.purpose} token={token} account={account.data} />
    </PublicPage>
  );
}

function InvalidLink(props: { purpose: Purpose }) {
  const { t } = useTranslation('account');

  return (
    <Stack gap="sm">
      <Alert color="orange" role="alert" data-testid="invalid-link">
        {props.purpose === 'invitation' ? t('invitation.invalid') : t('reset.invalid')}
      </Alert>
      {props.purpose === 'password_reset' && (
        <Anchor component={Link} to="/forgot-password">
          {t('reset.requestNew')}
        </Anchor>
      )}
      <Anchor component={Link} to="/">
        {t('publicPage.toLogin')}
      </Anchor>
    </Stack>
  );
}

function SetPasswordForm(props: { purpose: Purpose; token: string; account: AccountToken }) {
  const { t } = useTranslation('account');
  const navigate = useNavigate();
  const acceptInvitation = useAcceptInvitation();
  const resetPassword = useResetPassword();
  const logIn = useLogIn();
  const [value, setValue] = useState<NewPassword>({ password: '', repeat: '' });
  const [submitted, setSubmitted] = useState(false);
  const setPassword = props.purpose === 'invitation' ? acceptInvitation : resetPassword;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (checkNewPassword(value) !== null) {
      return;
    }
    const credentials = { username: props.account.username, password: value.password };
    setPassword.mutate(
      { token: props.token, password: value.password },
      { onSuccess: () => logIn.mutate(credentials, { onSuccess: () => navigate('/') }) },
    );
  }

  if (setPassword.isSuccess && logIn.isError) {
    return (
      <Stack gap="sm">
        <Alert color="green" data-testid="password-set">
          {t('setPassword.doneLogIn')}
        </Alert>
        <Button component={Link} to="/">
          {t('publicPage.toLogin')}
        </Button>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {props.purpose === 'invitation'
            ? t('invitation.intro', { name: props.account.name })
            : t('reset.intro', { name: props.account.name })}
        </Text>
        <TextInput
          label={t('setPassword.username')}
          name="username"
          autoComplete="username"
          value={props.account.username}
          readOnly
        />
        <NewPasswordFields value={value} onChange={setValue} showErrors={submitted} />
        {setPassword.error && <SetPasswordError error={setPassword.error} />}
        <Button type="submit" loading={setPassword.isPending || logIn.isPending} fullWidth>
          {t('setPassword.submit')}
        </Button>
      </Stack>
    </form>
  );
}

/** Shows why setting the password failed, with its own sentence for a token that expired or was used meanwhile. */
function SetPasswordError(props: { error: Error }) {
  const { t } = useTranslation('account');
  const isGone = props.error instanceof ApiError && props.error.status === 404;

  return isGone ? (
    <Alert color="orange" role="alert">
      {t('setPassword.linkGone')}
    </Alert>
  ) : (
    <LoadError error={props.error} />
  );
}

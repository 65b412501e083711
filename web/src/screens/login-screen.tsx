import {
  Alert,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useLogIn } from '../api/use-session.ts';
import { useErrorMessage } from '../components/use-error-message.ts';
import { LanguageSwitch } from '../layout/language-switch.tsx';

export function LoginScreen() {
  const { t } = useTranslation();
  const logIn = useLogIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    logIn.mutate({ username: username.trim(), password });
  }

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w={380} maw="100%" radius="md">
        <form onSubmit={submit}>
          <Stack>
            <Group justify="space-between">
              <Title order={2} c="teal.8">
                {t('app.name')}
              </Title>
              <LanguageSwitch />
            </Group>
            <Text c="dimmed" size="sm">
              {t('login.intro')}
            </Text>
            {logIn.error && <LoginError error={logIn.error} />}
            <TextInput
              label={t('login.username')}
              name="username"
              autoComplete="username"
              value={username}
              onChange={(event) => setUsername(event.currentTarget.value)}
              required
              autoFocus
            />
            <PasswordInput
              label={t('login.password')}
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              required
            />
            <Button type="submit" loading={logIn.isPending} fullWidth>
              {t('login.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}

/** Wrong password and locked account get their own sentence; other failures the general one. */
function LoginError(props: { error: Error }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { error } = props;

  let message = errorMessage.describe(error);
  if (error instanceof ApiError && isLockedAccount(error)) {
    message = t('login.locked');
  } else if (error instanceof ApiError && error.status === 401) {
    message = t('login.wrongPassword');
  }

  return (
    <Alert color="red" role="alert" data-testid="login-error">
      {message}
    </Alert>
  );
}

/** Tells a locked login apart: the server rejects it, and too many attempts, with 429 rate_limited. */
function isLockedAccount(error: ApiError): boolean {
  return error.code === 'rate_limited' || error.status === 429;
}

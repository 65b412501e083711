import { Alert, Button, Group, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useSendTestEmail } from '../../api/use-channels.ts';
import { LoadError } from '../../components/load-error.tsx';

/** Sends one test message over the saved SMTP settings; a failure shows the SMTP server's reason. */
export function TestEmailForm() {
  const { t } = useTranslation('wizard');
  const sendTest = useSendTestEmail();
  const [to, setTo] = useState('');
  const error = sendTest.error;

  function submit(event: FormEvent) {
    event.preventDefault();
    sendTest.mutate(to.trim());
  }

  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t('channels.email.testTo')}
          type="email"
          value={to}
          onChange={(event) => setTo(event.currentTarget.value)}
          required
          w={320}
          maw="100%"
        />
        <Button type="submit" variant="light" loading={sendTest.isPending}>
          {t('channels.email.sendTest')}
        </Button>
      </Group>
      {sendTest.isSuccess && (
        <Alert color="teal" mt="sm" data-testid="test-email-sent">
          {t('channels.email.testSent', { to: sendTest.variables })}
        </Alert>
      )}
      {error instanceof ApiError && error.code === 'delivery_failed' ? (
        <Alert color="red" mt="sm" title={t('channels.email.testFailed')}>
          {error.message}
        </Alert>
      ) : (
        error && <LoadError error={error} />
      )}
    </form>
  );
}

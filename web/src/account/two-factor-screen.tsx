import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { TotpEnrolment } from '../api/types.ts';
import { useConfirmTotp, useStartTotp, useTurnOffTotp } from '../api/use-account.ts';
import { useAccess, useSession } from '../api/use-session.ts';
import { useUser } from '../api/use-users.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';

/**
 * Two-factor authentication of the signed-in user: set it up with an
 * authenticator app (scan the QR code, confirm one code), or turn it off
 * with a current code.
 */
export function TwoFactorScreen() {
  const { t } = useTranslation('account');
  const [changedTo, setChangedTo] = useState<boolean>();
  const storedState = useOwnTotpState();
  const isOn = changedTo ?? storedState;

  return (
    <Stack maw={620}>
      <PageTitle title={t('totp.title')} subtitle={t('totp.subtitle')} />
      {changedTo === true && (
        <Alert color="green" data-testid="totp-on">
          {t('totp.nowOn')}
        </Alert>
      )}
      {changedTo === false && <Alert color="green">{t('totp.nowOff')}</Alert>}
      {isOn !== true && <SetUpTotp onChange={setChangedTo} />}
      {isOn !== false && <TurnOffTotp onChange={setChangedTo} />}
    </Stack>
  );
}

/**
 * Reads whether the user has two-factor authentication on from their user
 * record, or returns undefined when that is unknown.
 *
 * NOTE: the session response contains no two-factor state, and only users
 * with users.read may read their user record. For other users the screen
 * offers both set-up and turn-off, and learns the state from the server's
 * conflict error.
 */
function useOwnTotpState(): boolean | undefined {
  const session = useSession();
  const canReadUsers = useAccess().can('users.read');
  const userId = session.data?.user.id ?? '';
  const user = useUser(userId, { enabled: canReadUsers && userId !== '' });

  return user.data?.totpEnabled;
}

/** Returns whether the error means that two-factor is already in the state the request was to reach. */
function isConflict(error: Error): boolean {
  return error instanceof ApiError && error.code === 'conflict';
}

function SetUpTotp(props: { onChange(isOn: boolean): void }) {
  const { t } = useTranslation('account');
  // Starting a set-up while two-factor is already on fails with conflict.
  const start = useStartTotp();

  return (
    <Paper withBorder p="lg">
      <Stack gap="sm" align="flex-start">
        <Title order={4}>{t('totp.setUpTitle')}</Title>
        {start.data ? (
          <ConfirmTotp enrolment={start.data} onDone={() => props.onChange(true)} />
        ) : (
          <>
            <Text size="sm">{t('totp.setUpText')}</Text>
            {start.error && <TotpError error={start.error} />}
            <Button
              onClick={() =>
                start.mutate(undefined, {
                  onError: (error) => isConflict(error) && props.onChange(true),
                })
              }
              loading={start.isPending}
            >
              {t('totp.start')}
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** Shows the QR code and the secret, then turns two-factor on with the first code. */
function ConfirmTotp(props: { enrolment: TotpEnrolment; onDone(): void }) {
  const { t } = useTranslation('account');
  const confirm = useConfirmTotp();
  const [code, setCode] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    confirm.mutate(code.trim(), { onSuccess: props.onDone });
  }

  return (
    <form onSubmit={submit} style={{ width: '100%' }}>
      <Stack gap="sm">
        <Text size="sm">{t('totp.scan')}</Text>
        <Image
          src={props.enrolment.qrDataUrl}
          alt={t('totp.qrAlt')}
          w={200}
          h={200}
          data-testid="totp-qr"
        />
        <Text size="sm">{t('totp.typeSecret')}</Text>
        <Group gap="xs" wrap="nowrap">
          <Code data-testid="totp-secret" style={{ wordBreak: 'break-all' }}>
            {props.enrolment.secret}
          </Code>
          <CopyButton value={props.enrolment.secret}>
            {({ copied, copy }) => (
              <Button size="compact-sm" variant="default" onClick={copy}>
                {copied ? t('copy.done') : t('copy.action')}
              </Button>
            )}
          </CopyButton>
        </Group>
        <TextInput
          label={t('totp.code')}
          description={t('totp.codeHelp')}
          name="totp-code"
          autoComplete="one-time-code"
          inputMode="numeric"
          maxLength={6}
          value={code}
          onChange={(event) => setCode(event.currentTarget.value)}
          required
          w={320}
        />
        {confirm.error && <TotpError error={confirm.error} />}
        <Button type="submit" loading={confirm.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('totp.confirm')}
        </Button>
      </Stack>
    </form>
  );
}

function TurnOffTotp(props: { onChange(isOn: boolean): void }) {
  const { t } = useTranslation('account');
  // Turning off while two-factor is off fails with conflict; a wrong code with forbidden.
  const turnOff = useTurnOffTotp();
  const [code, setCode] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    turnOff.mutate(code.trim(), {
      onSuccess: () => props.onChange(false),
      onError: (error) => isConflict(error) && props.onChange(false),
    });
  }

  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={4}>{t('totp.turnOffTitle')}</Title>
          <Text size="sm">{t('totp.turnOffText')}</Text>
          <TextInput
            label={t('totp.code')}
            name="totp-off-code"
            autoComplete="one-time-code"
            inputMode="numeric"
            maxLength={6}
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            required
            w={320}
          />
          {turnOff.error && <TotpError error={turnOff.error} />}
          <Button
            type="submit"
            color="red"
            variant="light"
            loading={turnOff.isPending}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('totp.turnOff')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

/**
 * Shows why a two-factor change failed. A wrong code gets its own sentence,
 * because the server rejects it with invalid_input when turning on and with
 * forbidden when turning off.
 */
function TotpError(props: { error: Error }) {
  const { t } = useTranslation('account');
  const code = props.error instanceof ApiError ? props.error.code : '';

  if (isConflict(props.error)) {
    return null;
  }
  if (code === 'invalid_input' || code === 'forbidden') {
    return (
      <Alert color="red" role="alert">
        {t('totp.wrongCode')}
      </Alert>
    );
  }
  return <LoadError error={props.error} />;
}

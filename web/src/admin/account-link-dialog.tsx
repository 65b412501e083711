import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AccountLink } from '../api/types.ts';
import { CopyField } from './copy-field.tsx';
import { useDateTime } from './use-date-time.ts';

/**
 * Shows an invitation or password-reset link to the administrator, who can
 * pass it on when the server could not e-mail it.
 */
export function AccountLinkDialog(props: {
  link: AccountLink | null;
  kind: 'invitation' | 'passwordReset';
  userName: string;
  onClose(): void;
}) {
  const { t } = useTranslation('users');
  const dateTime = useDateTime();
  const { link } = props;

  return (
    <Modal
      opened={link !== null}
      onClose={props.onClose}
      title={props.kind === 'invitation' ? t('link.invitationTitle') : t('link.resetTitle')}
      size="lg"
      centered
    >
      {link && (
        <Stack>
          <Alert color={link.emailed ? 'green' : 'yellow'} data-testid="link-emailed">
            {link.emailed
              ? t('link.emailed', { name: props.userName })
              : t('link.notEmailed', { name: props.userName })}
          </Alert>
          <CopyField value={link.url} testId="account-link" />
          <Text size="sm" c="dimmed">
            {t('link.expires', { time: dateTime(link.expiresAt) })}
          </Text>
          <Group justify="flex-end">
            <Button onClick={props.onClose}>{t('link.close')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

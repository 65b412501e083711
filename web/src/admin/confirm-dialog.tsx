import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../components/load-error.tsx';

/** Asks before a change that is hard to undo; the caller runs it and closes the dialog. */
export function ConfirmDialog(props: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: Error | null;
  /** Replaces the general error text, such as for a conflict the caller can explain. */
  errorText?: string | null;
  onConfirm(): void;
  onClose(): void;
}) {
  const { t } = useTranslation('admin');

  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} centered>
      <Stack>
        <Text size="sm" component="div">
          {props.children}
        </Text>
        {props.error &&
          (props.errorText ? (
            <Text c="red" size="sm" role="alert">
              {props.errorText}
            </Text>
          ) : (
            <LoadError error={props.error} />
          ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('dialog.cancel')}
          </Button>
          <Button
            color={props.danger ? 'red' : undefined}
            onClick={props.onConfirm}
            loading={props.pending}
            data-testid="confirm-button"
          >
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Alert, Button, FileInput, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemoveLogo, useUploadLogo } from '../api/use-entities.ts';
import { usePermission } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import type { EntitySettings } from './entity-types.ts';

/** Largest logo the server accepts: 512 KiB. */
const MAX_LOGO_BYTES = 512 * 1024;

const LOGO_TYPES = ['image/png', 'image/jpeg'];

/**
 * Shows the entity's logo, which its letters print at the top right, and
 * with settings.manage a file picker with a preview, upload and removal. The browser checks type and size first; the server checks again.
 */
export function EntityLogoPanel(props: { entity: EntitySettings }) {
  const { t } = useTranslation('entities');
  const canManage = usePermission('settings.manage');
  const upload = useUploadLogo(props.entity.id);
  const removal = useRemoveLogo(props.entity.id);
  const [file, setFile] = useState<File | null>(null);
  // Changes after each upload or removal, so the browser loads the new image.
  const [version, setVersion] = useState(0);
  const preview = useMemo(() => (file ? URL.createObjectURL(file) : null), [file]);

  useEffect(
    () => () => {
      if (preview) {
        URL.revokeObjectURL(preview);
      }
    },
    [preview],
  );

  const fileProblem = file ? checkFile(file) : null;
  const done = () => {
    setFile(null);
    setVersion((current) => current + 1);
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('logo.intro')}
      </Text>
      <Paper withBorder p="md" data-testid="current-logo">
        <Text size="sm" fw={500} mb="xs">
          {t('logo.current')}
        </Text>
        {props.entity.hasLogo ? (
          <Image
            src={`/api/entities/${props.entity.id}/logo?v=${version}`}
            alt={t('logo.alt', { name: props.entity.name })}
            mah={120}
            w="auto"
            fit="contain"
          />
        ) : (
          <Text size="sm" c="dimmed">
            {t('logo.none')}
          </Text>
        )}
      </Paper>

      {canManage && (
        <Stack gap="sm">
          <FileInput
            label={t('logo.choose')}
            description={t('logo.rules')}
            placeholder={t('logo.placeholder')}
            accept={LOGO_TYPES.join(',')}
            value={file}
            onChange={(chosen) => {
              upload.reset();
              setFile(chosen);
            }}
            clearable
            error={fileProblem && t(`logo.${fileProblem}`)}
          />
          {preview && !fileProblem && (
            <Paper withBorder p="md">
              <Text size="sm" fw={500} mb="xs">
                {t('logo.preview')}
              </Text>
              <Image src={preview} alt={t('logo.preview')} mah={120} w="auto" fit="contain" />
            </Paper>
          )}
          {upload.error && <LoadError error={upload.error} />}
          {removal.error && <LoadError error={removal.error} />}
          {upload.isSuccess && <Alert color="green">{t('logo.uploaded')}</Alert>}
          <Group justify="space-between">
            <Button
              variant="subtle"
              color="red"
              disabled={!props.entity.hasLogo}
              loading={removal.isPending}
              onClick={() => removal.mutate(undefined, { onSuccess: done })}
            >
              {t('logo.remove')}
            </Button>
            <Button
              disabled={!file || fileProblem !== null}
              loading={upload.isPending}
              onClick={() => file && upload.mutate(file, { onSuccess: done })}
            >
              {t('logo.upload')}
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

function checkFile(file: File): 'wrongType' | 'tooLarge' | null {
  if (!LOGO_TYPES.includes(file.type)) {
    return 'wrongType';
  }
  return file.size > MAX_LOGO_BYTES ? 'tooLarge' : null;
}

import { Button, Grid, NavLink, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../api/use-session.ts';
import { ConfirmDialog } from '../admin/confirm-dialog.tsx';
import { CenteredLoader } from '../admin/centered-loader.tsx';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { NewProfileDialog } from './new-profile-dialog.tsx';
import { ProfileEditor } from './profile-editor.tsx';
import { useEditableProfiles, useStepTemplates } from './use-profile-editor.ts';

/**
 * Settings → Succession profiles: the profiles on the left, and the chosen
 * profile's settings, timeline and step form on the right. Before it
 * switches away from unsaved changes, a dialog requests confirmation.
 */
export function ProfilesScreen() {
  const { t } = useTranslation('profiles');
  const profiles = useEditableProfiles();
  const templates = useStepTemplates();
  const canManage = usePermission('settings.manage');
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [askSwitchTo, setAskSwitchTo] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [creating, setCreating] = useState(false);

  if (profiles.isPending || templates.isPending) {
    return <CenteredLoader />;
  }
  if (profiles.isError || templates.isError) {
    return <LoadError error={(profiles.error ?? templates.error) as Error} />;
  }

  const current = profiles.data.find((profile) => profile.id === chosenId) ?? profiles.data[0];

  function choose(id: string) {
    if (id === current?.id) {
      return;
    }
    if (dirty) {
      setAskSwitchTo(id);
    } else {
      setChosenId(id);
    }
  }

  return (
    <>
      <PageTitle
        title={t('title')}
        subtitle={t('subtitle')}
        actions={canManage && <Button onClick={() => setCreating(true)}>{t('create.open')}</Button>}
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Paper withBorder p="xs">
            <nav aria-label={t('listLabel')}>
              {profiles.data.map((profile) => (
                <NavLink
                  key={profile.id}
                  component="button"
                  label={profile.name}
                  description={t('listDescription', {
                    count: profile.steps.length,
                    segments: profile.segments.length,
                  })}
                  active={profile.id === current?.id}
                  aria-current={profile.id === current?.id ? 'page' : undefined}
                  onClick={() => choose(profile.id)}
                />
              ))}
            </nav>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {current ? (
            <ProfileEditor
              key={current.id}
              profile={current}
              allProfiles={profiles.data}
              templates={templates.data}
              canManage={canManage}
              onDirtyChange={setDirty}
              onDeleted={() => {
                setDirty(false);
                setChosenId(null);
              }}
            />
          ) : (
            <Stack>
              <Text c="dimmed">{t('none')}</Text>
            </Stack>
          )}
        </Grid.Col>
      </Grid>
      <NewProfileDialog
        opened={creating}
        profiles={profiles.data}
        onClose={() => setCreating(false)}
        onCreated={(profile) => choose(profile.id)}
      />
      <ConfirmDialog
        opened={askSwitchTo !== null}
        title={t('editor.leaveTitle')}
        confirmLabel={t('editor.leave')}
        danger
        pending={false}
        error={null}
        onConfirm={() => {
          setDirty(false);
          setChosenId(askSwitchTo);
          setAskSwitchTo(null);
        }}
        onClose={() => setAskSwitchTo(null)}
      >
        {t('editor.leaveText')}
      </ConfirmDialog>
    </>
  );
}

import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../admin/confirm-dialog.tsx';
import { useErrorMessage } from '../components/use-error-message.ts';
import {
  draftOf,
  errorsOf,
  hasErrors,
  isDirty,
  newStep,
  NO_ERRORS,
  requestBodyOf,
  stepsInOrder,
  updateStep,
  validateDraft,
  type DraftErrors,
  type ProfileDraft,
  type StepDraft,
} from './profile-draft.ts';
import { ProfileSettings } from './profile-settings.tsx';
import { StepErrorBanner } from './step-error-banner.tsx';
import { StepForm } from './step-form.tsx';
import { StepTimeline } from './step-timeline.tsx';
import {
  useDeleteProfile,
  useSaveProfile,
  type EditableProfile,
  type StepChannel,
} from './use-profile-editor.ts';

export interface ProfileEditorProps {
  profile: EditableProfile;
  allProfiles: EditableProfile[];
  templates: ReadonlyMap<StepChannel, string[]>;
  canManage: boolean;
  onDirtyChange(dirty: boolean): void;
  onDeleted(): void;
}

/**
 * Edits one profile as a draft: its settings, the timeline of steps and
 * the selected step's form. Nothing reaches the server until Save, which
 * sends the whole draft. Field errors, from the browser's own check or the
 * server, appear at their fields, and a banner lists the steps that have them.
 */
export function ProfileEditor(props: ProfileEditorProps) {
  const { t } = useTranslation('profiles');
  const save = useSaveProfile();
  const remove = useDeleteProfile();
  const errorMessage = useErrorMessage();
  const [saved, setSaved] = useState(props.profile);
  const [draft, setDraft] = useState<ProfileDraft>(() => draftOf(props.profile));
  const [selectedKey, setSelectedKey] = useState<string | null>(props.profile.steps[0]?.id ?? null);
  const [errors, setErrors] = useState<DraftErrors>(NO_ERRORS);
  const [removedStep, setRemovedStep] = useState<StepDraft | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);
  const [markerFocus, setMarkerFocus] = useState<MarkerFocus | null>(null);
  const timelineRef = useRef<HTMLDivElement>(null);
  const addStepRef = useRef<HTMLButtonElement>(null);
  const readOnly = !props.canManage;
  const dirty = isDirty(draft, saved);
  const { onDirtyChange } = props;

  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  // After a step is removed, the keyboard focus goes to the neighbouring
  // marker, or to Add step when no step is left, instead of dropping to the page.
  useEffect(() => {
    if (!markerFocus) {
      return;
    }
    const marker =
      markerFocus.key === null
        ? null
        : timelineRef.current?.querySelector<HTMLElement>(
            `[data-step-key="${CSS.escape(markerFocus.key)}"]`,
          );
    (marker ?? addStepRef.current)?.focus();
  }, [markerFocus]);

  const selected = draft.steps.find((step) => step.key === selectedKey) ?? null;
  const invalidKeys = new Set(Object.keys(errors.steps));

  function change(next: ProfileDraft) {
    setDraft(next);
  }

  function addStep() {
    const step = newStep(draft, t('timeline.newStepName'), props.templates);
    change({ ...draft, steps: [...draft.steps, step] });
    setSelectedKey(step.key);
  }

  function removeStep(key: string) {
    const step = draft.steps.find((candidate) => candidate.key === key);
    if (!step) {
      return;
    }
    const ordered = stepsInOrder(draft);
    const index = ordered.findIndex((candidate) => candidate.key === key);
    const neighbour = ordered[index + 1] ?? ordered[index - 1];
    change({ ...draft, steps: draft.steps.filter((candidate) => candidate.key !== key) });
    setRemovedStep(step);
    setSelectedKey(null);
    setMarkerFocus({ key: neighbour?.key ?? null });
  }

  function openStep(key: string) {
    setSelectedKey(key);
    setFocusRequest((count) => count + 1);
  }

  function undoRemove() {
    if (removedStep && !draft.steps.some((step) => step.dayOffset === removedStep.dayOffset)) {
      change({ ...draft, steps: [...draft.steps, removedStep] });
      setSelectedKey(removedStep.key);
    } else if (removedStep) {
      notifications.show({ color: 'orange', message: t('timeline.undoDayTaken') });
      return;
    }
    setRemovedStep(null);
  }

  function submit() {
    const problems = validateDraft(draft, (problem, value) => t(`form.${problem}`, { value }));
    if (hasErrors(problems)) {
      setErrors(problems);
      return;
    }
    const sent = stepsInOrder(draft);
    save.mutate(
      { id: saved.id, body: requestBodyOf(draft) },
      {
        onSuccess: (profile) => {
          setSaved(profile);
          setDraft(draftOf(profile));
          setErrors(NO_ERRORS);
          setRemovedStep(null);
          setSelectedKey((key) => matchSavedKey(key, sent, profile));
          notifications.show({
            color: 'green',
            message: t('editor.saved', { name: profile.name }),
          });
        },
        onError: (error) => setErrors(errorsOf(error, sent, errorMessage.describe)),
      },
    );
  }

  function discard() {
    setDraft(draftOf(saved));
    setErrors(NO_ERRORS);
    setRemovedStep(null);
  }

  const otherProfiles = props.allProfiles.filter((profile) => profile.id !== saved.id);
  const stepErrors = selected ? (errors.steps[selected.key] ?? {}) : {};

  return (
    <Stack>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Group gap="sm">
              <Title order={3}>{saved.name}</Title>
              {dirty && (
                <Badge color="orange" variant="light" data-testid="unsaved-badge">
                  {t('editor.unsaved')}
                </Badge>
              )}
            </Group>
            {props.canManage && (
              <Group gap="sm">
                <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)}>
                  {t('editor.delete')}
                </Button>
                <Button variant="default" disabled={!dirty} onClick={discard}>
                  {t('editor.discard')}
                </Button>
                <Button disabled={!dirty} loading={save.isPending} onClick={submit}>
                  {t('editor.save')}
                </Button>
              </Group>
            )}
          </Group>
          {errors.general.length > 0 && (
            <Alert color="red" role="alert" title={t('editor.saveFailed')}>
              {errors.general.join(' ')}
            </Alert>
          )}
          <ProfileSettings
            draft={draft}
            profile={saved}
            otherProfiles={otherProfiles}
            errors={errors.profile}
            readOnly={readOnly}
            onChange={(changes) => change({ ...draft, ...changes })}
          />
        </Stack>
      </Paper>

      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={4}>{t('timeline.title')}</Title>
            {props.canManage && (
              <Button ref={addStepRef} variant="light" onClick={addStep}>
                {t('timeline.addStep')}
              </Button>
            )}
          </Group>
          <StepErrorBanner steps={draft.steps} errors={errors.steps} onOpen={openStep} />
          {draft.steps.length === 0 ? (
            <Text c="dimmed">{t('timeline.empty')}</Text>
          ) : (
            <div ref={timelineRef}>
              <StepTimeline
                steps={draft.steps}
                selectedKey={selectedKey}
                invalidKeys={invalidKeys}
                readOnly={readOnly}
                onSelect={(key) => {
                  setSelectedKey(key);
                  setFocusRequest(0);
                }}
                onOpen={openStep}
                onMove={(key, dayOffset) => change(updateStep(draft, key, { dayOffset }))}
                onRemove={removeStep}
              />
            </div>
          )}
          {removedStep && (
            <Alert color="gray" data-testid="undo-remove">
              <Group justify="space-between">
                <Text size="sm">
                  {t('timeline.removed', { name: removedStep.name })}{' '}
                  {removedStep.id ? t('timeline.removedHistory') : ''}
                </Text>
                <Button size="xs" variant="default" onClick={undoRemove}>
                  {t('timeline.undo')}
                </Button>
              </Group>
            </Alert>
          )}
        </Stack>
      </Paper>

      {selected ? (
        <StepForm
          key={selected.key}
          step={selected}
          templates={props.templates}
          errors={stepErrors}
          readOnly={readOnly}
          focusRequest={focusRequest}
          onChange={(changes) => change(updateStep(draft, selected.key, changes))}
          onRemove={() => removeStep(selected.key)}
        />
      ) : (
        draft.steps.length > 0 && <Text c="dimmed">{t('form.choose')}</Text>
      )}

      <ConfirmDialog
        opened={confirmDelete}
        title={t('editor.deleteTitle', { name: saved.name })}
        confirmLabel={t('editor.delete')}
        danger
        pending={remove.isPending}
        error={remove.error}
        errorText={remove.error ? errorMessage.describe(remove.error) : null}
        onConfirm={() => remove.mutate(saved.id, { onSuccess: props.onDeleted })}
        onClose={() => {
          setConfirmDelete(false);
          remove.reset();
        }}
      >
        {t('editor.deleteText')}
      </ConfirmDialog>
    </Stack>
  );
}

/** A marker to focus after a step was removed; key null means the Add step button. */
interface MarkerFocus {
  key: string | null;
}

/** Finds the saved id of the step that was selected, also for a step that was new. */
function matchSavedKey(
  key: string | null,
  sent: readonly StepDraft[],
  saved: EditableProfile,
): string | null {
  const index = sent.findIndex((step) => step.key === key);

  return index === -1 ? null : (saved.steps[index]?.id ?? null);
}

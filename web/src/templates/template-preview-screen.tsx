import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
} from '@mantine/core';
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebtors } from '../api/use-debtors.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import {
  useProfileSteps,
  useTemplatePreview,
  type PreviewChannel,
  type TemplatePreview,
} from './use-template-preview.ts';

/** Languages that every stock template is written in. */
const TEMPLATE_LANGUAGES = ['nl', 'en', 'de', 'fr'] as const;

const CHANNELS: readonly PreviewChannel[] = ['email', 'sms', 'letter'];

const frameStyle: CSSProperties = {
  width: '100%',
  height: 560,
  border: '1px solid var(--mantine-color-gray-3)',
  background: 'white',
};

/**
 * Shows how a step's template reads for one debtor, in a chosen language
 * and channel, without writing a message. The e-mail's HTML runs in an
 * iframe with an empty sandbox, so no script in it runs.
 */
export function TemplatePreviewScreen() {
  const { t } = useTranslation('templates');
  const { entity } = useEntity();
  const profiles = useProfileSteps();
  const preview = useTemplatePreview();
  const [stepId, setStepId] = useState<string | null>(null);
  const [channel, setChannel] = useState<PreviewChannel>('email');
  const [language, setLanguage] = useState<string>(entity.language);
  const [debtorId, setDebtorId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const debtors = useDebtors({ entity: entity.code, search, page: 1, pageSize: 20 });

  const stepOptions = useMemo(
    () =>
      (profiles.data ?? []).map((profile) => ({
        group: profile.name,
        items: profile.steps
          .filter((step) => step.channel !== 'call')
          .map((step) => ({ value: step.id, label: `${step.name} (${step.templateKey})` })),
      })),
    [profiles.data],
  );
  const debtorOptions = (debtors.data?.items ?? []).map((debtor) => ({
    value: debtor.id,
    label: `${debtor.number} · ${debtor.name}`,
  }));

  function chooseStep(id: string | null) {
    setStepId(id);
    const step = profiles.data?.flatMap((profile) => profile.steps).find((s) => s.id === id);
    if (step && (CHANNELS as readonly string[]).includes(step.channel)) {
      setChannel(step.channel as PreviewChannel);
    }
  }

  function chooseDebtor(id: string | null) {
    setDebtorId(id);
    const debtor = debtors.data?.items.find((candidate) => candidate.id === id);
    if (debtor?.language) {
      setLanguage(debtor.language);
    }
  }

  const pdfUrl = preview.data?.channel === 'letter' ? preview.data.pdfUrl : undefined;
  useEffect(
    () => () => {
      if (pdfUrl) {
        URL.revokeObjectURL(pdfUrl);
      }
    },
    [pdfUrl],
  );

  const ready = stepId !== null && debtorId !== null;

  return (
    <Stack gap="md">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      {profiles.isError && <LoadError error={profiles.error} />}
      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <Select
            label={t('step')}
            placeholder={t('stepPlaceholder')}
            data={stepOptions}
            value={stepId}
            onChange={chooseStep}
            data-testid="template-step"
          />
          <Select
            label={t('debtor')}
            placeholder={t('debtorPlaceholder')}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options }) => options}
            nothingFoundMessage={t('noDebtors')}
            data={debtorOptions}
            value={debtorId}
            onChange={chooseDebtor}
            data-testid="template-debtor"
          />
          <Select
            label={t('language')}
            data={TEMPLATE_LANGUAGES.map((code) => ({
              value: code,
              label: t(`languages.${code}`),
            }))}
            value={language}
            onChange={(value) => value && setLanguage(value)}
            allowDeselect={false}
            data-testid="template-language"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('channel')}
            </Text>
            <SegmentedControl
              value={channel}
              onChange={(value) => setChannel(value as PreviewChannel)}
              data={CHANNELS.map((value) => ({ value, label: t(`channels.${value}`) }))}
            />
          </Stack>
        </SimpleGrid>
        <Group justify="flex-end" mt="md">
          <Button
            disabled={!ready}
            loading={preview.isPending}
            onClick={() =>
              stepId &&
              debtorId &&
              preview.mutate({ entity: entity.code, debtorId, stepId, language, channel })
            }
            data-testid="template-preview-button"
          >
            {t('show')}
          </Button>
        </Group>
      </Paper>
      {preview.isError && <LoadError error={preview.error} />}
      {preview.data && <PreviewResult preview={preview.data} requestedLanguage={language} />}
    </Stack>
  );
}

function PreviewResult(props: { preview: TemplatePreview; requestedLanguage: string }) {
  const { t } = useTranslation('templates');
  const { preview } = props;

  return (
    <Paper withBorder p="md" data-testid="template-preview-result">
      <Stack gap="xs">
        <Group gap="xs">
          <Badge variant="light">{t(`channels.${preview.channel}`)}</Badge>
          <Badge variant="outline">{t(`languages.${preview.language}`, preview.language)}</Badge>
        </Group>
        {preview.language !== props.requestedLanguage && (
          <Alert color="yellow">
            {t('fallback', { language: t(`languages.${preview.language}`, preview.language) })}
          </Alert>
        )}
        {preview.channel === 'email' && (
          <>
            <Text size="sm" data-testid="template-preview-subject">
              <b>{t('subject')}</b> {preview.subject}
            </Text>
            <Tabs defaultValue="html">
              <Tabs.List>
                <Tabs.Tab value="html">{t('htmlTab')}</Tabs.Tab>
                <Tabs.Tab value="text">{t('textTab')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="html" pt="xs">
                <iframe title={t('htmlTab')} sandbox="" srcDoc={preview.html} style={frameStyle} />
              </Tabs.Panel>
              <Tabs.Panel value="text" pt="xs">
                <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {preview.text}
                </Text>
              </Tabs.Panel>
            </Tabs>
          </>
        )}
        {preview.channel === 'sms' && (
          <>
            <Text size="sm" data-testid="template-preview-sms" style={{ whiteSpace: 'pre-wrap' }}>
              {preview.text}
            </Text>
            <Text size="sm" c="dimmed">
              {t('smsSize', {
                characters: preview.characters,
                count: preview.segments,
                encoding: preview.encoding,
              })}
            </Text>
          </>
        )}
        {preview.channel === 'letter' && (
          <iframe title={t('pdfTitle')} src={preview.pdfUrl} style={frameStyle} />
        )}
      </Stack>
    </Paper>
  );
}

import {
  Alert,
  Button,
  Center,
  Chip,
  Fieldset,
  Group,
  Loader,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entity } from '../api/types.ts';
import { useEntitySettings, useSaveEntity } from '../api/use-entities.ts';
import { usePermission } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import {
  countryChoices,
  currencyChoices,
  languageChoices,
  timeZoneChoices,
  weekdayChoices,
} from './entity-choices.ts';
import { FieldsError } from './entity-request.ts';
import type { EntityInput, EntityInputField, EntitySettings } from './entity-types.ts';
import {
  changedFields,
  emptyFormValues,
  formValuesOf,
  invalidNumberFields,
  toEntityInput,
  type FormValues,
} from './entity-form-values.ts';
import { EntityPaymentFields } from './entity-payment-fields.tsx';
import { formatVatPercent, parseVatPercent } from './vat-rate-percent.ts';
import { HOLIDAY_CALENDARS } from '../../../src/entities/entity-options.ts';

/** Fields whose server error has its own translated hint; others show the server's message. */
const translatedErrors = new Set<string>([
  'code',
  'name',
  'currency',
  'country',
  'languages',
  'timeZone',
  'iban',
  'bic',
  'cocNumber',
  'vatNumber',
  'senderEmail',
  'senderName',
  'portalUrl',
  'workingDays',
  'holidayCalendar',
  'maxContactsPerWeek',
  'sendingWindowStart',
  'sendingWindowEnd',
  'addressLine',
  'postalCode',
  'city',
  'paymentReferenceScheme',
  'allocationOrder',
  'vatRateBasisPoints',
  'letterDeliveryWorkingDays',
  'arrangementGraceDays',
  'paymentLinkExpiryDays',
  'messagePaymentLinkExpiryDays',
]);

/**
 * Renders the settings form of one entity: it adds a new entity without
 * `entity`, else it changes the given one (its code stays). Loads the full settings itself,
 * so a caller passes any entity of the list. Without settings.manage the
 * form shows the settings read-only.
 */
export function EntityForm(props: { entity?: Entity; onSaved(entity: EntitySettings): void }) {
  const settings = useEntitySettings(props.entity?.id);

  if (props.entity && settings.isPending) {
    return (
      <Center py="md">
        <Loader />
      </Center>
    );
  }
  if (settings.isError) {
    return <LoadError error={settings.error} />;
  }
  // Keyed by the stored settings, so that after a save the form shows the normalised values.
  return (
    <EntityFormFields
      key={JSON.stringify(settings.data ?? null)}
      entity={settings.data}
      onSaved={props.onSaved}
    />
  );
}

function EntityFormFields(props: {
  entity: EntitySettings | undefined;
  onSaved(entity: EntitySettings): void;
}) {
  const { t, i18n } = useTranslation('entities');
  const locale = i18n.resolvedLanguage ?? 'en';
  const canManage = usePermission('settings.manage');
  const save = useSaveEntity(props.entity?.id);
  const initial = useMemo(
    () => (props.entity ? formValuesOf(props.entity, locale) : emptyFormValues),
    [props.entity, locale],
  );
  const [values, setValues] = useState<FormValues>(initial);
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  const [unreadable, setUnreadable] = useState<ReadonlySet<string>>(new Set());
  // The VAT percent follows the language's decimal separator, also after a language switch:
  // the state is adjusted while rendering, as React advises for state that follows a value.
  const [percentLocale, setPercentLocale] = useState(locale);
  if (percentLocale !== locale) {
    setPercentLocale(locale);
    const basisPoints = parseVatPercent(values.vatRatePercent);
    if (basisPoints !== undefined) {
      setValues({ ...values, vatRatePercent: formatVatPercent(basisPoints, locale) });
    }
  }
  const isNew = props.entity === undefined;

  const choices = useMemo(
    () => ({
      countries: countryChoices(locale),
      currencies: currencyChoices(locale, values.currency ?? undefined),
      languages: languageChoices(locale, initial.languages),
      timeZones: timeZoneChoices(values.timeZone ?? undefined),
      weekdays: weekdayChoices(locale),
    }),
    [locale, values.currency, values.timeZone, initial.languages],
  );
  const calendarChoices = [
    { value: 'none', label: t('form.calendarNone') },
    ...HOLIDAY_CALENDARS.map((code) => ({ value: code, label: t(`calendar.${code}`) })),
  ];

  function set<K extends keyof FormValues>(field: K, value: FormValues[K]) {
    setValues((current) => ({ ...current, [field]: value }));
  }

  /** For a new entity, picks the country's holiday calendar when there is one. */
  function setCountry(country: string | null) {
    setValues((current) => ({
      ...current,
      country,
      holidayCalendar:
        isNew && country && (HOLIDAY_CALENDARS as readonly string[]).includes(country)
          ? country
          : current.holidayCalendar,
    }));
  }

  function errorOf(field: EntityInputField | 'defaultLanguage'): string | undefined {
    if (missing.has(field)) {
      return t('form.required');
    }
    if (unreadable.has(field)) {
      return t(`fieldError.${field as EntityInputField}`);
    }
    const issue =
      save.error instanceof FieldsError
        ? save.error.fields.find(
            (candidate) =>
              candidate.field === field ||
              (field === 'languages' && candidate.field === 'language'),
          )
        : undefined;
    if (!issue) {
      return undefined;
    }
    return translatedErrors.has(issue.field)
      ? t(`fieldError.${issue.field as EntityInputField}`)
      : issue.message;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const required: Array<'code' | 'name' | 'country' | 'currency'> = isNew
      ? ['code', 'name', 'country', 'currency']
      : ['name', 'country', 'currency'];
    const absent = new Set<string>(required.filter((field) => !values[field]?.trim()));
    if (values.workingDays.length === 0) {
      absent.add('workingDays');
    }
    setMissing(absent);
    const notNumbers = new Set<string>(invalidNumberFields(values));
    setUnreadable(notNumbers);
    if (absent.size > 0 || notNumbers.size > 0) {
      return;
    }

    const input = toEntityInput(values);
    const body: Partial<EntityInput> = isNew ? input : changedFields(toEntityInput(initial), input);
    save.mutate(body as EntityInput, {
      onSuccess: (saved) => {
        notifications.show({ color: 'green', message: t('form.saved', { code: saved.code }) });
        props.onSaved(saved);
      },
    });
  }

  const generalError =
    save.error && !(save.error instanceof FieldsError && save.error.fields.length > 0)
      ? save.error
      : null;
  return (
    <form onSubmit={submit} noValidate data-testid="entity-form">
      <Stack gap="md">
        {!canManage && <Alert color="gray">{t('form.readOnly')}</Alert>}
        <fieldset disabled={!canManage} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="md">
            <Fieldset legend={t('form.general')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('form.code')}
                  description={isNew ? t('form.codeHint') : t('form.codeFixed')}
                  value={values.code}
                  onChange={(event) => set('code', event.currentTarget.value)}
                  disabled={!isNew}
                  error={errorOf('code')}
                  required={isNew}
                  maxLength={32}
                />
                <TextInput
                  label={t('form.name')}
                  description={t('form.nameHint')}
                  value={values.name}
                  onChange={(event) => set('name', event.currentTarget.value)}
                  error={errorOf('name')}
                  required
                />
                <Select
                  label={t('form.country')}
                  data={choices.countries}
                  value={values.country}
                  onChange={setCountry}
                  searchable
                  error={errorOf('country')}
                  required
                />
                <Select
                  label={t('form.currency')}
                  data={choices.currencies}
                  value={values.currency}
                  onChange={(value) => set('currency', value)}
                  searchable
                  error={errorOf('currency')}
                  required
                />
                <MultiSelect
                  label={t('form.languages')}
                  description={isNew ? t('form.languagesNewHint') : t('form.languagesHint')}
                  data={choices.languages}
                  value={values.languages}
                  onChange={(languages) => set('languages', languages)}
                  error={errorOf('languages')}
                />
                <Select
                  label={t('form.defaultLanguage')}
                  description={t('form.defaultLanguageHint')}
                  data={choices.languages.filter((choice) =>
                    values.languages.includes(choice.value),
                  )}
                  value={values.defaultLanguage}
                  onChange={(value) => set('defaultLanguage', value)}
                  disabled={values.languages.length < 2}
                />
                <Select
                  label={t('form.timeZone')}
                  description={isNew ? t('form.timeZoneNewHint') : undefined}
                  data={choices.timeZones}
                  value={values.timeZone}
                  onChange={(value) => set('timeZone', value)}
                  searchable
                  clearable={isNew}
                  error={errorOf('timeZone')}
                />
              </SimpleGrid>
            </Fieldset>

            <Fieldset legend={t('form.sending')}>
              <Stack gap="sm">
                <div>
                  <Text size="sm" fw={500}>
                    {t('form.workingDays')}
                  </Text>
                  <Text size="xs" c="dimmed" mb={6}>
                    {t('form.workingDaysHint')}
                  </Text>
                  <Chip.Group
                    multiple
                    value={values.workingDays}
                    onChange={(days) => set('workingDays', days)}
                  >
                    <Group gap="xs" data-testid="working-days">
                      {choices.weekdays.map((day) => (
                        <Chip key={day.value} value={day.value} size="sm">
                          {day.label}
                        </Chip>
                      ))}
                    </Group>
                  </Chip.Group>
                  {errorOf('workingDays') && (
                    <Text size="xs" c="red" mt={4}>
                      {errorOf('workingDays')}
                    </Text>
                  )}
                </div>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Select
                    label={t('form.holidayCalendar')}
                    description={t('form.holidayCalendarHint')}
                    data={calendarChoices}
                    value={values.holidayCalendar}
                    onChange={(value) => set('holidayCalendar', value ?? 'none')}
                    allowDeselect={false}
                    error={errorOf('holidayCalendar')}
                  />
                  <div />
                  <TextInput
                    label={t('form.senderEmail')}
                    description={t('form.senderEmailHint')}
                    type="email"
                    value={values.senderEmail}
                    onChange={(event) => set('senderEmail', event.currentTarget.value)}
                    error={errorOf('senderEmail')}
                  />
                  <TextInput
                    label={t('form.senderName')}
                    description={t('form.senderNameHint')}
                    value={values.senderName}
                    onChange={(event) => set('senderName', event.currentTarget.value)}
                    error={errorOf('senderName')}
                  />
                  <TextInput
                    label={t('form.portalUrl')}
                    description={t('form.portalUrlHint')}
                    placeholder="https://"
                    value={values.portalUrl}
                    onChange={(event) => set('portalUrl', event.currentTarget.value)}
                    error={errorOf('portalUrl')}
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>

            <Fieldset legend={t('form.sendingRules')} data-testid="sending-rules">
              <Stack gap="sm">
                <Switch
                  label={t('form.shiftDueDates')}
                  description={t('form.shiftDueDatesHint')}
                  checked={values.shiftDueDatesToWorkingDay}
                  onChange={(event) =>
                    set('shiftDueDatesToWorkingDay', event.currentTarget.checked)
                  }
                />
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <TextInput
                    label={t('form.maxContactsPerWeek')}
                    description={t('form.maxContactsPerWeekHint')}
                    inputMode="numeric"
                    value={values.maxContactsPerWeek}
                    onChange={(event) => set('maxContactsPerWeek', event.currentTarget.value)}
                    error={errorOf('maxContactsPerWeek')}
                  />
                  <TextInput
                    label={t('form.sendingWindowStart')}
                    description={t('form.sendingWindowHint')}
                    type="time"
                    value={values.sendingWindowStart}
                    onChange={(event) => set('sendingWindowStart', event.currentTarget.value)}
                    error={errorOf('sendingWindowStart')}
                  />
                  <TextInput
                    label={t('form.sendingWindowEnd')}
                    description={t('form.sendingWindowEndHint')}
                    type="time"
                    value={values.sendingWindowEnd}
                    onChange={(event) => set('sendingWindowEnd', event.currentTarget.value)}
                    error={errorOf('sendingWindowEnd')}
                  />
                </SimpleGrid>
              </Stack>
            </Fieldset>

            <EntityPaymentFields values={values} set={set} errorOf={errorOf} />

            <Fieldset legend={t('form.registration')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('form.addressLine')}
                  value={values.addressLine}
                  onChange={(event) => set('addressLine', event.currentTarget.value)}
                  error={errorOf('addressLine')}
                />
                <Group grow align="flex-start" gap="sm">
                  <TextInput
                    label={t('form.postalCode')}
                    value={values.postalCode}
                    onChange={(event) => set('postalCode', event.currentTarget.value)}
                    error={errorOf('postalCode')}
                  />
                  <TextInput
                    label={t('form.city')}
                    value={values.city}
                    onChange={(event) => set('city', event.currentTarget.value)}
                    error={errorOf('city')}
                  />
                </Group>
                <TextInput
                  label={t('form.cocNumber')}
                  description={t('form.cocNumberHint')}
                  value={values.cocNumber}
                  onChange={(event) => set('cocNumber', event.currentTarget.value)}
                  error={errorOf('cocNumber')}
                />
                <TextInput
                  label={t('form.vatNumber')}
                  description={t('form.vatNumberHint')}
                  value={values.vatNumber}
                  onChange={(event) => set('vatNumber', event.currentTarget.value)}
                  error={errorOf('vatNumber')}
                />
                <TextInput
                  label={t('form.iban')}
                  description={t('form.ibanHint')}
                  value={values.iban}
                  onChange={(event) => set('iban', event.currentTarget.value)}
                  error={errorOf('iban')}
                />
                <TextInput
                  label={t('form.bic')}
                  description={t('form.bicHint')}
                  value={values.bic}
                  onChange={(event) => set('bic', event.currentTarget.value)}
                  error={errorOf('bic')}
                />
              </SimpleGrid>
            </Fieldset>
          </Stack>
        </fieldset>

        {generalError && <LoadError error={generalError} />}
        {save.error instanceof FieldsError && save.error.fields.length > 0 && (
          <Alert color="red" role="alert" data-testid="entity-form-errors">
            {t('form.invalid', { count: save.error.fields.length })}
          </Alert>
        )}
        {canManage && (
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending}>
              {isNew ? t('form.create') : t('form.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

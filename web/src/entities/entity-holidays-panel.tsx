import {
  ActionIcon,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useEntityHolidays, useSetClosingDays } from '../api/use-entities.ts';
import { usePermission } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { HOLIDAY_NAMES, type HolidayKey } from '../../../src/calendar/holiday-keys.ts';
import { isHolidayCalendar } from '../../../src/entities/entity-options.ts';
import type { ClosingDay, EntityHoliday, EntitySettings } from './entity-types.ts';

/**
 * Lists the days of one year on which the entity sends nothing besides its
 * non-working weekdays: the public holidays of its calendar and its own
 * closing days. With settings.manage, closing days can be added and removed;
 * each change saves the year's closing days at once.
 */
export function EntityHolidaysPanel(props: { entity: EntitySettings }) {
  const { t } = useTranslation('entities');
  const format = useFormat();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const holidays = useEntityHolidays(props.entity.id, year);
  const setClosingDays = useSetClosingDays(props.entity.id, year);
  const canManage = usePermission('settings.manage');

  const closingDays: ClosingDay[] = (holidays.data ?? [])
    .filter((holiday) => holiday.source === 'entity')
    .map((holiday) => ({ date: holiday.date, name: holiday.name }));
  const years = [thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map(String);

  function nameOf(holiday: EntityHoliday): string {
    return holiday.key && isHolidayKey(holiday.key) ? t(`holiday.${holiday.key}`) : holiday.name;
  }
  const calendar = props.entity.holidayCalendar;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={420}>
          {calendar && isHolidayCalendar(calendar)
            ? t('holidays.intro', { calendar: t(`calendar.${calendar}`) })
            : t('holidays.introNoCalendar')}
        </Text>
        <Select
          label={t('holidays.year')}
          data={years}
          value={String(year)}
          onChange={(value) => value && setYear(Number(value))}
          allowDeselect={false}
          w={110}
        />
      </Group>

      {holidays.isPending && (
        <Center py="md">
          <Loader />
        </Center>
      )}
      {holidays.isError && <LoadError error={holidays.error} />}
      {holidays.data?.length === 0 && <Text c="dimmed">{t('holidays.none')}</Text>}
      {holidays.data && holidays.data.length > 0 && (
        <Table striped verticalSpacing="xs" data-testid="holiday-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('holidays.date')}</Table.Th>
              <Table.Th>{t('holidays.name')}</Table.Th>
              <Table.Th>{t('holidays.kind')}</Table.Th>
              {canManage && <Table.Th w={50} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {holidays.data.map((holiday) => (
              <Table.Tr key={`${holiday.date}-${holiday.source}`}>
                <Table.Td>{format.date(holiday.date)}</Table.Td>
                <Table.Td>{nameOf(holiday)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={holiday.source === 'entity' ? 'grape' : 'gray'}>
                    {holiday.source === 'entity' ? t('holidays.closingDay') : t('holidays.public')}
                  </Badge>
                </Table.Td>
                {canManage && (
                  <Table.Td>
                    {holiday.source === 'entity' && (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('holidays.remove', { name: holiday.name })}
                        loading={setClosingDays.isPending}
                        onClick={() =>
                          setClosingDays.mutate(
                            closingDays.filter((day) => day.date !== holiday.date),
                          )
                        }
                      >
                        ×
                      </ActionIcon>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      {setClosingDays.error && <LoadError error={setClosingDays.error} />}
      {canManage && holidays.data && (
        <AddClosingDayForm
          year={year}
          taken={new Set(holidays.data.map((holiday) => holiday.date))}
          pending={setClosingDays.isPending}
          onAdd={(day) => setClosingDays.mutateAsync([...closingDays, day])}
        />
      )}
    </Stack>
  );
}

function isHolidayKey(key: string): key is HolidayKey {
  return Object.hasOwn(HOLIDAY_NAMES, key);
}

function AddClosingDayForm(props: {
  year: number;
  taken: ReadonlySet<string>;
  pending: boolean;
  onAdd(day: ClosingDay): Promise<unknown>;
}) {
  const { t, i18n } = useTranslation('entities');
  const [date, setDate] = useState<string | null>(null);
  const [name, setName] = useState('');
  const duplicate = date !== null && props.taken.has(date);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!date || name.trim() === '' || duplicate) {
      return;
    }
    await props.onAdd({ date, name: name.trim() });
    setDate(null);
    setName('');
  }

  return (
    <form onSubmit={submit} data-testid="closing-day-form">
      <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en' }}>
        <Group align="flex-end" gap="sm">
          <DateInput
            label={t('holidays.newDate')}
            value={date}
            onChange={setDate}
            minDate={`${props.year}-01-01`}
            maxDate={`${props.year}-12-31`}
            defaultDate={`${props.year}-01-01`}
            valueFormat="D MMMM YYYY"
            error={duplicate ? t('holidays.taken') : undefined}
            w={200}
          />
          <TextInput
            label={t('holidays.newName')}
            placeholder={t('holidays.newNamePlaceholder')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={100}
            style={{ flex: 1 }}
          />
          <Button
            type="submit"
            variant="light"
            loading={props.pending}
            disabled={!date || name.trim() === '' || duplicate}
          >
            {t('holidays.add')}
          </Button>
        </Group>
      </DatesProvider>
    </form>
  );
}

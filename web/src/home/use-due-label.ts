import { useTranslation } from 'react-i18next';

/**
 * Returns a function that describes a due date against the local today of
 * the item's entity: "Due today" or "3 days overdue".
 */
export function useDueLabel(todayOf: (entityCode: string) => string) {
  const { t } = useTranslation('home');

  return (entityCode: string, dueDate: string): string => {
    const days = daysBetween(dueDate, todayOf(entityCode));
    return days > 0 ? t('daysOverdue', { count: days }) : t('dueToday');
  };
}

/** Calendar days from `from` to `to`, both 'YYYY-MM-DD'; positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

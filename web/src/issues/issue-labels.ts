import { useTranslation } from 'react-i18next';
import type { IssueStatus, LocalizedName } from '../api/use-issues.ts';
import { daysBetween } from '../home/use-due-label.ts';

/**
 * Returns a function that picks the name in the UI language from a
 * category's or process's `names`, and `name` when that language has none.
 */
export function useLocalizedName(): (value: LocalizedName) => string {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';

  return (value) => value.names[language] ?? value.name;
}

/** Badge colour of each status: open statuses in blues and yellow, closed ones in green and grey. */
export const statusColours: Record<IssueStatus, string> = {
  new: 'blue',
  in_progress: 'indigo',
  waiting_for_debtor: 'yellow',
  resolved: 'green',
  rejected: 'gray',
};

/** Days the deadline lies before `today`; zero or less when it has not passed. */
export function daysPastDeadline(deadline: string, today: string): number {
  return daysBetween(deadline, today);
}

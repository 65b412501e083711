import { Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CodeHold, IssueHold } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';

/**
 * Shows why an invoice is kept out of dunning: its import hold code (with
 * the end date when the hold ends by itself) and the issue that holds it,
 * linked to the issue. Renders nothing when neither applies.
 */
export function HoldReason(props: { hold: CodeHold | null; issueHold: IssueHold | null }) {
  const { t, i18n } = useTranslation();
  const { t: tHolds } = useTranslation('holds');
  const language = i18n.resolvedLanguage ?? 'en';
  const format = useFormat();
  const { hold, issueHold } = props;
  if (!hold && !issueHold) {
    return null;
  }

  return (
    <Stack gap={0} maw={320}>
      {hold && (
        <Text size="xs" c="orange.9">
          {hold.until
            ? t('invoice.holdReasonUntil', { reason: hold.reason, date: format.date(hold.until) })
            : hold.reason}
        </Text>
      )}
      {issueHold && (
        <Anchor
          component={Link}
          to={`/issues/${issueHold.issueId}`}
          size="xs"
          c="orange.9"
          underline="always"
          data-testid="issue-hold"
        >
          {describeIssueHold(issueHold, {
            t: tHolds,
            formatDate: format.date,
            category: issueHold.categoryNames[language] ?? issueHold.categoryName,
          })}
        </Anchor>
      )}
    </Stack>
  );
}

function describeIssueHold(
  issueHold: IssueHold,
  options: {
    t: ReturnType<typeof useTranslation<'holds'>>['t'];
    formatDate: (value: string) => string;
    /** The category name in the UI language. */
    category: string;
  },
): string {
  const { t, formatDate } = options;
  if (issueHold.status === 'open' || !issueHold.closedOn || !issueHold.resumesOn) {
    return t('issueOpen', { number: issueHold.issueNumber, category: options.category });
  }
  const values = {
    number: issueHold.issueNumber,
    closedOn: formatDate(issueHold.closedOn),
    resumesOn: formatDate(issueHold.resumesOn),
  };

  return issueHold.closedAs === 'rejected'
    ? t('issueRejected', values)
    : t('issueResolved', values);
}

import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReviewSkipped } from '../../api/use-provisioning.ts';
import { useStepLabel } from '../profiles/use-step-label.ts';

/** Steps that were due but make no message, such as for invoices on hold. */
export function SkippedList(props: { skipped: ReviewSkipped[] }) {
  const { t } = useTranslation('wizard');
  const stepLabel = useStepLabel();

  return (
    <div>
      <Text size="sm" fw={600} mb={4}>
        {t('review.skippedTitle', { count: props.skipped.length })}
      </Text>
      <List size="sm" spacing={2}>
        {props.skipped.map((item, index) => (
          <List.Item key={`${item.debtorNumber}-${item.step}-${index}`}>
            {t('review.skippedLine', {
              debtor: item.debtorName,
              step: stepLabel(item.step),
              reason: t(`review.skipReason.${item.reason}`),
              invoices: item.invoices.join(', '),
            })}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

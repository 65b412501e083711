import { List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReviewSkipped } from '../../api/use-provisioning.ts';
import { useStepLabel } from '../profiles/use-step-label.ts';

/** Steps that were due but make no message, such as for invoices on hold, with the reason for each hold. */
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
            {item.onHold !== undefined && item.onHold.length > 0 && (
              <List size="xs" withPadding>
                {item.onHold.map((held) => (
                  <List.Item key={held.number}>
                    {t('review.onHoldLine', { invoice: held.number, reason: held.holdReason })}
                  </List.Item>
                ))}
              </List>
            )}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { DebtorDetails } from '../api/types.ts';
import { useClearInvalidPhoneNumber, useLiftDebtorHold } from '../api/use-debtor-hold.ts';
import { usePermission } from '../api/use-session.ts';
import { useDateTime } from '../admin/use-date-time.ts';
import { useFormat } from '../format/use-format.ts';
import { LoadError } from './load-error.tsx';

/**
 * Shows on the customer card what keeps dunning from the debtor: a hold set
 * from batch review, with "Lift hold", and the phone numbers a call marked
 * as wrong, each with "Clear". Renders nothing when there is neither.
 */
export function DebtorDunningPanel(props: {
  debtor: DebtorDetails;
  /** The card's as-of date: a hold whose last day lies before it has ended. */
  asOf: string;
}) {
  const { debtor } = props;
  if (!debtor.dunningHold && debtor.invalidPhoneNumbers.length === 0) {
    return null;
  }

  return (
    <Stack gap="sm">
      {debtor.dunningHold && <HoldAlert debtor={debtor} asOf={props.asOf} />}
      {debtor.invalidPhoneNumbers.length > 0 && <WrongNumbers debtor={debtor} />}
    </Stack>
  );
}

function HoldAlert(props: { debtor: DebtorDetails; asOf: string }) {
  const { t } = useTranslation('dunningHold');
  const format = useFormat();
  const dateTime = useDateTime();
  const lift = useLiftDebtorHold();
  const canLift = usePermission('dunning.manage');
  const hold = props.debtor.dunningHold;
  if (!hold) {
    return null;
  }
  const ended = hold.until !== null && hold.until < props.asOf;
  const period = hold.until
    ? t('card.until', { date: format.date(hold.until) })
    : t('card.untilLifted');

  return (
    <Alert color={ended ? 'gray' : 'orange'} title={t('card.title')} data-testid="dunning-hold">
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          {hold.reason}
        </Text>
        <Text size="sm">
          {ended ? t('card.ended', { date: format.date(hold.until ?? '') }) : period}
        </Text>
        <Text size="xs" c="dimmed">
          {t('card.by', { name: hold.heldBy.name, date: dateTime(hold.heldAt) })}
        </Text>
        {lift.error && <LoadError error={lift.error} />}
        {canLift && (
          <Group>
            <Button
              size="xs"
              variant="white"
              color="orange"
              loading={lift.isPending}
              onClick={() =>
                lift.mutate(props.debtor.id, {
                  onSuccess: () =>
                    notifications.show({ color: 'green', message: t('card.lifted') }),
                })
              }
              data-testid="lift-hold"
            >
              {t('card.lift')}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

function WrongNumbers(props: { debtor: DebtorDetails }) {
  const { t } = useTranslation('dunningHold');
  const dateTime = useDateTime();
  const clear = useClearInvalidPhoneNumber();
  const canClear = usePermission('debtors.manage');

  return (
    <Alert color="yellow" title={t('card.wrongNumbers')} data-testid="wrong-numbers">
      <Stack gap="xs">
        <Text size="xs">{t('card.wrongNumbersHint')}</Text>
        <List size="sm" spacing={4}>
          {props.debtor.invalidPhoneNumbers.map((flagged) => (
            <List.Item key={flagged.number}>
              <Group gap="sm" wrap="nowrap">
                <Text size="sm">
                  {t('card.wrongNumber', {
                    number: flagged.number,
                    name: flagged.flaggedBy.name,
                    date: dateTime(flagged.flaggedAt),
                  })}
                </Text>
                {canClear && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    loading={clear.isPending && clear.variables?.number === flagged.number}
                    onClick={() =>
                      clear.mutate(
                        { debtorId: props.debtor.id, number: flagged.number },
                        {
                          onSuccess: () =>
                            notifications.show({
                              color: 'green',
                              message: t('card.cleared', { number: flagged.number }),
                            }),
                        },
                      )
                    }
                  >
                    {t('card.clear')}
                  </Button>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
        {clear.error && <LoadError error={clear.error} />}
      </Stack>
    </Alert>
  );
}

import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shows the counterparty's name with its IBAN below, as the bank sent them. */
export function CounterpartyText(props: {
  counterparty: { name: string | null; iban: string | null };
}) {
  const { t } = useTranslation('payments');

  return (
    <>
      <Text size="sm">{props.counterparty.name ?? t('unknownCounterparty')}</Text>
      {props.counterparty.iban && (
        <Text size="xs" c="dimmed" ff="monospace">
          {props.counterparty.iban}
        </Text>
      )}
    </>
  );
}

/** Shows the problems kept with a payment, such as an IBAN that fails its check, as the server wrote them. */
// NOTE: the server stores warnings as English sentences, so they show in English in every language.
export function PaymentWarnings(props: { warnings: string[] }) {
  if (props.warnings.length === 0) {
    return null;
  }
  return (
    <Group gap={4} mt={4}>
      {props.warnings.map((warning) => (
        <Badge key={warning} size="xs" color="orange" variant="light" tt="none" title={warning}>
          {warning}
        </Badge>
      ))}
    </Group>
  );
}

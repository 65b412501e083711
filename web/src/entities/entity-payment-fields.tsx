import { Fieldset, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FormValues } from './entity-form-values.ts';
import type { AllocationOrder, EntityInputField, PaymentReferenceScheme } from './entity-types.ts';

const SCHEMES: PaymentReferenceScheme[] = ['rf', 'nl'];
/** Lines the inputs up at the bottom of their cells, since the hints differ in length. */
const ALIGN_INPUTS = { alignItems: 'end' } as const;
const ALLOCATION_ORDERS: AllocationOrder[] = [
  'costs_interest_principal',
  'principal_interest_costs',
];

/**
 * Renders the payment settings of the entity form: the reference scheme of
 * invoices and messages, the order in which payments settle amounts, VAT on
 * collection costs, the letter delivery days, the arrangement grace days
 * and how long payment links work.
 */
export function EntityPaymentFields(props: {
  values: FormValues;
  set<K extends keyof FormValues>(field: K, value: FormValues[K]): void;
  errorOf(field: EntityInputField): string | undefined;
}) {
  const { t } = useTranslation('entities');
  const { values, set, errorOf } = props;

  return (
    <Fieldset legend={t('form.payments')} data-testid="payment-settings">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} style={ALIGN_INPUTS}>
          <Select
            label={t('form.paymentReferenceScheme')}
            description={t('form.paymentReferenceSchemeHint')}
            data={SCHEMES.map((scheme) => ({
              value: scheme,
              label: t(`referenceScheme.${scheme}`),
            }))}
            value={values.paymentReferenceScheme}
            onChange={(value) =>
              value && set('paymentReferenceScheme', value as PaymentReferenceScheme)
            }
            allowDeselect={false}
            error={errorOf('paymentReferenceScheme')}
          />
          <Select
            label={t('form.allocationOrder')}
            description={t('form.allocationOrderHint')}
            data={ALLOCATION_ORDERS.map((order) => ({
              value: order,
              label: t(`allocationOrder.${order}`),
            }))}
            value={values.allocationOrder}
            onChange={(value) => value && set('allocationOrder', value as AllocationOrder)}
            allowDeselect={false}
            error={errorOf('allocationOrder')}
          />
        </SimpleGrid>
        <Switch
          label={t('form.creditorDeductsVat')}
          description={t('form.creditorDeductsVatHint')}
          checked={values.creditorDeductsVat}
          onChange={(event) => set('creditorDeductsVat', event.currentTarget.checked)}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} style={ALIGN_INPUTS}>
          <TextInput
            label={t('form.vatRate')}
            description={t('form.vatRateHint')}
            inputMode="decimal"
            rightSection="%"
            value={values.vatRatePercent}
            onChange={(event) => set('vatRatePercent', event.currentTarget.value)}
            disabled={values.creditorDeductsVat}
            error={errorOf('vatRateBasisPoints')}
          />
          <TextInput
            label={t('form.letterDeliveryWorkingDays')}
            description={t('form.letterDeliveryWorkingDaysHint')}
            inputMode="numeric"
            value={values.letterDeliveryWorkingDays}
            onChange={(event) => set('letterDeliveryWorkingDays', event.currentTarget.value)}
            error={errorOf('letterDeliveryWorkingDays')}
          />
          <TextInput
            label={t('form.arrangementGraceDays')}
            description={t('form.arrangementGraceDaysHint')}
            inputMode="numeric"
            value={values.arrangementGraceDays}
            onChange={(event) => set('arrangementGraceDays', event.currentTarget.value)}
            error={errorOf('arrangementGraceDays')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} style={ALIGN_INPUTS}>
          <TextInput
            label={t('form.paymentLinkExpiryDays')}
            description={t('form.paymentLinkExpiryDaysHint')}
            inputMode="numeric"
            value={values.paymentLinkExpiryDays}
            onChange={(event) => set('paymentLinkExpiryDays', event.currentTarget.value)}
            error={errorOf('paymentLinkExpiryDays')}
          />
          <TextInput
            label={t('form.messagePaymentLinkExpiryDays')}
            description={t('form.messagePaymentLinkExpiryDaysHint')}
            inputMode="numeric"
            placeholder={t('form.messagePaymentLinkExpiryDaysEmpty')}
            value={values.messagePaymentLinkExpiryDays}
            onChange={(event) => set('messagePaymentLinkExpiryDays', event.currentTarget.value)}
            error={errorOf('messagePaymentLinkExpiryDays')}
          />
        </SimpleGrid>
      </Stack>
    </Fieldset>
  );
}

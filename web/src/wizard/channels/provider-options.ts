/** A provider that the wizard offers, with the settings it requests besides the secret. */
export interface ProviderOption {
  key: string;
  label: string;
  fields: readonly ProviderField[];
}

export type ProviderField = 'sender' | 'accountId' | 'profileId' | 'webhookUrl';

// NOTE: Collecta stores these settings but sends no SMS and creates no payment links yet.
// The server accepts any provider name, so this list is the wizard's own choice.
export const providerOptions: Record<'sms' | 'payment', readonly ProviderOption[]> = {
  sms: [
    { key: 'messagebird', label: 'MessageBird (Bird)', fields: ['sender'] },
    { key: 'twilio', label: 'Twilio', fields: ['accountId', 'sender'] },
    { key: 'cm', label: 'CM.com', fields: ['sender'] },
  ],
  payment: [
    { key: 'mollie', label: 'Mollie', fields: ['profileId'] },
    { key: 'stripe', label: 'Stripe', fields: ['accountId'] },
    { key: 'adyen', label: 'Adyen', fields: ['accountId'] },
  ],
};

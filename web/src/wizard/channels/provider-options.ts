/** A provider that the wizard offers, with the settings it requests besides the secret. */
export interface ProviderOption {
  key: string;
  label: string;
  fields: readonly ProviderField[];
}

export type ProviderField = 'sender' | 'accountId' | 'profileId' | 'webhookUrl';

// NOTE: Collecta sends SMS only through Twilio and stores the settings of the other SMS
// providers. Payment links work through Mollie and Stripe. The server accepts any provider
// name, so this list is the wizard's own choice.
export const providerOptions: Record<'sms' | 'payment', readonly ProviderOption[]> = {
  sms: [
    // Twilio comes first, so the form preselects the one provider Collecta sends through.
    { key: 'twilio', label: 'Twilio', fields: ['accountId', 'sender'] },
    { key: 'messagebird', label: 'MessageBird (Bird)', fields: ['sender'] },
    { key: 'cm', label: 'CM.com', fields: ['sender'] },
  ],
  payment: [
    { key: 'mollie', label: 'Mollie', fields: ['profileId'] },
    { key: 'stripe', label: 'Stripe', fields: ['accountId'] },
  ],
};

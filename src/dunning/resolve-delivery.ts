import type { Channel } from '../db/schema.ts';
import type { DebtorForRun, ReminderContact } from './load-dunning-input.ts';

export interface Delivery {
  /** The channel used: the step's, except that e-mail becomes a letter without an address. */
  channel: Channel;
  /** E-mail address, postal address summary or phone number; null when the debtor has none. */
  recipient: string | null;
  /** Reason the channel differs from the step's, for the explanation; undefined when it does not. */
  fallbackNote?: string;
}

/** Contacts for reminders come first, then general ones; invoice contacts never get reminders. */
function reminderContacts(debtor: DebtorForRun): ReminderContact[] {
  return [
    ...debtor.contacts.filter((contact) => contact.role === 'reminders'),
    ...debtor.contacts.filter((contact) => contact.role === 'general'),
  ];
}

/**
 * Picks the reminder e-mail address: a reminders contact's, else the
 * debtor's, else a general contact's, passing over addresses that a bounce
 * flagged (compared in lower case).
 */
export function reminderEmail(debtor: DebtorForRun): string | null {
  const bounced = new Set(debtor.invalidEmailAddresses ?? []);
  const usable = (email: string | null): email is string =>
    !!email && !bounced.has(email.toLowerCase());
  const contacts = reminderContacts(debtor);
  const fromReminders = contacts.find((c) => c.role === 'reminders' && usable(c.email))?.email;
  const fromGeneral = contacts.find((c) => c.role === 'general' && usable(c.email))?.email;
  const own = usable(debtor.email) ? debtor.email : null;

  return fromReminders ?? own ?? fromGeneral ?? null;
}

/** Formats one line "name, street, postcode city, country" from the debtor's address or a contact's. */
export function postalAddressSummary(debtor: DebtorForRun): string | null {
  const candidates = [
    debtor,
    ...reminderContacts(debtor).map((contact) => ({ ...contact, name: debtor.name })),
  ];
  const address = candidates.find((candidate) => candidate.addressLine);
  if (!address) {
    return null;
  }
  const place = [address.postalCode, address.city].filter(Boolean).join(' ');

  return [address.name, address.addressLine, place, address.country].filter(Boolean).join(', ');
}

/** Decides how a step reaches the debtor and to which address. */
export function resolveDelivery(stepChannel: Channel, debtor: DebtorForRun): Delivery {
  const contacts = reminderContacts(debtor);
  switch (stepChannel) {
    case 'email': {
      const email = reminderEmail(debtor);
      if (email) {
        return { channel: 'email', recipient: email };
      }
      return {
        channel: 'letter',
        recipient: postalAddressSummary(debtor),
        fallbackNote:
          (debtor.invalidEmailAddresses ?? []).length > 0
            ? "Sent as a letter because an earlier e-mail to the debtor's address bounced."
            : 'Sent as a letter because the debtor has no e-mail address for reminders.',
      };
    }
    case 'letter':
      return { channel: 'letter', recipient: postalAddressSummary(debtor) };
    case 'sms': {
      // A number that a failed SMS delivery flagged is skipped; without another one the step becomes a letter.
      const invalid = new Set(debtor.invalidMobileNumbers ?? []);
      const mobile = [...contacts.map((contact) => contact.mobile), debtor.phone].find(
        (number): number is string => !!number && !invalid.has(number),
      );
      if (mobile || invalid.size === 0) {
        return { channel: 'sms', recipient: mobile ?? null };
      }
      return {
        channel: 'letter',
        recipient: postalAddressSummary(debtor),
        fallbackNote:
          "Sent as a letter because an earlier SMS to the debtor's mobile number could not be delivered.",
      };
    }
    case 'fax':
      return { channel: 'fax', recipient: contacts.find((contact) => contact.fax)?.fax ?? null };
    case 'call': {
      // A number that a call marked as wrong is skipped; without another one the step becomes a letter.
      const wrong = new Set(debtor.invalidPhoneNumbers ?? []);
      const phone = [debtor.phone, ...contacts.map((contact) => contact.mobile)].find(
        (number): number is string => !!number && !wrong.has(number),
      );
      if (phone || wrong.size === 0) {
        return { channel: 'call', recipient: phone ?? null };
      }
      return {
        channel: 'letter',
        recipient: postalAddressSummary(debtor),
        fallbackNote: "Sent as a letter because a call found the debtor's phone number wrong.",
      };
    }
    case 'handover':
      return { channel: 'handover', recipient: null };
  }
}

import type { BankTransaction } from '../bank-statements/statement-model.ts';
import {
  checkPaymentReference,
  findPaymentReferences,
} from '../payments/parse-payment-reference.ts';

/**
 * Returns the payment references of a bank transaction that pass their
 * check, normalised (no spaces, upper case), each once: ISO 11649 RF
 * creditor references and Dutch payment references from the structured
 * remittance first, then those found in the remittance text.
 */
export function transactionPaymentReferences(transaction: BankTransaction): string[] {
  const found = new Set<string>();
  for (const structured of transaction.structuredReferences) {
    const check = checkPaymentReference(structured.reference);
    if (check.valid) {
      found.add(check.reference);
    }
  }
  for (const reference of findPaymentReferences(transaction.remittanceText ?? '')) {
    found.add(reference);
  }

  return [...found];
}

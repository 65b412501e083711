import type {
  BankTransferDetails,
  OpenedPaymentLink,
  PayPageLanguage,
} from './open-payment-link.ts';

type PageKind = Exclude<OpenedPaymentLink['kind'], 'redirect'>;

const TEXTS: Record<PayPageLanguage, Record<PageKind, { title: string; body: string }>> = {
  en: {
    not_found: {
      title: 'Payment link not found',
      body: 'This payment link does not exist or is no longer valid. Please contact us for a new link, or pay by bank transfer with the details in our message.',
    },
    paid: {
      title: 'Already paid, thank you',
      body: 'Nothing is open on the invoices of this link any more. Thank you for your payment.',
    },
    processing: {
      title: 'Your payment is being processed',
      body: 'The payment provider is still processing your payment. You do not need to pay again.',
    },
    not_completed: {
      title: 'Payment not completed',
      body: 'Your payment was not completed, and nothing was charged.',
    },
    unavailable: {
      title: 'Online payment is not available',
      body: 'Online payment is not available at the moment. Please try again later, or pay by bank transfer with the details in our message.',
    },
    expired: {
      title: 'This payment link has expired',
      body: 'You can no longer pay online with this link. Please pay the open amount by bank transfer with the details below, and quote the payment reference so that we can match your payment.',
    },
  },
  nl: {
    not_found: {
      title: 'Betaallink niet gevonden',
      body: 'Deze betaallink bestaat niet of is niet meer geldig. Neem contact met ons op voor een nieuwe link, of betaal per overschrijving met de gegevens uit ons bericht.',
    },
    paid: {
      title: 'Al betaald, dank u wel',
      body: 'Op de facturen van deze link staat niets meer open. Dank u wel voor uw betaling.',
    },
    processing: {
      title: 'Uw betaling wordt verwerkt',
      body: 'De betaalprovider verwerkt uw betaling nog. U hoeft niet opnieuw te betalen.',
    },
    not_completed: {
      title: 'Betaling niet voltooid',
      body: 'Uw betaling is niet voltooid en er is niets afgeschreven.',
    },
    unavailable: {
      title: 'Online betalen is niet beschikbaar',
      body: 'Online betalen is op dit moment niet beschikbaar. Probeer het later opnieuw, of betaal per overschrijving met de gegevens uit ons bericht.',
    },
    expired: {
      title: 'Deze betaallink is verlopen',
      body: 'U kunt met deze link niet meer online betalen. Maak het openstaande bedrag over met de gegevens hieronder en vermeld het betalingskenmerk, zodat wij uw betaling kunnen verwerken.',
    },
  },
};

const RETRY_LABEL: Record<PayPageLanguage, string> = { en: 'Try again', nl: 'Opnieuw proberen' };

const TRANSFER_LABELS: Record<
  PayPageLanguage,
  {
    amount: string;
    accountHolder: string;
    iban: string;
    bic: string;
    paymentReference: string;
    invoice: string;
    noIban: string;
  }
> = {
  en: {
    amount: 'Amount',
    accountHolder: 'In the name of',
    iban: 'IBAN',
    bic: 'BIC',
    paymentReference: 'Payment reference',
    invoice: 'Invoice',
    noIban: 'Please contact us for our bank details.',
  },
  nl: {
    amount: 'Bedrag',
    accountHolder: 'Ten name van',
    iban: 'IBAN',
    bic: 'BIC',
    paymentReference: 'Betalingskenmerk',
    invoice: 'Factuur',
    noIban: 'Neem contact met ons op voor onze bankgegevens.',
  },
};

/** HTTP status of each page: 404 for an unknown link, 410 for an expired one, 502 when the provider failed. */
export const PAY_PAGE_STATUS: Record<PageKind, number> = {
  not_found: 404,
  expired: 410,
  paid: 200,
  processing: 200,
  not_completed: 200,
  unavailable: 502,
};

/**
 * Renders the small page that a debtor gets instead of the payment page, in
 * Dutch or English. An unknown link has no debtor, so its page shows both
 * languages. The page loads nothing from elsewhere.
 */
export function renderPayPage(outcome: Exclude<OpenedPaymentLink, { kind: 'redirect' }>): string {
  const languages: PayPageLanguage[] =
    outcome.kind === 'not_found' ? ['nl', 'en'] : [outcome.language];
  const sections = languages
    .map((language) => {
      const text = TEXTS[language][outcome.kind];
      const retry =
        outcome.kind === 'not_completed'
          ? `<p><a class="button" href="${escapeHtml(outcome.retryUrl)}">${RETRY_LABEL[language]}</a></p>`
          : '';
      const transfer =
        outcome.kind === 'expired' ? renderBankTransfer(outcome.bankTransfer, language) : '';
      return `<section lang="${language}"><h1>${text.title}</h1><p>${text.body}</p>${transfer}${retry}</section>`;
    })
    .join('\n');
  const title = TEXTS[languages[0] ?? 'en'][outcome.kind].title;

  return `<!doctype html>
<html lang="${languages[0] ?? 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>
body { font-family: system-ui, sans-serif; background: #f5f6f8; color: #1f2933; margin: 0; }
main { max-width: 32rem; margin: 4rem auto; background: #fff; border-radius: 8px; padding: 2rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h1 { font-size: 1.4rem; margin-top: 0; }
section + section { border-top: 1px solid #e4e7eb; margin-top: 1.5rem; padding-top: 1.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .4rem 1rem; margin: 1rem 0; }
dt { color: #52606d; }
dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { text-align: left; padding: .3rem .5rem .3rem 0; border-bottom: 1px solid #e4e7eb; }
.button { display: inline-block; background: #1c7ed6; color: #fff; padding: .6rem 1.2rem; border-radius: 4px; text-decoration: none; }
</style>
</head>
<body><main>
${sections}
</main></body>
</html>
`;
}

/** Renders the bank transfer details of an expired link as a definition list, with a table of invoices when each has its own reference. */
function renderBankTransfer(details: BankTransferDetails, language: PayPageLanguage): string {
  const labels = TRANSFER_LABELS[language];
  if (!details.iban) {
    return `<p>${labels.noIban}</p>`;
  }
  const rows: Array<[string, string]> = [
    [labels.amount, `${details.currency} ${localAmount(details.amount, language)}`],
    [labels.accountHolder, details.accountHolder],
    [labels.iban, groupIban(details.iban)],
  ];
  if (details.bic) {
    rows.push([labels.bic, details.bic]);
  }
  if (details.paymentReference) {
    rows.push([labels.paymentReference, details.paymentReference]);
  }
  const list = `<dl>${rows
    .map(([term, value]) => `<dt>${term}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('')}</dl>`;
  if (details.invoices.length === 0) {
    return list;
  }
  const invoiceRows = details.invoices
    .map(
      (invoice) =>
        `<tr><td>${escapeHtml(invoice.number)}</td><td>${details.currency} ${localAmount(invoice.openAmount, language)}</td><td>${escapeHtml(invoice.paymentReference ?? '')}</td></tr>`,
    )
    .join('');

  return `${list}<table><thead><tr><th>${labels.invoice}</th><th>${labels.amount}</th><th>${labels.paymentReference}</th></tr></thead><tbody>${invoiceRows}</tbody></table>`;
}

/** Writes a decimal amount such as "350.00" with a decimal comma in Dutch. */
function localAmount(amount: string, language: PayPageLanguage): string {
  return language === 'nl' ? amount.replace('.', ',') : amount;
}

/** Prints an IBAN in groups of four characters, as it appears on paper. */
function groupIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

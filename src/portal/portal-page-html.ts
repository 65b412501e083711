/**
 * The page that an unknown, malformed or revoked portal link shows, in Dutch
 * and English because the debtor's language is unknown without a valid
 * token. It states only that the link does not work, so it reveals
 * nothing about which debtors or organisations exist.
 */
export function renderInvalidPortalLinkPage(): string {
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Link werkt niet / Link does not work</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36em; margin: 4em auto; padding: 0 1em; color: #212529; line-height: 1.5; }
h1 { font-size: 1.4em; margin-top: 2em; }
</style>
</head>
<body>
<h1>Deze link werkt niet</h1>
<p>De link naar uw klantportaal is onjuist, verlopen of ingetrokken. Gebruik de link uit uw meest recente herinnering, of neem contact op met de afzender van de herinnering.</p>
<h1 lang="en">This link does not work</h1>
<p lang="en">The link to your customer portal is wrong, expired or revoked. Use the link in your most recent reminder, or contact the sender of the reminder.</p>
</body>
</html>
`;
}

import type { DemoDebtor, PaymentBehaviour } from './demo-types.ts';
import type { DemoOrigin } from './origins/origin.ts';
import type { SeededRandom } from './seeded-random.ts';

const behaviourWeights: Record<
  'b2b' | 'b2c',
  ReadonlyArray<readonly [PaymentBehaviour, number]>
> = {
  b2b: [
    ['punctual', 45],
    ['late', 30],
    ['slow', 17],
    ['defaulter', 8],
  ],
  b2c: [
    ['punctual', 55],
    ['late', 25],
    ['slow', 12],
    ['defaulter', 8],
  ],
};

/** Lower-case ASCII for e-mail local parts: umlauts spelled out, other marks dropped. */
export function toMailboxText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\b(b\.v\.|v\.o\.f\.|ltd|llp|gmbh & co\. kg|gmbh|e\.k\.)$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** Invents one debtor of `origin`: a company (b2b) or a consumer (b2c). */
export function generateDemoDebtor(
  random: SeededRandom,
  params: {
    origin: DemoOrigin;
    number: string;
    kind: 'b2b' | 'b2c';
    accountManagers: readonly string[];
  },
): DemoDebtor {
  const { origin, kind } = params;
  const town = random.pick(origin.towns);
  const firstName = random.pick(origin.firstNames);
  const surname = random.pick(origin.surnames);
  const isBusiness = kind === 'b2b';
  const name = isBusiness
    ? origin.companyName(random, surname, town.city)
    : `${firstName} ${surname}`;

  const mailbox = isBusiness
    ? `${random.pick(origin.accountsMailboxes)}.${toMailboxText(name)}`
    : `${toMailboxText(firstName)}.${toMailboxText(surname)}${random.chance(0.4) ? random.integer(1, 99) : ''}`;
  const hasEmail = random.chance(isBusiness ? 0.97 : 0.85);
  const phone = isBusiness || random.chance(0.3) ? town.landline(random) : origin.mobile(random);

  return {
    number: params.number,
    name,
    kind,
    language: origin.language,
    country: origin.country,
    email: hasEmail ? `${mailbox}@${origin.emailDomain}` : null,
    phone,
    addressLine: origin.addressLine(random.pick(origin.streets), origin.houseNumber(random)),
    postalCode: town.postalCode(random),
    city: town.city,
    cocNumber: isBusiness ? origin.cocNumber(random) : null,
    vatNumber: isBusiness ? origin.vatNumber(random) : null,
    accountManager: random.pick(params.accountManagers),
    behaviour: random.weighted(behaviourWeights[kind]),
  };
}

import type { DemoOrigin, DemoTown } from './origin.ts';

/** Letters of the inward part of UK postcodes; C, I, K, M, O and V are not used there. */
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/**
 * Landlines use the numbers Ofcom keeps for drama (such as 020 7946 0xxx),
 * which are never given to a subscriber.
 */
function town(city: string, districts: readonly string[], dramaPrefix: string): DemoTown {
  return {
    city,
    postalCode(random) {
      const inward = random.pick([...INWARD_LETTERS]) + random.pick([...INWARD_LETTERS]);
      return `${random.pick(districts)} ${random.integer(1, 9)}${inward}`;
    },
    landline: (random) => `+44 ${dramaPrefix}${random.digits(3)}`,
  };
}

const trades = ['Engineering', 'Joinery', 'Catering', 'Print', 'Plumbing', 'Scaffolding'];

export const englishOrigin: DemoOrigin = {
  language: 'en',
  country: 'GB',
  emailDomain: 'example.com',
  accountsMailboxes: ['accounts', 'accounts.payable', 'finance', 'invoices'],
  firstNames: [
    'Oliver',
    'Amelia',
    'George',
    'Isla',
    'Harry',
    'Olivia',
    'Jack',
    'Emily',
    'Charlie',
    'Sophie',
    'Thomas',
    'Grace',
    'James',
    'Lucy',
    'William',
    'Chloe',
    'Samuel',
    'Hannah',
  ],
  surnames: [
    'Smith',
    'Jones',
    'Taylor',
    'Brown',
    'Williams',
    'Wilson',
    'Johnson',
    'Davies',
    'Robinson',
    'Wright',
    'Thompson',
    'Evans',
    'Walker',
    'White',
    'Roberts',
    'Green',
    'Hall',
    'Wood',
    'Jackson',
    'Clarke',
    'Hughes',
    'Turner',
    'Harris',
    'Cooper',
  ],
  streets: [
    'High Street',
    'Station Road',
    'Church Lane',
    'Victoria Road',
    'Mill Lane',
    'Park Road',
    'London Road',
    'Queen Street',
    'King Street',
    'The Green',
    'Manor Road',
    'Albert Road',
  ],
  towns: [
    town('London', ['EC1A', 'N1', 'SE1', 'E2', 'W1D', 'NW3'], '20 7946 0'),
    town('Manchester', ['M1', 'M4', 'M14', 'M20'], '161 496 0'),
    town('Leeds', ['LS1', 'LS6', 'LS11', 'LS17'], '113 496 0'),
    town('Bristol', ['BS1', 'BS3', 'BS8', 'BS16'], '117 496 0'),
    town('Birmingham', ['B1', 'B5', 'B15', 'B29'], '121 496 0'),
    town('Sheffield', ['S1', 'S7', 'S10', 'S17'], '114 496 0'),
    town('Nottingham', ['NG1', 'NG5', 'NG7', 'NG11'], '115 496 0'),
    town('Newcastle upon Tyne', ['NE1', 'NE2', 'NE6', 'NE15'], '191 498 0'),
  ],
  companyName(random, surname, townName) {
    return random.weighted<string>([
      [`${surname} ${random.pick(trades)} Ltd`, 5],
      [`${surname} & Sons Ltd`, 2],
      [`${townName} ${random.pick(['Logistics', 'Office Furniture', 'Cold Storage'])} Ltd`, 1],
      [`${surname} & ${random.pick(this.surnames)} LLP`, 1],
    ]);
  },
  mobile: (random) => `+44 7700 900${random.digits(3)}`,
  cocNumber: (random) => random.digits(8),
  vatNumber: (random) => `GB${random.digits(9)}`,
  houseNumber: (random) => String(random.integer(1, 240)),
  addressLine: (street, houseNumber) => `${houseNumber} ${street}`,
};

import type { DemoOrigin, DemoTown } from './origin.ts';

/** Letters of Dutch postal codes; F, I, O, Q, U and Y are not used there. */
const POSTCODE_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';

function town(city: string, postcodes: [number, number], areaCode: string): DemoTown {
  return {
    city,
    postalCode(random) {
      let letters = '';
      do {
        letters = random.pick([...POSTCODE_LETTERS]) + random.pick([...POSTCODE_LETTERS]);
      } while (letters === 'SA' || letters === 'SD' || letters === 'SS');
      return `${random.integer(postcodes[0], postcodes[1])} ${letters}`;
    },
    landline(random) {
      const local = `${random.integer(2, 9)}${random.digits(8 - areaCode.length)}`;
      return `+31 ${areaCode} ${local.slice(0, 3)} ${local.slice(3)}`;
    },
  };
}

const trades = [
  'Installatietechniek',
  'Bouw',
  'Logistiek',
  'Transport',
  'Metaalbewerking',
  'Advies',
  'Schoonmaakdiensten',
  'Interieurbouw',
  'Groenvoorziening',
  'Elektrotechniek',
];

const prefixTrades = ['Bakkerij', 'Drukkerij', 'Autobedrijf', 'Kwekerij', 'Tandartspraktijk'];

export const dutchOrigin: DemoOrigin = {
  language: 'nl',
  country: 'NL',
  emailDomain: 'example.nl',
  accountsMailboxes: ['administratie', 'crediteuren', 'facturen', 'finance'],
  firstNames: [
    'Anouk',
    'Bram',
    'Daan',
    'Emma',
    'Femke',
    'Joost',
    'Lotte',
    'Maarten',
    'Niels',
    'Sanne',
    'Thijs',
    'Eva',
    'Ruben',
    'Lieke',
    'Jeroen',
    'Marloes',
    'Sven',
    'Ilse',
    'Wouter',
    'Noor',
  ],
  surnames: [
    'de Vries',
    'Jansen',
    'van den Berg',
    'Bakker',
    'Visser',
    'Smit',
    'Meijer',
    'de Boer',
    'Mulder',
    'de Groot',
    'Bos',
    'Vos',
    'Peters',
    'Hendriks',
    'van Leeuwen',
    'Dekker',
    'Brouwer',
    'de Wit',
    'Dijkstra',
    'Smits',
    'Kok',
    'Vermeulen',
    'Post',
    'Kuipers',
  ],
  streets: [
    'Kerkstraat',
    'Dorpsstraat',
    'Stationsweg',
    'Molenweg',
    'Schoolstraat',
    'Julianastraat',
    'Industrieweg',
    'Nieuwstraat',
    'Marktplein',
    'Havenweg',
    'Beatrixlaan',
    'Parallelweg',
  ],
  towns: [
    town('Amsterdam', [1011, 1109], '20'),
    town('Rotterdam', [3011, 3089], '10'),
    town('Utrecht', [3511, 3585], '30'),
    town('Den Haag', [2511, 2597], '70'),
    town('Eindhoven', [5611, 5658], '40'),
    town('Groningen', [9711, 9747], '50'),
    town('Zwolle', [8011, 8043], '38'),
    town('Haarlem', [2011, 2037], '23'),
    town('Arnhem', [6811, 6846], '26'),
    town('Tilburg', [5011, 5049], '13'),
    town('Breda', [4811, 4839], '76'),
    town('Leiden', [2311, 2334], '71'),
  ],
  companyName(random, surname, townName) {
    const capitalised = surname.charAt(0).toUpperCase() + surname.slice(1);
    return random.weighted<string>([
      [`${capitalised} ${random.pick(trades)} B.V.`, 5],
      [`${random.pick(prefixTrades)} ${capitalised}`, 2],
      [`${townName}se ${random.pick(['Verpakkingen', 'Houthandel', 'Koeltechniek'])} B.V.`, 1],
      [`${capitalised} & ${random.pick(this.surnames)} Accountants`, 1],
      [`${capitalised} ${random.pick(trades)} V.O.F.`, 1],
    ]);
  },
  mobile: (random) => `+31 6 ${random.digits(4)} ${random.digits(4)}`,
  cocNumber: (random) => String(random.integer(10_000_000, 99_999_999)),
  vatNumber: (random) => `NL${random.digits(9)}B01`,
  houseNumber: (random) =>
    `${random.integer(1, 180)}${random.chance(0.15) ? random.pick(['a', 'b', 'c']) : ''}`,
  addressLine: (street, houseNumber) => `${street} ${houseNumber}`,
};

import type { DemoOrigin, DemoTown } from './origin.ts';

function town(city: string, postcodes: [number, number], areaCode: string): DemoTown {
  return {
    city,
    postalCode: (random) => String(random.integer(postcodes[0], postcodes[1])).padStart(5, '0'),
    landline(random) {
      const local = `${random.integer(2, 9)}${random.digits(9 - areaCode.length)}`;
      return `+49 ${areaCode} ${local}`;
    },
  };
}

const trades = ['Metallbau', 'Elektrotechnik', 'Haustechnik', 'Druck', 'Logistik', 'Holzbau'];

export const germanOrigin: DemoOrigin = {
  language: 'de',
  country: 'DE',
  emailDomain: 'example.de',
  accountsMailboxes: ['buchhaltung', 'rechnungswesen', 'kreditoren', 'rechnungen'],
  firstNames: [
    'Lukas',
    'Anna',
    'Felix',
    'Lena',
    'Jonas',
    'Laura',
    'Maximilian',
    'Julia',
    'Paul',
    'Sarah',
    'Leon',
    'Katharina',
    'Tobias',
    'Hannah',
    'Florian',
    'Marie',
    'Stefan',
    'Sabine',
  ],
  surnames: [
    'Müller',
    'Schmidt',
    'Schneider',
    'Fischer',
    'Weber',
    'Meyer',
    'Wagner',
    'Becker',
    'Schulz',
    'Hoffmann',
    'Schäfer',
    'Koch',
    'Bauer',
    'Richter',
    'Klein',
    'Wolf',
    'Schröder',
    'Neumann',
    'Schwarz',
    'Zimmermann',
    'Braun',
    'Krüger',
    'Hofmann',
    'Hartmann',
  ],
  streets: [
    'Hauptstraße',
    'Bahnhofstraße',
    'Schulstraße',
    'Gartenstraße',
    'Dorfstraße',
    'Bergstraße',
    'Lindenstraße',
    'Kirchstraße',
    'Waldstraße',
    'Ringstraße',
    'Industriestraße',
    'Am Markt',
  ],
  towns: [
    town('Berlin', [10115, 14199], '30'),
    town('Hamburg', [20095, 22769], '40'),
    town('München', [80331, 81929], '89'),
    town('Köln', [50667, 51149], '221'),
    town('Frankfurt am Main', [60306, 60599], '69'),
    town('Stuttgart', [70173, 70619], '711'),
    town('Düsseldorf', [40210, 40629], '211'),
    town('Leipzig', [4103, 4357], '341'),
    town('Dortmund', [44135, 44388], '231'),
    town('Bremen', [28195, 28779], '421'),
    town('Hannover', [30159, 30669], '511'),
    town('Nürnberg', [90402, 90491], '911'),
  ],
  companyName(random, surname, townName) {
    return random.weighted<string>([
      [`${surname} ${random.pick(trades)} GmbH`, 5],
      [`${surname} Haustechnik GmbH & Co. KG`, 1],
      [`${random.pick(['Bäckerei', 'Autohaus', 'Gärtnerei'])} ${surname} e.K.`, 2],
      [`${random.pick(['Logistik', 'Verpackung', 'Kältetechnik'])} ${townName} GmbH`, 1],
      [`${surname} & ${random.pick(this.surnames)} Steuerberatung`, 1],
    ]);
  },
  mobile: (random) => `+49 15${random.integer(1, 7)} ${random.digits(8)}`,
  cocNumber: (random) => `HRB ${random.integer(10_000, 199_999)}`,
  vatNumber: (random) => `DE${random.digits(9)}`,
  houseNumber: (random) =>
    `${random.integer(1, 120)}${random.chance(0.1) ? random.pick(['a', 'b']) : ''}`,
  addressLine: (street, houseNumber) => `${street} ${houseNumber}`,
};

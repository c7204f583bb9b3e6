/** What the generated transactions are made of: merchants, bank transaction codes and monthly events. */

export type Region = 'uk' | 'us' | 'eu';

export function regionOf(currency: string): Region {
  return currency === 'USD' ? 'us' : currency === 'EUR' ? 'eu' : 'uk';
}

/** ISO 20022 bank transaction code (domain family / sub-family) plus the bank's proprietary code. */
export interface Coding {
  code: string;
  subCode: string;
  proprietary: string;
}

export const CODES = {
  card: { code: 'ICDT', subCode: 'POSD', proprietary: 'POS' },
  online: { code: 'ICDT', subCode: 'ESCT', proprietary: 'DEB' },
  directDebit: { code: 'IDDT', subCode: 'ESDD', proprietary: 'DD' },
  salary: { code: 'RCDT', subCode: 'SALA', proprietary: 'BGC' },
  standingOrder: { code: 'ICDT', subCode: 'STDO', proprietary: 'SO' },
  transferOut: { code: 'ICDT', subCode: 'BOOK', proprietary: 'TFR' },
  transferIn: { code: 'RCDT', subCode: 'BOOK', proprietary: 'TFR' },
  interest: { code: 'ACMT', subCode: 'INTR', proprietary: 'INT' },
  cardRepayment: { code: 'RCDT', subCode: 'BOOK', proprietary: 'PAYMENT' },
} satisfies Record<string, Coding>;

export type SpendCategory = 'groceries' | 'restaurants' | 'coffee' | 'transport' | 'subscriptions' | 'shopping' | 'travel';

export interface Merchant {
  name: string;
  mcc: string;
  category: SpendCategory;
  /** Typical spend in minor units; the generator varies it. */
  typicalMinor: number;
}

const m = (name: string, mcc: string, category: SpendCategory, typical: number): Merchant => ({
  name,
  mcc,
  category,
  typicalMinor: Math.round(typical * 100),
});

export const MERCHANTS: Record<Region, Merchant[]> = {
  uk: [
    m('Tesco Superstore', '5411', 'groceries', 48),
    m("Sainsbury's", '5411', 'groceries', 36),
    m('Waitrose & Partners', '5411', 'groceries', 55),
    m('Pret A Manger', '5814', 'coffee', 6.5),
    m('Costa Coffee', '5814', 'coffee', 4.2),
    m('Dishoom Shoreditch', '5812', 'restaurants', 42),
    m('Wagamama', '5812', 'restaurants', 27),
    m('Transport for London', '4111', 'transport', 7.8),
    m('Uber Trip', '4121', 'transport', 14),
    m('Trainline', '4112', 'transport', 38),
    m('Netflix.com', '4899', 'subscriptions', 10.99),
    m('Spotify UK', '5815', 'subscriptions', 11.99),
    m('Amazon UK Marketplace', '5942', 'shopping', 24),
    m('John Lewis', '5311', 'shopping', 65),
    m('British Airways', '3005', 'travel', 180),
  ],
  us: [
    m('Whole Foods Market', '5411', 'groceries', 62),
    m("Trader Joe's", '5411', 'groceries', 44),
    m('Safeway', '5411', 'groceries', 51),
    m('Starbucks', '5814', 'coffee', 6.1),
    m('Blue Bottle Coffee', '5814', 'coffee', 5.5),
    m('Chipotle Mexican Grill', '5812', 'restaurants', 14),
    m('The Cheesecake Factory', '5812', 'restaurants', 58),
    m('MTA MetroCard', '4111', 'transport', 2.9),
    m('Lyft Ride', '4121', 'transport', 19),
    m('Shell Oil', '5541', 'transport', 41),
    m('Netflix.com', '4899', 'subscriptions', 15.49),
    m('Spotify USA', '5815', 'subscriptions', 11.99),
    m('Amazon.com', '5942', 'shopping', 31),
    m('Target', '5310', 'shopping', 47),
    m('Delta Air Lines', '3058', 'travel', 240),
  ],
  eu: [
    m('Carrefour Market', '5411', 'groceries', 45),
    m('Lidl', '5411', 'groceries', 32),
    m('Albert Heijn', '5411', 'groceries', 38),
    m('Café de Flore', '5814', 'coffee', 5.2),
    m('Le Petit Bistro', '5812', 'restaurants', 39),
    m('Vapiano', '5812', 'restaurants', 24),
    m('RATP', '4111', 'transport', 2.1),
    m('Bolt Ride', '4121', 'transport', 12),
    m('Deutsche Bahn', '4112', 'transport', 49),
    m('Netflix.com', '4899', 'subscriptions', 13.49),
    m('Spotify AB', '5815', 'subscriptions', 10.99),
    m('Zalando', '5651', 'shopping', 58),
    m('Amazon.de', '5942', 'shopping', 27),
    m('Lufthansa', '3008', 'travel', 210),
  ],
};

export const EMPLOYERS: Record<Region, string> = {
  uk: 'ACME ANALYTICS LTD',
  us: 'ACME ANALYTICS INC',
  eu: 'ACME ANALYTICS GMBH',
};

export interface Utility {
  name: string;
  mcc: string;
  typicalMinor: number;
}

export const UTILITIES: Record<Region, Utility[]> = {
  uk: [
    { name: 'Octopus Energy', mcc: '4900', typicalMinor: 11200 },
    { name: 'Thames Water', mcc: '4900', typicalMinor: 4100 },
    { name: 'BT Broadband', mcc: '4814', typicalMinor: 3600 },
  ],
  us: [
    { name: 'PG&E', mcc: '4900', typicalMinor: 13800 },
    { name: 'Comcast Xfinity', mcc: '4814', typicalMinor: 7999 },
    { name: 'Verizon Wireless', mcc: '4814', typicalMinor: 6500 },
  ],
  eu: [
    { name: 'EnBW Energie', mcc: '4900', typicalMinor: 9800 },
    { name: 'Vodafone', mcc: '4814', typicalMinor: 3999 },
    { name: 'Stadtwerke Wasser', mcc: '4900', typicalMinor: 3200 },
  ],
};

export const LANDLORDS: Record<Region, string> = {
  uk: 'Foxtons Lettings',
  us: 'Greystar Property Mgmt',
  eu: 'Vonovia Miete',
};

/** Recurring bills beside rent and utilities: a phone contract, a streaming service, a gym, a yearly insurance. */
export interface RecurringPayee {
  name: string;
  mcc: string;
  typicalMinor: number;
}

export const PHONES: Record<Region, RecurringPayee> = {
  uk: { name: 'EE Mobile', mcc: '4814', typicalMinor: 2500 },
  us: { name: 'T-Mobile', mcc: '4814', typicalMinor: 6500 },
  eu: { name: 'Telekom Mobilfunk', mcc: '4814', typicalMinor: 2995 },
};

/** The price before the rise; the generator raises it a little over two months before "today". */
export const STREAMING: Record<Region, RecurringPayee & { raisedMinor: number }> = {
  uk: { name: 'Disney+', mcc: '4899', typicalMinor: 799, raisedMinor: 999 },
  us: { name: 'Hulu', mcc: '4899', typicalMinor: 799, raisedMinor: 999 },
  eu: { name: 'Disney+', mcc: '4899', typicalMinor: 899, raisedMinor: 999 },
};

/** The membership is cancelled about four months before "today". */
export const GYMS: Record<Region, RecurringPayee> = {
  uk: { name: 'PureGym', mcc: '7997', typicalMinor: 2499 },
  us: { name: 'Planet Fitness', mcc: '7997', typicalMinor: 2499 },
  eu: { name: 'McFit', mcc: '7997', typicalMinor: 2490 },
};

/** Paid once a year, in the account's renewal month; each renewal costs 6 % more. */
export const INSURERS: Record<Region, RecurringPayee> = {
  uk: { name: 'Direct Line Insurance', mcc: '6300', typicalMinor: 36_735 },
  us: { name: 'GEICO Auto Insurance', mcc: '6300', typicalMinor: 121_000 },
  eu: { name: 'Allianz Versicherung', mcc: '6300', typicalMinor: 41_200 },
};

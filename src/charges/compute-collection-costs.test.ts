import { describe, expect, it } from 'vitest';
import {
  computeCollectionCosts,
  splitCollectionCosts,
  splitInProportion,
  type CollectionCostsTerms,
} from './compute-collection-costs.ts';

const CONSUMER: CollectionCostsTerms = {
  currency: 'EUR',
  debtorKind: 'b2c',
  contractCostsBasisPoints: null,
  creditorDeductsVat: true,
  vatRateBasisPoints: 2100,
};
const CONSUMER_WITH_VAT: CollectionCostsTerms = { ...CONSUMER, creditorDeductsVat: false };
const BUSINESS: CollectionCostsTerms = { ...CONSUMER, debtorKind: 'b2b' };

describe('computeCollectionCosts', () => {
  it.each([
    [10_000, 4_000, 4_840],
    [100_000, 15_000, 18_150],
    [300_000, 42_500, 51_425],
    [1_000_000, 87_500, 105_875],
    [100_000_000, 677_500, 819_775],
  ])('principal %i costs %i, with VAT %i', (principal, net, withVat) => {
    const withoutVat = computeCollectionCosts(principal, CONSUMER);
    const vat = computeCollectionCosts(principal, CONSUMER_WITH_VAT);

    expect(withoutVat?.amountMinor).toBe(net);
    expect(withoutVat?.vatMinor).toBe(0);
    expect(vat?.netMinor).toBe(net);
    expect(vat?.amountMinor).toBe(withVat);
    expect(vat?.vatMinor).toBe(withVat - net);
  });

  it('contract share for business debtors', () => {
    const costs = computeCollectionCosts(100_000, { ...BUSINESS, contractCostsBasisPoints: 1000 });

    expect(costs?.basis).toBe('contract');
    expect(costs?.amountMinor).toBe(10_000);
  });

  it('ignores a contract share for consumers', () => {
    const costs = computeCollectionCosts(100_000, { ...CONSUMER, contractCostsBasisPoints: 2000 });

    expect(costs?.basis).toBe('statutory_scale');
    expect(costs?.amountMinor).toBe(15_000);
  });

  it('charges nothing outside EUR without contract', () => {
    expect(computeCollectionCosts(100_000, { ...BUSINESS, currency: 'USD' })).toBeNull();
    expect(
      computeCollectionCosts(100_000, {
        ...BUSINESS,
        currency: 'USD',
        contractCostsBasisPoints: 500,
      })?.amountMinor,
    ).toBe(5_000);
  });

  it('charges nothing on no principal', () => {
    expect(computeCollectionCosts(0, CONSUMER)).toBeNull();
    expect(computeCollectionCosts(-500, CONSUMER)).toBeNull();
  });
});

describe('splitInProportion', () => {
  it('parts add up by largest remainder', () => {
    expect(splitInProportion(42_500, [100_000, 200_000])).toEqual([14_167, 28_333]);
    expect(splitInProportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitInProportion(10, [0, 0])).toEqual([0, 0]);
  });
});

describe('splitCollectionCosts', () => {
  it('splits the scale over several invoices', () => {
    const split = splitCollectionCosts(
      [
        { invoiceId: 'a', principalMinor: 100_000 },
        { invoiceId: 'b', principalMinor: 200_000 },
      ],
      { ...BUSINESS, creditorDeductsVat: false },
    );

    expect(split?.whole.netMinor).toBe(42_500);
    expect(split?.parts.map((part) => part.netMinor)).toEqual([14_167, 28_333]);
    expect(split?.parts.map((part) => part.vatMinor)).toEqual([2_975, 5_950]);
    expect(split?.parts.reduce((sum, part) => sum + part.amountMinor, 0)).toBe(51_425);
  });

  it('raises business parts to EUR 40', () => {
    const split = splitCollectionCosts(
      [
        { invoiceId: 'small', principalMinor: 10_000 },
        { invoiceId: 'large', principalMinor: 500_000 },
      ],
      BUSINESS,
    );

    expect(split?.whole.netMinor).toBe(63_000);
    expect(split?.parts[0]).toMatchObject({ netMinor: 4_000, raisedToMinimum: true });
    expect(split?.parts[1]).toMatchObject({ netMinor: 61_765, raisedToMinimum: false });
  });

  it('does not raise consumer parts', () => {
    const split = splitCollectionCosts(
      [
        { invoiceId: 'small', principalMinor: 10_000 },
        { invoiceId: 'large', principalMinor: 500_000 },
      ],
      CONSUMER,
    );

    expect(split?.parts.map((part) => part.netMinor)).toEqual([1_235, 61_765]);
  });

  it('caps the net costs', () => {
    const split = splitCollectionCosts(
      [{ invoiceId: 'a', principalMinor: 300_000 }],
      CONSUMER_WITH_VAT,
      15_000,
    );

    expect(split?.whole.netMinor).toBe(15_000);
    expect(split?.whole.amountMinor).toBe(18_150);
  });
});

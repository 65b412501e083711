import { describe, expect, it } from 'vitest';
import { checkPaymentReference, findPaymentReferences } from './parse-payment-reference.ts';

describe('findPaymentReferences', () => {
  it.each([
    ['RF18539007547034', ['RF18539007547034']],
    ['Betaling RF18 5390 0754 7034 voor', ['RF18539007547034']],
    ['Betaling RF18 5390 0754 7034 dank u', ['RF18539007547034', 'RF18539007547034DANKU']],
    ['rf17 inv2 0240 001', ['RF17INV20240001']],
    ['/REMI/STRD/CUR/1067931951601240/', ['1067931951601240']],
    ['<Ref>1067931951601240</Ref>', ['1067931951601240']],
    ['kenmerk 5000 0567 8901 2345', ['5000056789012345']],
    ['EREF:RF312024001 factuur 2024', ['RF312024001']],
    ['RF18 5390 0754 7034 2024', ['RF18539007547034']],
    ['5000 0567 8901 2345 2024', ['5000056789012345']],
    ['RF18 5390\n0754 7034', ['RF18539007547034']],
    ['RF18 5390\r\n0754 7034', ['RF18539007547034']],
    ['nr 271234567 en RF741', ['271234567', 'RF741']],
  ])('finds references in %j', (text, expected) => {
    expect(findPaymentReferences(text)).toEqual(expected);
  });

  it.each([
    ['wrong RF check digits', 'RF17539007547034'],
    ['wrong Dutch check digit', '/REMI/STRD/CUR/9001123412341234/'],
    ['wrong Dutch check digit, second case', '/REMI/STRD/CUR/1070123412341234/'],
    ['RF inside the MT940 type NTRF', ':61:1402200220C32,00NTRF18539007547034//00000000001011'],
    ['digits inside an IBAN', 'NL91ABNA0417164300'],
    ['reference inside a longer word', 'XRF18539007547034'],
    ['15 digits', 'BETALINGSKENM.  000000042188659'],
    ['7 digits without a check digit', 'factuur 1234567'],
    ['all zeros', '0000000000000000'],
    ['groups not of four', 'RF18 53900 754 7034'],
    ['groups split by two spaces', 'RF18  5390  0754  7034'],
    ['groups split by a slash', 'RF18/5390/0754/7034'],
    ['empty text', ''],
  ])('finds nothing: %s', (_case, text) => {
    expect(findPaymentReferences(text)).toEqual([]);
  });

  it('returns each reference once', () => {
    expect(findPaymentReferences('RF18539007547034 RF18 5390 0754 7034')).toEqual([
      'RF18539007547034',
    ]);
  });

  it('reads a real camt reference', () => {
    const remittance =
      '<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>CUR</Issr></Tp><Ref>1067931951601240</Ref></CdtrRefInf></Strd>';

    expect(findPaymentReferences(remittance)).toEqual(['1067931951601240']);
  });
});

describe('checkPaymentReference', () => {
  it.each([
    ['RF18 5390 0754 7034', 'RF18539007547034', 'rf'],
    ['rf17inv20240001', 'RF17INV20240001', 'rf'],
    ['5000 0567 8901 2345', '5000056789012345', 'nl'],
    ['12234534622567', '12234534622567', 'nl'],
    ['1234567', '1234567', 'nl'],
  ])('accepts %s', (value, reference, scheme) => {
    expect(checkPaymentReference(value)).toEqual({ valid: true, reference, scheme });
  });

  it.each([
    ['RF17539007547034', 'rf', /has wrong check digits/],
    ['RF18-5390-0754-7034', 'rf', /RF, two check digits and 1 to 21 letters and digits/],
    ['RF740000000000000000000001', 'rf', /25 characters at most/],
    ['1906350066203673', 'nl', /first digit should be 6/],
    ['9001123412341234', 'nl', /first digit should be 8/],
    ['12345678', 'nl', /has 8 digits: it must have 7, 9 to 14 or 16 digits/],
    ['181234567', 'nl', /second digit must be 7/],
    [
      'INV-2024-001',
      undefined,
      /is neither an RF creditor reference .* nor a Dutch payment reference/,
    ],
  ])('rejects %s', (value, scheme, message) => {
    const check = checkPaymentReference(value);

    expect(check.valid).toBe(false);
    expect(check.valid ? undefined : check.scheme).toBe(scheme);
    expect(check.valid ? '' : check.message).toMatch(message);
    expect(check.valid ? '' : check.message).toContain(`"${value}"`);
  });
});

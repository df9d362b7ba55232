import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { DecimalScale, fixed, type DecimalKind } from '../../src/core/decimal-scale.js';

const KINDS = Object.keys(DecimalScale) as DecimalKind[];
const viaDecimal = (value: string, kind: DecimalKind) => new Decimal(value).toFixed(DecimalScale[kind], Decimal.ROUND_HALF_UP);

/** Decimal text of every shape: signs, leading zeros, zero, any number of decimals, exponents. */
const decimalText = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    fc.constantFrom('0', '00', '7', '0012', '1', '9999999999999999', '123456789012345678901234'),
    fc.option(fc.stringMatching(/^\d{0,7}$/), { nil: undefined }),
    fc.constantFrom('', '', 'e2', 'e-3'),
  )
  .map(([sign, whole, decimals, exponent]) => `${sign}${whole}${decimals === undefined ? '' : `.${decimals}`}${exponent}`)
  .filter((text) => !/^[-+]?\d+\.(e|$)/.test(text));

describe('fixed', () => {
  it('answers every text exactly as Decimal.toFixed half-up does, whether or not the text is already in its final form', () => {
    fc.assert(
      fc.property(decimalText, fc.constantFrom(...KINDS), (text, kind) => {
        expect(fixed(text, kind)).toBe(viaDecimal(text, kind));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds, pads and normalizes what is not in final form', () => {
    expect(fixed('12.345', 'MONEY')).toBe('12.35');
    expect(fixed('12.3', 'MONEY')).toBe('12.30');
    expect(fixed('012.30', 'MONEY')).toBe('12.30');
    expect(fixed('-0.00', 'MONEY')).toBe(viaDecimal('-0.00', 'MONEY'));
    expect(fixed('-0.001', 'MONEY')).toBe(viaDecimal('-0.001', 'MONEY'));
    expect(fixed('+5.00', 'MONEY')).toBe('5.00');
    expect(fixed('1.00', 'FRACTION')).toBe('1.0000');
    expect(fixed('0.12345', 'FRACTION')).toBe('0.1235');
    expect(fixed(new Decimal('2.005'), 'MONEY')).toBe('2.01');
    expect(fixed(3, 'PERCENT')).toBe('3.00');
    expect(fixed('15', 'PERCENT')).toBe('15.00');
    expect(fixed('2', 'FRACTION')).toBe('2.0000');
    expect(fixed('-12.5', 'MONEY')).toBe('-12.50');
    expect(fixed('0.5', 'FRACTION')).toBe('0.5000');
  });
});

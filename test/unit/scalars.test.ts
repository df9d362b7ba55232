import 'reflect-metadata';
import { Decimal } from 'decimal.js';
import { Kind } from 'graphql';
import { fitsScale, fixed } from '../../src/core/decimal-scale.js';
import { Money } from '../../src/graphql/money.js';
import { DateScalar, DateTimeScalar, DecimalScalar, TimeZoneScalar, YearMonthScalar } from '../../src/graphql/scalars.js';
import { fromGlobalId, idOfType, toGlobalId } from '../../src/graphql/global-id.js';

describe('Decimal', () => {
  test('is exact end to end: strings in, decimal.js inside, strings out', () => {
    const parsed = DecimalScalar.parseValue('1.005') as Decimal;
    expect(parsed).toBeInstanceOf(Decimal);
    expect(parsed.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)).toBe('1.01'); // a binary float gives 1.00
    expect(DecimalScalar.serialize(new Decimal('152714.28'))).toBe('152714.28');
    expect(DecimalScalar.parseLiteral({ kind: Kind.STRING, value: '-3274.32' }, {})!.toString()).toBe('-3274.32');
  });

  test('refuses floats and malformed text', () => {
    expect(() => DecimalScalar.parseValue(1.34)).toThrow(/decimal string/);
    expect(() => DecimalScalar.parseValue('1,34')).toThrow(/decimal string/);
    expect(() => DecimalScalar.parseLiteral({ kind: Kind.FLOAT, value: '1.34' }, {})).toThrow(/expected a string/);
  });

  test('Money rounds half-up to the cent, in CNY, and always writes two decimals', () => {
    const money = Money.cny('5.045');
    expect([money.amount, money.currency]).toEqual(['5.05', 'CNY']);
    expect(DecimalScalar.serialize(Money.cny('156240').amount)).toBe('156240.00');
    expect(DecimalScalar.serialize(Money.cny('1.0').amount)).toBe('1.00');
  });

  test('every kind of decimal has its fixed scale, rounded half-up; inputs finer than their kind do not fit', () => {
    expect([fixed('0.8', 'FRACTION'), fixed('3', 'FRACTION'), fixed('95', 'PERCENT'), fixed('1.005', 'MONEY')]).toEqual(['0.8000', '3.0000', '95.00', '1.01']);
    expect([fitsScale(new Decimal('1.34'), 'MONEY'), fitsScale(new Decimal('1.345'), 'MONEY'), fitsScale(new Decimal('0.12345'), 'FRACTION')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('dates', () => {
  test('Date accepts calendar dates only', () => {
    expect(DateScalar.parseValue('2026-10-01')).toBe('2026-10-01');
    expect(() => DateScalar.parseValue('2026-02-30')).toThrow(/2026-10-01/);
    expect(() => DateScalar.parseValue('2026-10-1')).toThrow();
  });

  test('dates and months stay in the years 1900 to 2999 (a rule may reach the day or month after; year 9999 + 1 month was an internal error)', () => {
    expect(DateScalar.parseValue('1900-01-01')).toBe('1900-01-01');
    expect(DateScalar.parseValue('2999-12-31')).toBe('2999-12-31');
    expect(YearMonthScalar.parseValue('1900-01')).toBe('1900-01');
    expect(YearMonthScalar.parseValue('2999-12')).toBe('2999-12');
    for (const text of ['1899-12-31', '3000-01-01', '9999-12-31', '0000-01-01']) expect(() => DateScalar.parseValue(text)).toThrow(/2026-10-01/);
    for (const text of ['1899-12', '3000-01', '9999-12', '0000-01']) expect(() => YearMonthScalar.parseValue(text)).toThrow(/2026-10/);
  });

  test('YearMonth, TimeZone and DateTime', () => {
    expect(YearMonthScalar.parseValue('2026-10')).toBe('2026-10');
    expect(() => YearMonthScalar.parseValue('2026-13')).toThrow();
    expect(TimeZoneScalar.parseValue('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(() => TimeZoneScalar.parseValue('Mars/Olympus')).toThrow();
    expect((DateTimeScalar.parseValue('2026-10-01T09:00:00+08:00') as Date).toISOString()).toBe('2026-10-01T01:00:00.000Z');
    expect(() => DateTimeScalar.parseValue('2026-10-01 09:00')).toThrow(/offset/);
  });
});

test('global ids are opaque, typed and reject garbage', () => {
  const id = toGlobalId('Organization', '8fa426e4-ad3e-4a46-b3be-ff8e13fea178');
  expect(id).not.toContain('8fa426e4');
  expect(fromGlobalId(id)).toEqual({ type: 'Organization', id: '8fa426e4-ad3e-4a46-b3be-ff8e13fea178' });
  expect(idOfType(id, 'Membership')).toBeNull();
  expect(fromGlobalId('not base64!')).toBeNull();
  expect(fromGlobalId(Buffer.from('Organization:1 or 1=1').toString('base64url'))).toBeNull();
});

test('audit events are keyed by their bigint sequence; no other type accepts a number', () => {
  expect(fromGlobalId(toGlobalId('AuditEvent', '42'))).toEqual({ type: 'AuditEvent', id: '42' });
  expect(fromGlobalId(toGlobalId('AuditEvent', '9223372036854775807'))).toEqual({ type: 'AuditEvent', id: '9223372036854775807' });
  for (const bad of ['0', '042', '-1', '1.5', '9223372036854775808', '8fa426e4-ad3e-4a46-b3be-ff8e13fea178', '1 or 1=1']) {
    expect(fromGlobalId(toGlobalId('AuditEvent', bad))).toBeNull();
  }
  expect(fromGlobalId(toGlobalId('Organization', '42'))).toBeNull();
});

import type { Decimal } from 'decimal.js';
import { fixed } from '../core/decimal-scale.js';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from './scalars.js';

export enum CurrencyCode {
  CNY = 'CNY',
}
registerEnumType(CurrencyCode, {
  name: 'CurrencyCode',
  description: 'ISO 4217 currency code.',
  valuesConfig: { CNY: { description: 'Chinese yuan (人民币), amounts to the fen (2 decimals).' } },
});

@ObjectType({ description: 'An exact amount of money in a currency (CNY by default).' })
export class Money {
  @Field(() => DecimalScalar, { description: 'The amount, to the cent: always two decimals ("156240.00").' })
  amount!: string;

  @Field(() => CurrencyCode, { description: 'The currency of the amount.' })
  currency!: CurrencyCode;

  static cny(amount: Decimal | string): Money {
    const money = new Money();
    money.amount = fixed(amount, 'MONEY');
    money.currency = CurrencyCode.CNY;
    return money;
  }
}

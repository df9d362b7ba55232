import { Decimal } from 'decimal.js';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from './scalars.js';

export enum CurrencyCode {
  CNY = 'CNY',
}
registerEnumType(CurrencyCode, { name: 'CurrencyCode', description: 'ISO 4217 currency code.' });

@ObjectType({ description: 'An exact amount of money in a currency (CNY by default).' })
export class Money {
  @Field(() => DecimalScalar, { description: 'The amount, to the cent, as a decimal string.' })
  amount!: Decimal;

  @Field(() => CurrencyCode, { description: 'The currency of the amount.' })
  currency!: CurrencyCode;

  static cny(amount: Decimal | string): Money {
    const money = new Money();
    money.amount = new Decimal(amount).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    money.currency = CurrencyCode.CNY;
    return money;
  }
}

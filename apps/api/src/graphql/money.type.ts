import { formatMoney } from '@perkflow/domain';
import { Field, ObjectType } from 'type-graphql';
import { DecimalScalar } from './scalars.js';

/** An exact amount in a currency, e.g. { amount: "20.00", currency: "EUR" } (SPEC §10). Shared by every module. */
@ObjectType('Money')
export class MoneyType {
  @Field(() => DecimalScalar, { description: 'Rounded half-even to the currency\'s minor unit, e.g. "20.00"' })
  amount!: string;

  @Field({ description: 'ISO 4217 code' })
  currency!: string;
}

/** A Money value from a stored amount (a numeric column comes back as "20.0000"). */
export function toMoney(amount: string | number, currency: string): MoneyType {
  return { amount: formatMoney(amount, currency), currency };
}

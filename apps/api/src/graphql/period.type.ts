import { TIME_UNITS, WEEKDAYS, type TimeUnit, type Weekday } from '@perkflow/domain';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Shared by every module: N days, weeks, months or years (contract `Period`/`PeriodInput`), and weekdays. */
export const TimeUnitEnum = Object.fromEntries(TIME_UNITS.map((u) => [u, u])) as { [K in TimeUnit]: K };
registerEnumType(TimeUnitEnum, { name: 'TimeUnit' });

export const WeekdayEnum = Object.fromEntries(WEEKDAYS.map((d) => [d, d])) as { [K in Weekday]: K };
registerEnumType(WeekdayEnum, { name: 'Weekday' });

@ObjectType('Period')
export class PeriodType {
  @Field(() => Int) count!: number;
  @Field(() => TimeUnitEnum) unit!: TimeUnit;
}

@InputType('PeriodInput')
export class PeriodInput {
  @Field(() => Int) count!: number;
  @Field(() => TimeUnitEnum) unit!: TimeUnit;
}

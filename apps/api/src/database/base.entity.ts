import { PrimaryKey, Property, type Opt } from '@mikro-orm/core';

/** Columns every table has: a bigint identity (exposed as a string id) and the creation instant. */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Opt<Date> = new Date();
}

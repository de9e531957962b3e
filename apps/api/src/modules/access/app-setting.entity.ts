import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Settings the processes share through the database (e.g. the token signing secret). */
@Entity()
export class AppSetting {
  @PrimaryKey()
  key!: string;

  @Property({ type: 'text' })
  value!: string;
}

import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A fixed-window throttling counter shared by every API process (see graphql/rate-limit.ts). */
@Entity()
export class RateLimitBucket {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property()
  count!: number;

  @Property({ type: 'timestamptz' })
  windowStart!: Date;
}

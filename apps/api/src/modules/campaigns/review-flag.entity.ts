import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { visibleRecordOfTypeSql, VisibleWhere } from '../../database/visibility.js';
import { BaseEntity } from '../../database/base.entity.js';
import { User } from '../access/user.entity.js';

/**
 * Something a manager should look at (SPEC §10): budget exhaustion, anomalies (velocity, failed
 * attempts, many codes of one campaign for one customer, write-offs outside hours). `dedupeKey`
 * (unique) stops the same anomaly being flagged twice in its window. Raise with `raiseReviewFlag`.
 */
// A flag about an invisible campaign (or a write-off of one) is invisible.
@VisibleWhere('ReviewFlag', 'review_flag', (scope, a) => visibleRecordOfTypeSql(scope, `${a}.subject_type`, `${a}.subject_id`), { polymorphic: true })
@Entity()
@Index({ properties: ['resolvedAt', 'createdAt'] })
export class ReviewFlag extends BaseEntity {
  @Property()
  kind!: string;

  @Property()
  subjectType!: string;

  @Property()
  subjectId!: string;

  @Property({ type: 'text' })
  message!: string;

  @Property({ type: 'text', nullable: true, unique: true })
  dedupeKey?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true })
  resolvedBy?: Ref<User> | null;

  @Property({ type: 'text', nullable: true })
  resolveComment?: string | null;
}

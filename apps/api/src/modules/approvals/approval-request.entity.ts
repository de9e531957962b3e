import { Entity, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { notInvisibleRecordSql, VisibleWhere } from '../../database/visibility.js';
import type { ApprovalState } from '@perkflow/domain';
import { BaseEntity } from '../../database/base.entity.js';
import { Unit } from '../access/unit.entity.js';
import { User } from '../access/user.entity.js';
import { APPROVAL_SUBJECT_KINDS, type ApprovalSubjectName } from './approval-handler.js';

/**
 * One request for a decision (SPEC §7): what it is about (`subject` + `subjectId`, with the details in
 * `payload`), who asked, who decides (a role, and for ad hoc discounts the approval unit), and the
 * decision, taken once.
 */
// An approval request exists only through its subject: invisible subject, invisible (and undecidable) request
// (a request whose subject no longer exists reveals nothing hidden, and stays visible).
@VisibleWhere('ApprovalRequest', 'approval_request', (scope, a) =>
  `(case ${a}.subject ${Object.entries(APPROVAL_SUBJECT_KINDS).map(([subject, kind]) => `when '${subject}' then ${notInvisibleRecordSql(scope, kind, `${a}.subject_id`)}`).join(' ')} else false end)`)
@Entity()
@Index({ properties: ['state', 'subject'] })
@Index({ properties: ['subject', 'subjectId'] })
export class ApprovalRequest extends BaseEntity {
  @Property({ type: 'text' })
  subject!: ApprovalSubjectName;

  @Property({ type: 'bigint' })
  subjectId!: string;

  @Property({ type: 'text', default: 'PENDING' })
  state: Opt<ApprovalState> = 'PENDING';

  @ManyToOne({ entity: () => User, ref: true })
  requestedBy!: Ref<User>;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  requestedAt: Opt<Date> = new Date();

  /** The role whose holders decide: SUPERVISOR (of `decidingUnit`) or FINANCE_MANAGER. */
  @Property({ type: 'text' })
  decidingRole!: 'SUPERVISOR' | 'FINANCE_MANAGER';

  @ManyToOne({ entity: () => Unit, ref: true, nullable: true })
  decidingUnit?: Ref<Unit> | null;

  @Property({ type: 'jsonb', nullable: true })
  payload?: Record<string, unknown> | null;

  @ManyToOne({ entity: () => User, ref: true, nullable: true })
  decidedBy?: Ref<User> | null;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;
}

import { Entity, Enum, Index, ManyToOne, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { Visible } from '../../database/visibility.js';
import {
  EVALUATION_METHODS,
  OFFER_CLASSIFICATIONS,
  OFFER_LIFE_CYCLE_STATES,
  type AwardConditionsRule,
  type AwardRule,
  type AwardValidityRule,
  type EvaluationMethod,
  type OfferClassification,
  type OfferLifeCycleState,
  type OfferValidityRule,
  type SpendConditionsRule,
} from '@perkflow/domain';
import { OwnedByGroupEntity } from '../access/owned-by-group.entity.js';
import { RewardOfferCategory, RewardOfferTemplate, RewardOfferType } from './reward-config.entity.js';
import { RewardScheme } from './reward-scheme.entity.js';

/**
 * A reward offer (SPEC §4, seed 004). Its rules are kept as jsonb in the shapes of @perkflow/domain's
 * offer rules, so the reward run reads them straight into the pure evaluation.
 */
@Visible('RewardOffer', 'reward_offer', { scheme: true })
@Entity()
@Unique({ name: 'reward_offer_name_ci_unique', expression: 'create unique index "reward_offer_name_ci_unique" on "reward_offer" (lower("name"))' })
@Unique({ name: 'reward_offer_code_ci_unique', expression: 'create unique index "reward_offer_code_ci_unique" on "reward_offer" (lower("alternative_code"))' })
@Index({ properties: ['lifeCycleState', 'evaluationMethod'] })
export class RewardOffer extends OwnedByGroupEntity {
  /** Auto-numbered RO-000001, … from a sequence. */
  @Property({ unique: true })
  number!: string;

  @Property()
  name!: string;

  @Property({ type: 'text', nullable: true })
  alternativeCode?: string | null;

  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @ManyToOne({ entity: () => RewardScheme, ref: true })
  scheme!: Ref<RewardScheme>;

  @ManyToOne({ entity: () => RewardOfferType, ref: true })
  type!: Ref<RewardOfferType>;

  /** The type's classification, kept with the offer for filters and privacy rules. */
  @Enum({ items: () => [...OFFER_CLASSIFICATIONS] })
  classification!: OfferClassification;

  @ManyToOne({ entity: () => RewardOfferCategory, ref: true, nullable: true })
  category?: Ref<RewardOfferCategory> | null;

  @ManyToOne({ entity: () => RewardOfferTemplate, ref: true, nullable: true })
  template?: Ref<RewardOfferTemplate> | null;

  @Enum({ items: () => [...OFFER_LIFE_CYCLE_STATES], default: 'NOT_EFFECTIVE' })
  lifeCycleState: Opt<OfferLifeCycleState> = 'NOT_EFFECTIVE';

  @Property({ type: 'timestamptz', nullable: true })
  latestEffectiveDate?: Date | null;

  @Enum({ items: () => [...EVALUATION_METHODS], default: 'BATCH' })
  evaluationMethod: Opt<EvaluationMethod> = 'BATCH';

  @Property({ type: 'json' })
  award!: AwardRule;

  @Property({ default: false })
  applyIfBestAward: Opt<boolean> = false;

  @Property({ type: 'json' })
  validity!: OfferValidityRule;

  @Property({ type: 'json' })
  awardValidity!: AwardValidityRule;

  @Property({ type: 'json' })
  awardConditions!: AwardConditionsRule;

  @Property({ type: 'json' })
  spendConditions!: SpendConditionsRule;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();
}

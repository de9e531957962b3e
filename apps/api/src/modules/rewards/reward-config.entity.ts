import { Entity, Enum, Property, Unique, type Opt } from '@mikro-orm/core';
import { Visible } from '../../database/visibility.js';
import { OFFER_CLASSIFICATIONS, type AwardRule, type OfferClassification, type SpendConditionsRule } from '@perkflow/domain';
import { BaseEntity } from '../../database/base.entity.js';
import { OwnedByGroupEntity } from '../access/owned-by-group.entity.js';

/** A label for reward offers (SPEC §4). */
@Entity()
@Unique({ name: 'reward_offer_category_ci_unique', expression: 'create unique index "reward_offer_category_ci_unique" on "reward_offer_category" (lower("name"))' })
export class RewardOfferCategory extends BaseEntity {
  @Property()
  name!: string;
}

/** The business behaviour of an offer: a classification and the categories its offers may use. */
@Entity()
@Unique({ name: 'reward_offer_type_ci_unique', expression: 'create unique index "reward_offer_type_ci_unique" on "reward_offer_type" (lower("name"))' })
export class RewardOfferType extends BaseEntity {
  @Property()
  name!: string;

  @Enum({ items: () => [...OFFER_CLASSIFICATIONS] })
  classification!: OfferClassification;

  @Property({ type: 'text[]', default: '{}' })
  allowedCategoryIds: Opt<string[]> = [];
}

/**
 * The one global rewards definition: which offer types offers may use. `allowedOfferTypeIds` null means
 * it was never set (every type allowed); once set, only the listed types.
 */
@Entity()
export class RewardsDefinition extends BaseEntity {
  @Property({ type: 'text[]', nullable: true })
  allowedOfferTypeIds?: string[] | null;
}

/** Predefined classification, award and spend conditions, copied into offers created from it. */
@Visible('RewardOfferTemplate', 'reward_offer_template')
@Entity()
@Unique({ name: 'reward_offer_template_ci_unique', expression: 'create unique index "reward_offer_template_ci_unique" on "reward_offer_template" (lower("name"))' })
export class RewardOfferTemplate extends OwnedByGroupEntity {
  @Property()
  name!: string;

  @Enum({ items: () => [...OFFER_CLASSIFICATIONS] })
  classification!: OfferClassification;

  @Property({ type: 'json', nullable: true })
  award?: AwardRule | null;

  @Property({ type: 'json', nullable: true })
  spendConditions?: SpendConditionsRule | null;
}

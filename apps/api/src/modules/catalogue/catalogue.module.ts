import type { PerkflowModule } from '../module.js';
import { catalogueResolvers } from './catalogue.resolver.js';
import { seedCatalogueDemo } from './catalogue.seed.js';
import { Customer } from './customer.entity.js';
import { Job, JobLine } from './job.entity.js';
import { ProductFamily } from './product-family.entity.js';
import { ProductType } from './product-type.entity.js';
import { Product } from './product.entity.js';
import { Segment } from './segment.entity.js';
import { Subscription, SubscriptionService } from './subscription.entity.js';

export const catalogueModule: PerkflowModule = {
  name: 'catalogue',
  entities: [ProductType, ProductFamily, Product, Customer, Segment, Subscription, SubscriptionService, Job, JobLine],
  resolvers: catalogueResolvers,
  seed: seedCatalogueDemo,
};

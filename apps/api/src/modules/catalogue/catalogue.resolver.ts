import type { SegmentEntityKind } from '@perkflow/domain';
import { requireRef, loadRef } from '../../graphql/batch.js';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { findReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { Can } from '../../graphql/guard.js';
import { MoneyType, toMoney } from '../../graphql/money.type.js';
import type { Page } from '../../graphql/pagination.js';
import { JSONObjectScalar, LocalDateScalar } from '../../graphql/scalars.js';
import {
  CreateCustomerInput,
  CreateJobInput,
  CreateProductInput,
  CreateSegmentInput,
  CreateSubscriptionInput,
  UpdateCustomerInput,
  UpdateProductInput,
  UpdateSegmentInput,
} from './catalogue.inputs.js';
import {
  AddressObject,
  CustomerConnection,
  CustomerObject,
  JobLineObject,
  JobObject,
  ProductFamilyObject,
  ProductObject,
  ProductTypeObject,
  SegmentEntityEnum,
  SegmentMemberPage,
  SegmentObject,
  SubscriptionObject,
  SubscriptionServiceObject,
} from './catalogue.types.js';
import * as customers from './customer.service.js';
import { Customer } from './customer.entity.js';
import type { Job, JobLine } from './job.entity.js';
import * as orders from './order.service.js';
import type { ProductFamily } from './product-family.entity.js';
import type { ProductType } from './product-type.entity.js';
import type { Product } from './product.entity.js';
import * as products from './product.service.js';
import type { Segment } from './segment.entity.js';
import * as segments from './segment.service.js';
import type { Subscription, SubscriptionService } from './subscription.entity.js';

@Resolver(() => ProductObject)
export class ProductResolver {
  @Query(() => [ProductTypeObject])
  @Can('read', 'ProductType')
  productTypes(@Ctx() ctx: GraphQLContext): Promise<ProductType[]> {
    return products.listProductTypes(ctx);
  }

  @Query(() => [ProductFamilyObject])
  @Can('read', 'ProductFamily')
  productFamilies(@Ctx() ctx: GraphQLContext): Promise<ProductFamily[]> {
    return products.listProductFamilies(ctx);
  }

  @Query(() => [ProductObject])
  @Can('read', 'Product')
  products(
    @Ctx() ctx: GraphQLContext,
    @Arg('search', () => String, { nullable: true, description: 'Part of the code or name, case-insensitive' }) search?: string | null,
    @Arg('typeId', () => ID, { nullable: true }) typeId?: string | null,
  ): Promise<Product[]> {
    return products.listProducts(ctx, { search, typeId });
  }

  @Mutation(() => ProductTypeObject)
  @Can('create', 'ProductType')
  createProductType(@Ctx() ctx: GraphQLContext, @Arg('name') name: string): Promise<ProductType> {
    return products.createProductType(ctx, name);
  }

  @Mutation(() => ProductFamilyObject)
  @Can('create', 'ProductFamily')
  createProductFamily(@Ctx() ctx: GraphQLContext, @Arg('name') name: string): Promise<ProductFamily> {
    return products.createProductFamily(ctx, name);
  }

  @Mutation(() => ProductObject)
  @Can('create', 'Product')
  createProduct(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateProductInput): Promise<Product> {
    return products.createProduct(ctx, input);
  }

  @Mutation(() => ProductObject)
  @Can('update', 'Product')
  updateProduct(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateProductInput): Promise<Product> {
    return products.updateProduct(ctx, id, input);
  }

  @FieldResolver(() => ProductTypeObject)
  type(@Ctx() ctx: GraphQLContext, @Root() product: Product): Promise<ProductType> {
    return requireRef(ctx, product.type);
  }

  @FieldResolver(() => ProductFamilyObject, { nullable: true })
  family(@Ctx() ctx: GraphQLContext, @Root() product: Product): Promise<ProductFamily | null> {
    return loadRef(ctx, product.family);
  }

  @FieldResolver(() => MoneyType, { nullable: true, description: 'The list price, when the product has one' })
  price(@Root() product: Product): MoneyType | null {
    return product.price != null && product.currency ? toMoney(product.price, product.currency) : null;
  }
}

@Resolver(() => CustomerObject)
export class CustomerResolver {
  @Query(() => CustomerObject, { nullable: true })
  @Can('read', 'Customer')
  customer(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Customer | null> {
    return findReadable(ctx, Customer, 'Customer', id);
  }

  @Query(() => CustomerConnection, { description: 'Customers by name, a page at a time; search matches name or e-mail, case-insensitive' })
  @Can('read', 'Customer')
  customers(
    @Ctx() ctx: GraphQLContext,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Page<Customer>> {
    return customers.pageCustomers(ctx, { search, first, after });
  }

  @Mutation(() => CustomerObject)
  @Can('create', 'Customer')
  createCustomer(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateCustomerInput): Promise<Customer> {
    return customers.createCustomer(ctx, input);
  }

  @Mutation(() => CustomerObject)
  @Can('update', 'Customer')
  updateCustomer(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateCustomerInput): Promise<Customer> {
    return customers.updateCustomer(ctx, id, input);
  }

  @Mutation(() => CustomerObject, { description: 'Blacklisting needs a reason; un-blacklisting clears it' })
  @Can('blacklist', 'Customer')
  setCustomerBlacklisted(
    @Ctx() ctx: GraphQLContext,
    @Arg('customerId', () => ID) customerId: string,
    @Arg('blacklisted') blacklisted: boolean,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<Customer> {
    return customers.setCustomerBlacklisted(ctx, customerId, blacklisted, reason);
  }

  @FieldResolver(() => [AddressObject])
  addresses(@Root() customer: Customer): AddressObject[] {
    return customer.addresses ?? [];
  }
}

@Resolver(() => SegmentObject)
export class SegmentResolver {
  @Query(() => [SegmentObject])
  @Can('read', 'Segment')
  segments(@Ctx() ctx: GraphQLContext, @Arg('entity', () => SegmentEntityEnum, { nullable: true }) entity?: SegmentEntityKind | null): Promise<Segment[]> {
    return segments.listSegments(ctx, entity);
  }

  @Query(() => SegmentMemberPage, { description: "A saved segment's members, a page at a time (ascending id)" })
  @Can('read', 'Segment')
  segmentMembers(
    @Ctx() ctx: GraphQLContext,
    @Arg('segmentId', () => ID) segmentId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<segments.SegmentMembersResult> {
    return segments.segmentMembers(ctx, segmentId, { first, after });
  }

  @Query(() => SegmentMemberPage, { description: 'The members a dynamic rule would have, before saving it; the rule is validated as on save' })
  @Can('read', 'Segment')
  previewSegment(
    @Ctx() ctx: GraphQLContext,
    @Arg('entity', () => SegmentEntityEnum) entity: SegmentEntityKind,
    @Arg('rule', () => JSONObjectScalar) rule: Record<string, unknown>,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<segments.SegmentMembersResult> {
    return segments.previewSegment(ctx, entity, rule, { first, after });
  }

  @Mutation(() => SegmentObject)
  @Can('create', 'Segment')
  createSegment(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateSegmentInput): Promise<Segment> {
    return segments.createSegment(ctx, input);
  }

  @Mutation(() => SegmentObject)
  @Can('update', 'Segment')
  updateSegment(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('input') input: UpdateSegmentInput): Promise<Segment> {
    return segments.updateSegment(ctx, id, input);
  }

  @Mutation(() => Boolean)
  @Can('delete', 'Segment')
  deleteSegment(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return segments.deleteSegment(ctx, id);
  }
}

@Resolver(() => SubscriptionObject)
export class SubscriptionResolver {
  @Query(() => [SubscriptionObject])
  @Can('read', 'Subscription')
  subscriptions(@Ctx() ctx: GraphQLContext, @Arg('customerId', () => ID) customerId: string): Promise<Subscription[]> {
    return orders.listSubscriptions(ctx, customerId);
  }

  @Query(() => SubscriptionObject, { nullable: true })
  @Can('read', 'Subscription')
  subscription(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Subscription | null> {
    return orders.findSubscription(ctx, id);
  }

  @Mutation(() => SubscriptionObject)
  @Can('create', 'Subscription')
  createSubscription(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateSubscriptionInput): Promise<Subscription> {
    return orders.createSubscription(ctx, input);
  }

  @FieldResolver(() => CustomerObject)
  customer(@Ctx() ctx: GraphQLContext, @Root() subscription: Subscription): Promise<Customer> {
    return requireRef(ctx, subscription.customer);
  }

  @FieldResolver(() => [SubscriptionServiceObject])
  async services(@Root() subscription: Subscription): Promise<SubscriptionService[]> {
    return (await subscription.services.load()).getItems();
  }
}

@Resolver(() => SubscriptionServiceObject)
export class SubscriptionServiceResolver {
  @FieldResolver(() => ProductObject)
  product(@Ctx() ctx: GraphQLContext, @Root() service: SubscriptionService): Promise<Product> {
    return requireRef(ctx, service.product);
  }

  @FieldResolver(() => MoneyType)
  async price(@Root() service: SubscriptionService): Promise<MoneyType> {
    const subscription = (await service.subscription.load()) as Subscription;
    return toMoney(service.price, subscription.currency);
  }
}

@Resolver(() => JobObject)
export class JobResolver {
  @Query(() => [JobObject])
  @Can('read', 'Job')
  jobs(@Ctx() ctx: GraphQLContext, @Arg('customerId', () => ID) customerId: string): Promise<Job[]> {
    return orders.listJobs(ctx, customerId);
  }

  @Query(() => JobObject, { nullable: true })
  @Can('read', 'Job')
  job(@Ctx() ctx: GraphQLContext, @Arg('id', () => ID) id: string): Promise<Job | null> {
    return orders.findJob(ctx, id);
  }

  @Mutation(() => JobObject)
  @Can('create', 'Job')
  createJob(@Ctx() ctx: GraphQLContext, @Arg('input') input: CreateJobInput): Promise<Job> {
    return orders.createJob(ctx, input);
  }

  @Mutation(() => JobObject, { description: 'Sets the actual completion date (on or after the order date); a job completes once' })
  @Can('update', 'Job')
  completeJob(
    @Ctx() ctx: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('actualCompletionDate', () => LocalDateScalar) actualCompletionDate: string,
  ): Promise<Job> {
    return orders.completeJob(ctx, id, actualCompletionDate);
  }

  @FieldResolver(() => CustomerObject)
  customer(@Ctx() ctx: GraphQLContext, @Root() job: Job): Promise<Customer> {
    return requireRef(ctx, job.customer);
  }

  @FieldResolver(() => [JobLineObject])
  async lines(@Root() job: Job): Promise<JobLine[]> {
    return (await job.lines.load()).getItems();
  }
}

@Resolver(() => JobLineObject)
export class JobLineResolver {
  @FieldResolver(() => ProductObject)
  product(@Ctx() ctx: GraphQLContext, @Root() line: JobLine): Promise<Product> {
    return requireRef(ctx, line.product);
  }

  @FieldResolver(() => MoneyType)
  async price(@Root() line: JobLine): Promise<MoneyType> {
    const job = (await line.job.load()) as Job;
    return toMoney(line.price, job.currency);
  }
}

export const catalogueResolvers = [
  ProductResolver,
  CustomerResolver,
  SegmentResolver,
  SubscriptionResolver,
  SubscriptionServiceResolver,
  JobResolver,
  JobLineResolver,
] as const;

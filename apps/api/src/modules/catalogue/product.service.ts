import { containsPattern, inSearchSlot } from '../../graphql/search.js';
import { MAX_LIST_SIZE } from '../../graphql/pagination.js';
import { checkProductPrice, normaliseName } from '@perkflow/domain';
import { accessFilter, getReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import type { CreateProductInput, UpdateProductInput } from './catalogue.inputs.js';
import { ProductFamily } from './product-family.entity.js';
import { ProductType } from './product-type.entity.js';
import { Product } from './product.entity.js';
import { getReferenced, likeLiteral } from './input-checks.js';

type NamedClass = typeof ProductType | typeof ProductFamily;

export function listProductTypes(ctx: GraphQLContext): Promise<ProductType[]> {
  return ctx.em.find(ProductType, accessFilter<ProductType>(ctx, 'read', 'ProductType'), { orderBy: { name: 'asc', id: 'asc' } });
}

export function listProductFamilies(ctx: GraphQLContext): Promise<ProductFamily[]> {
  return ctx.em.find(ProductFamily, accessFilter<ProductFamily>(ctx, 'read', 'ProductFamily'), { orderBy: { name: 'asc', id: 'asc' } });
}

/** Creates a product type or family: a unique name (case-insensitive). */
async function createNamed<C extends NamedClass>(ctx: GraphQLContext, entity: C, subject: 'ProductType' | 'ProductFamily', rawName: string): Promise<InstanceType<C>> {
  const name = normaliseName(rawName);
  if (!name.ok) throw badInput('name', name.explanation);
  if (await ctx.em.findOne(entity, { name: { $ilike: likeLiteral(name.value) } })) throw badInput('name', `a ${subject} named "${name.value}" exists already`);
  const record = ctx.em.create(entity, { name: name.value } as never) as InstanceType<C>;
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: subject, entityId: record.id, after: auditSnapshot(record) });
  return record;
}

export function createProductType(ctx: GraphQLContext, name: string): Promise<ProductType> {
  return createNamed(ctx, ProductType, 'ProductType', name);
}

export function createProductFamily(ctx: GraphQLContext, name: string): Promise<ProductFamily> {
  return createNamed(ctx, ProductFamily, 'ProductFamily', name);
}

export function listProducts(ctx: GraphQLContext, filter: { search?: string | null; typeId?: string | null } = {}): Promise<Product[]> {
  const search = containsPattern('search', filter.search);
  return inSearchSlot(search, () =>
    ctx.em.find(
      Product,
      {
        $and: [
          search ? { $or: [{ code: { $ilike: search } }, { name: { $ilike: search } }] } : {},
          filter.typeId ? { type: filter.typeId } : {},
          accessFilter<Product>(ctx, 'read', 'Product'),
        ],
      },
      { orderBy: { code: 'asc', id: 'asc' }, limit: MAX_LIST_SIZE },
    ),
  );
}

function normaliseCode(raw: string): string {
  const code = raw.trim();
  if (!code) throw badInput('input.code', 'must not be empty');
  if (code.length > 64) throw badInput('input.code', 'must be at most 64 characters');
  return code;
}

export async function createProduct(ctx: GraphQLContext, input: CreateProductInput): Promise<Product> {
  const code = normaliseCode(input.code);
  const name = normaliseName(input.name);
  if (!name.ok) throw badInput('input.name', name.explanation);
  const price = checkProductPrice(input.price, input.currency);
  if (!price.ok) throw badInput(`input.${price.field}`, price.explanation);
  if (await ctx.em.findOne(Product, { code: { $ilike: likeLiteral(code) } })) throw badInput('input.code', `a product with code "${code}" exists already`);
  const type = await getReferenced(ctx, ProductType, 'ProductType', input.typeId, 'input.typeId');
  const family = input.familyId ? await getReferenced(ctx, ProductFamily, 'ProductFamily', input.familyId, 'input.familyId') : null;
  const product = ctx.em.create(Product, { code, name: name.value, type, family, price: price.value?.price ?? null, currency: price.value?.currency ?? null });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'Product', entityId: product.id, after: auditSnapshot(product) });
  return product;
}

export async function updateProduct(ctx: GraphQLContext, id: string, input: UpdateProductInput): Promise<Product> {
  const product = await getReadable(ctx, Product, 'Product', id, { action: 'update' });
  const before = auditSnapshot(product);
  if (input.name != null) {
    const name = normaliseName(input.name);
    if (!name.ok) throw badInput('input.name', name.explanation);
    product.name = name.value;
  }
  if (input.typeId != null) product.type = (await getReferenced(ctx, ProductType, 'ProductType', input.typeId, 'input.typeId')) as never;
  if (input.clearFamily) product.family = null;
  else if (input.familyId != null) product.family = (await getReferenced(ctx, ProductFamily, 'ProductFamily', input.familyId, 'input.familyId')) as never;
  if (input.clearPrice) {
    product.price = null;
    product.currency = null;
  } else if (input.price != null || input.currency != null) {
    const price = checkProductPrice(input.price ?? product.price, input.currency ?? product.currency);
    if (!price.ok) throw badInput(`input.${price.field}`, price.explanation);
    product.price = price.value?.price ?? null;
    product.currency = price.value?.currency ?? null;
  }
  await ctx.em.flush();
  recordAudit(ctx, { action: 'update', entityType: 'Product', entityId: product.id, before, after: auditSnapshot(product) });
  return product;
}

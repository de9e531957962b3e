import { containsPattern, inSearchSlot } from '../../graphql/search.js';
import type { FilterQuery } from '@mikro-orm/core';
import { isLocalDate, normaliseEmail, normaliseName } from '@perkflow/domain';
import { assertCan, getReadable } from '../../graphql/access.js';
import type { GraphQLContext } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { paginate, type Page } from '../../graphql/pagination.js';
import { auditSnapshot, recordAudit } from '../audit/audit-trail.js';
import type { AddressInput, CreateCustomerInput, UpdateCustomerInput } from './catalogue.inputs.js';
import { Customer, type CustomerAddress } from './customer.entity.js';
import { optionalText } from './input-checks.js';

function searchFilter(search?: string | null): FilterQuery<Customer> {
  const pattern = containsPattern('search', search);
  if (!pattern) return {};
  return { $or: [{ name: { $ilike: pattern } }, { email: { $ilike: pattern } }] };
}

export function pageCustomers(ctx: GraphQLContext, args: { search?: string | null; first?: number | null; after?: string | null }): Promise<Page<Customer>> {
  return inSearchSlot(args.search?.trim() || null, () => paginate(ctx, Customer, 'Customer', searchFilter(args.search), args, { name: 'asc', id: 'asc' }));
}

function checkAddresses(addresses: readonly AddressInput[], field: string): CustomerAddress[] {
  if (addresses.length > 20) throw badInput(field, 'at most 20 addresses');
  return addresses.map((a, i) => {
    const address = {
      area: optionalText(a.area, 200, `${field}.${i}.area`),
      city: optionalText(a.city, 200, `${field}.${i}.city`),
      district: optionalText(a.district, 200, `${field}.${i}.district`),
      active: a.active ?? true,
    };
    if (!address.area && !address.city && !address.district) throw badInput(`${field}.${i}`, 'an address needs an area, a city or a district');
    return address;
  });
}

function checkEmail(value: string | null | undefined): string | null {
  if (!value?.trim()) return null;
  const email = normaliseEmail(value);
  if (!email.ok) throw badInput('input.email', email.explanation);
  return email.value;
}

function checkDate(value: string | null | undefined, field: string): string | null {
  if (value == null) return null;
  if (!isLocalDate(value)) throw badInput(field, 'must be a date YYYY-MM-DD');
  return value;
}

/** The customer fields both create and update accept, checked. */
function checkCustomerFields(input: UpdateCustomerInput) {
  const fields: Partial<Pick<Customer, 'name' | 'email' | 'birthday' | 'nameDay' | 'region' | 'addresses'>> = {};
  if (input.name != null) {
    const name = normaliseName(input.name);
    if (!name.ok) throw badInput('input.name', name.explanation);
    fields.name = name.value;
  }
  if (input.email !== undefined) fields.email = checkEmail(input.email);
  if (input.birthday !== undefined) fields.birthday = checkDate(input.birthday, 'input.birthday');
  if (input.nameDay !== undefined) fields.nameDay = checkDate(input.nameDay, 'input.nameDay');
  if (input.region !== undefined) fields.region = optionalText(input.region, 100, 'input.region');
  if (input.addresses != null) fields.addresses = checkAddresses(input.addresses, 'input.addresses');
  return fields;
}

export async function createCustomer(ctx: GraphQLContext, input: CreateCustomerInput): Promise<Customer> {
  const fields = checkCustomerFields(input);
  if (!fields.name) throw badInput('input.name', 'must not be empty');
  const signedUpAt = input.signedUpAt ?? new Date();
  if (Number.isNaN(signedUpAt.getTime())) throw badInput('input.signedUpAt', 'is not an instant');
  const customer = ctx.em.create(Customer, { addresses: [], ...fields, name: fields.name, signedUpAt });
  await ctx.em.flush();
  recordAudit(ctx, { action: 'create', entityType: 'Customer', entityId: customer.id, after: auditSnapshot(customer) });
  return customer;
}

export async function updateCustomer(ctx: GraphQLContext, id: string, input: UpdateCustomerInput): Promise<Customer> {
  const customer = await getReadable(ctx, Customer, 'Customer', id);
  assertCan(ctx, 'update', 'Customer', customer);
  const before = auditSnapshot(customer);
  ctx.em.assign(customer, checkCustomerFields(input));
  await ctx.em.flush();
  recordAudit(ctx, { action: 'update', entityType: 'Customer', entityId: customer.id, before, after: auditSnapshot(customer) });
  return customer;
}

/** Blacklisting needs a reason (SPEC §6: fraud review); un-blacklisting clears it. Audited as blacklist/unblacklist. */
export async function setCustomerBlacklisted(ctx: GraphQLContext, customerId: string, blacklisted: boolean, reason?: string | null): Promise<Customer> {
  const text = optionalText(reason, 1000, 'reason');
  if (blacklisted && !text) throw badInput('reason', 'a reason is required to blacklist a customer');
  const customer = await getReadable(ctx, Customer, 'Customer', customerId);
  assertCan(ctx, 'blacklist', 'Customer', customer);
  const before = auditSnapshot(customer);
  customer.blacklisted = blacklisted;
  customer.blacklistReason = blacklisted ? text : null;
  await ctx.em.flush();
  recordAudit(ctx, { action: blacklisted ? 'blacklist' : 'unblacklist', entityType: 'Customer', entityId: customer.id, before, after: auditSnapshot(customer) });
  return customer;
}

// Builds the sweep's organisation through the public API (as the super user, then as the owner):
// an owner group whose marker-named entities of every explicit viewing kind carry a privacy level,
// activity through each of them, and one viewer per role in another group (cleared for the level,
// so only the group rule hides the entities) and in the owner group (below the level).
import { randomBytes } from 'node:crypto';
import { runLimited } from './http.mjs';

/** The roles a viewer can hold (SUPER_USER excluded: super users see everything). */
export const VIEWER_ROLES = ['ADMIN', 'MARKETING_MANAGER', 'FINANCE_MANAGER', 'SUPERVISOR', 'AGENT', 'MERCHANT', 'PORTAL', 'AUDITOR'];

/** Explicit viewing entities (packages/authz/src/subjects.ts), by GraphQL type name. */
export const EXPLICIT_KINDS = ['Campaign', 'RewardScheme', 'RewardOffer', 'RewardOfferTemplate', 'AdditiveDiscountDefinition'];

/** Records that exist only through an explicit entity (SPEC §1): invisible with it. */
export const DEPENDENT_KINDS = ['Code', 'CodeBatch', 'Redemption', 'AdHocDiscount', 'ApprovalRequest', 'WriteOff'];

/** PrivacyEntity enum value of each explicit kind. */
const PRIVACY_ENTITY = {
  Campaign: 'CAMPAIGN',
  RewardScheme: 'REWARD_SCHEME',
  RewardOffer: 'REWARD_OFFER',
  RewardOfferTemplate: 'REWARD_OFFER_TEMPLATE',
  AdditiveDiscountDefinition: 'ADDITIVE_DISCOUNT_DEFINITION',
};

const DAY = 86_400_000;
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const ALL_DAY = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));

function randomCode(length) {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

const iso = (ms) => new Date(ms).toISOString();

/**
 * @param {ReturnType<import('./http.mjs').createClient>} client
 * @param {string} superToken a SUPER_USER's token
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function buildOrganisation(client, superToken, { log = () => {} } = {}) {
  const secret = randomCode(6);
  const marker = `ZZSECRET${secret}`;
  const tag = randomBytes(4).toString('hex');
  const su = (query, variables) => client.ok(query, variables, superToken);
  const first = (data) => Object.values(data)[0];
  const ids = Object.fromEntries([...EXPLICIT_KINDS, ...DEPENDENT_KINDS].map((k) => [k, []]));
  const context = { Customer: [], Subscription: [], Unit: [], Group: [], User: [], RewardRun: [], PrivacyLevel: [] };
  const codes = [];

  log(`privacy sweep: building organisation ${tag} with marker ${marker}`);
  const group = async (name) => first(await su('mutation($i:CreateGroupInput!){ createGroup(input:$i){ id } }', { i: { name } })).id;
  const unit = async (name, groupId) => first(await su('mutation($i:CreateUnitInput!){ createUnit(input:$i){ id } }', { i: { name, groupId, timezone: 'UTC' } })).id;
  const level = async (name, rank) => first(await su('mutation($i:CreatePrivacyLevelInput!){ createPrivacyLevel(input:$i){ id } }', { i: { name, rank } })).id;
  const password = `sweep-${randomBytes(9).toString('hex')}`;
  const user = async (label, roles, groupId, extra = {}) => {
    const email = `sweep-${label}-${tag}@example.com`.toLowerCase();
    const id = first(await su('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: { email, name: `Sweep ${label}`, password, roles, groupId, ...extra } })).id;
    if (roles.includes('PORTAL')) {
      const key = first(await su('mutation($n:String!,$u:ID!){ createApiKey(name:$n, userId:$u){ secret } }', { n: `sweep ${label} ${tag}`, u: id })).secret;
      return { id, email, token: key };
    }
    return { id, email, token: await client.login(email, password) };
  };
  const customer = async (name) => first(await su('mutation($i:CreateCustomerInput!){ createCustomer(input:$i){ id } }', { i: { name } })).id;

  // Organisation: groups, units, levels.
  const ownerGroup = await group(`Sweep owners ${tag}`);
  const otherGroup = await group(`Sweep others ${tag}`);
  context.Group.push(ownerGroup, otherGroup);
  const careUnit = await unit(`Sweep care ${tag}`, ownerGroup);
  const ownerStore = await unit(`Sweep store ${tag}`, ownerGroup);
  const otherCare = await unit(`Sweep other care ${tag}`, otherGroup);
  const otherStore = await unit(`Sweep other store ${tag}`, otherGroup);
  context.Unit.push(ownerStore, careUnit, otherStore, otherCare);
  for (const store of [ownerStore, otherStore]) {
    await su('mutation($u:ID!,$h:[OpeningHoursInput!]!){ setStoreOpeningHours(unitId:$u, hours:$h){ weekday } }', { u: store, h: ALL_DAY });
  }
  const rank = 500_000 + (randomBytes(2).readUInt16BE() % 400_000);
  const secretLevel = await level(`Sweep restricted ${tag}`, rank);
  const lowLevel = await level(`Sweep low ${tag}`, rank - 1);
  context.PrivacyLevel.push(secretLevel, lowLevel);

  // The owner (may see everything of its group, cleared for the level) and its store's merchant and portal.
  const owner = await user('owner', ['ADMIN', 'MARKETING_MANAGER', 'FINANCE_MANAGER', 'SUPERVISOR', 'AGENT', 'AUDITOR'], ownerGroup, { unitId: careUnit, privacyClearanceId: secretLevel });
  const ownerMerchant = await user('owner-merchant', ['MERCHANT'], ownerGroup, { unitId: ownerStore, privacyClearanceId: secretLevel });
  const ownerPortal = await user('owner-portal', ['PORTAL'], ownerGroup, { privacyClearanceId: secretLevel });
  context.User.push(owner.id);
  const as = (token) => (query, variables) => client.ok(query, variables, token);
  const ow = as(owner.token);

  // Rewards: an offer type (organisation-wide, no marker), a scheme, a template and an offer.
  const typeId = first(await su('mutation($i:CreateRewardOfferTypeInput!){ createRewardOfferType(input:$i){ id } }', { i: { name: `Sweep just money ${tag}`, classification: 'JUST_MONEY', allowedCategoryIds: [] } })).id;
  const definition = (await su('{ rewardsDefinition { isSet allowedOfferTypes { id } } }')).rewardsDefinition;
  if (definition.isSet) {
    await su('mutation($ids:[ID!]!){ setRewardsDefinition(allowedOfferTypeIds:$ids){ isSet } }', { ids: [...definition.allowedOfferTypes.map((t) => t.id), typeId] });
  }
  const schemeId = first(await ow('mutation($i:CreateRewardSchemeInput!){ createRewardScheme(input:$i){ id } }', { i: { name: `${marker} scheme`, description: `${marker} scheme description`, timezone: 'UTC', currency: 'EUR' } })).id;
  ids.RewardScheme.push(schemeId);
  const templateId = first(await ow('mutation($i:CreateRewardOfferTemplateInput!){ createRewardOfferTemplate(input:$i){ id } }', { i: { name: `${marker} template`, classification: 'JUST_MONEY', award: { kind: 'AMOUNT', amount: '2.50' } } })).id;
  ids.RewardOfferTemplate.push(templateId);
  const offerId = first(await ow('mutation($i:CreateRewardOfferInput!){ createRewardOffer(input:$i){ id } }', {
    i: { schemeId, typeId, templateId, name: `${marker} offer`, description: `${marker} offer description`, alternativeCode: `${marker}ALT`, award: { kind: 'AMOUNT', amount: '2.50' } },
  })).id;
  ids.RewardOffer.push(offerId);
  await ow('mutation($id:ID!){ setRewardOfferEffective(id:$id, effective:true){ id } }', { id: offerId });

  // Customers (organisation-wide), enrolled, with purchase events and a reward run that awards them.
  const customers = [];
  for (let i = 1; i <= 3; i += 1) customers.push(await customer(`Sweep customer ${tag} ${i}`));
  context.Customer.push(...customers);
  for (const c of customers) {
    await ow('mutation($s:ID!,$c:ID!){ enrollParticipant(schemeId:$s, customerId:$c){ id } }', { s: schemeId, c });
    await client.ok('mutation($i:SubmitCustomerEventInput!){ submitCustomerEvent(input:$i){ id } }', { i: { customerId: c, kind: 'PURCHASE', performedAt: iso(Date.now() - 60_000), amount: '10.00', currency: 'EUR', unitId: ownerStore } }, ownerPortal.token);
  }
  const run = first(await su('mutation{ runRewards{ id awardsCreated finishedAt } }'));
  context.RewardRun.push(run.id);

  // Additive discounts: a product, a subscription, a definition and a pending ad hoc discount.
  const productType = first(await su('mutation($n:String!){ createProductType(name:$n){ id } }', { n: `Sweep packages ${tag}` })).id;
  const product = first(await su('mutation($i:CreateProductInput!){ createProduct(input:$i){ id } }', { i: { code: `SWEEP-${tag}`, name: `Sweep fibre ${tag}`, typeId: productType, price: '29.90', currency: 'EUR' } })).id;
  const subscriptionId = first(await su('mutation($i:CreateSubscriptionInput!){ createSubscription(input:$i){ id } }', {
    i: { customerId: customers[0], billingFrequency: 'MONTHLY', effectiveDate: '2026-01-01', currency: 'EUR', services: [{ productId: product, price: '29.90', isMain: true }] },
  })).id;
  context.Subscription.push(subscriptionId);
  const now = Date.now();
  const definitionId = first(await ow('mutation($i:CreateAdditiveDiscountDefinitionInput!){ createAdditiveDiscountDefinition(input:$i){ id } }', {
    i: {
      name: `${marker} discount`, target: 'SUBSCRIPTION', application: 'AD_HOC', valueKind: 'AMOUNT_RANGE', minAmount: '5', maxAmount: '20', currency: 'EUR',
      effectiveDate: iso(now - DAY), expirationDate: iso(now + 365 * DAY), duration: 'FIXED_DATE', durationUntil: iso(now + 365 * DAY),
      approvalMethod: 'MANUAL', approvalUnitId: careUnit, billingFrequencies: ['MONTHLY'], productTypeIds: [productType],
    },
  })).id;
  ids.AdditiveDiscountDefinition.push(definitionId);
  const adHoc = first(await ow('mutation($i:SubmitAdHocDiscountInput!){ submitAdHocDiscount(input:$i){ id state } }', { i: { definitionId, subscriptionId, amount: '10.00' } }));
  ids.AdHocDiscount.push(adHoc.id);

  // A promo-code campaign: imported and generated marker codes, redemptions (one rolled back), a
  // budget increase and an extension request.
  const campaignBase = { discountKind: 'AMOUNT', currency: 'EUR', startsAt: iso(now - DAY), expiresAt: iso(now + 30 * DAY) };
  const promoId = first(await ow('mutation($i:CreateCampaignInput!){ createCampaign(input:$i){ id } }', {
    i: { ...campaignBase, name: `${marker} promo`, kind: 'DISCOUNT_CODE', amount: '10.00', budget: { period: 'MONTH', amount: '1000.00' }, stackingGroup: `${marker}stack` },
  })).id;
  ids.Campaign.push(promoId);
  const promoCodes = [1, 2, 3].map((i) => `${marker}P${i}`);
  await ow('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: promoId, l: promoCodes });
  const batch = first(await ow('mutation($c:ID!,$p:CodePatternInput){ generateCodes(campaignId:$c, count:3, pattern:$p){ id } }', { c: promoId, p: { prefix: marker, length: 6 } }));
  ids.CodeBatch.push(batch.id);
  for (let waited = 0; waited < 60_000; waited += 250) {
    const status = (await ow('query($id:ID!){ codeBatch(id:$id){ status } }', { id: batch.id })).codeBatch?.status;
    if (status === 'DONE' || status === 'FAILED') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await ow('mutation($id:ID!){ activateCampaign(id:$id){ campaign { id state } } }', { id: promoId });
  const redeem = async (code, customerId, key) =>
    first(await client.ok('mutation($i:RedemptionInput!,$k:String!){ redeemCode(input:$i, idempotencyKey:$k){ ok reason explanation redemption { id } } }', { i: { code, customerId, order: { amount: '100.00', currency: 'EUR', unitId: ownerStore } }, k: key }, ownerPortal.token));
  for (const [index, code] of promoCodes.slice(0, 2).entries()) {
    const answer = await redeem(code, customers[index], `sweep-${tag}-${index}`);
    if (!answer.ok) throw new Error(`privacy sweep set-up: redeeming ${code} refused: ${answer.reason} ${answer.explanation}`);
    ids.Redemption.push(answer.redemption.id);
  }
  await client.ok('mutation($id:ID!,$r:String){ rollbackRedemption(id:$id, reason:$r){ id } }', { id: ids.Redemption[1], r: `${marker} refund` }, ownerPortal.token);
  ids.ApprovalRequest.push(first(await ow('mutation($c:ID!,$a:Decimal!,$r:String){ requestBudgetIncrease(campaignId:$c, newAmount:$a, reason:$r){ id } }', { c: promoId, a: '2000.00', r: `${marker} budget` })).id);
  ids.ApprovalRequest.push(first(await ow('mutation($c:ID!,$e:DateTimeISO!,$r:String){ requestCampaignExtension(campaignId:$c, newExpiresAt:$e, reason:$r){ id } }', { c: promoId, e: iso(now + 60 * DAY), r: `${marker} extension` })).id);

  // A voucher campaign (one per person): issued vouchers, a write-off at the owner's store (its merchant
  // day) and a one-per-person exception request.
  const voucherId = first(await ow('mutation($i:CreateCampaignInput!){ createCampaign(input:$i){ id } }', {
    i: { ...campaignBase, name: `${marker} vouchers`, kind: 'EXPERIENCE_VOUCHER', voucherKind: 'SERVICE', voucherForm: 'ELECTRONIC', amount: '50.00', allowedUnitIds: [ownerStore], onePerCustomer: true },
  })).id;
  ids.Campaign.push(voucherId);
  const voucherCodes = [1, 2, 3].map((i) => `${marker}V${i}`);
  await ow('mutation($c:ID!,$l:[String!]!){ importCodes(campaignId:$c, codes:$l) }', { c: voucherId, l: voucherCodes });
  await ow('mutation($id:ID!){ activateCampaign(id:$id){ campaign { id state } } }', { id: voucherId });
  const issued = [];
  for (const c of customers.slice(0, 2)) {
    issued.push(first(await ow('mutation($c:ID!,$u:ID!){ issueCode(campaignId:$c, customerId:$u, channel:WEBSITE){ code } }', { c: voucherId, u: c })).code);
  }
  const writeOff = first(await client.ok('mutation($i:WriteOffInput!){ writeOffVoucher(input:$i){ id } }', { i: { code: issued[0], unitId: ownerStore, amount: '50.00' } }, ownerMerchant.token));
  ids.WriteOff.push(writeOff.id);
  ids.ApprovalRequest.push(first(await ow('mutation($c:ID!,$u:ID!,$r:String){ requestOnePerCustomerException(campaignId:$c, customerId:$u, reason:$r){ id } }', { c: voucherId, u: customers[0], r: `${marker} exception` })).id);

  // Every approval request the owner asked for (the ad hoc discount's too), every code of the campaigns.
  for (const request of (await ow('{ approvalRequests(mine:true){ id subjectId } }')).approvalRequests) {
    if (!ids.ApprovalRequest.includes(request.id) && [adHoc.id, promoId, voucherId].includes(request.subjectId)) ids.ApprovalRequest.push(request.id);
  }
  for (const campaignId of [promoId, voucherId]) {
    const page = (await ow('query($c:ID!){ codes(campaignId:$c, first:50){ nodes { id code } } }', { c: campaignId })).codes;
    for (const node of page.nodes) {
      ids.Code.push(node.id);
      codes.push(node.code);
    }
  }

  // Finally the privacy level on every explicit entity (the owner is cleared for it).
  for (const kind of EXPLICIT_KINDS) {
    for (const id of ids[kind]) {
      await su('mutation($e:PrivacyEntity!,$id:ID!,$l:ID){ changePrivacyLevel(entity:$e, id:$id, privacyLevelId:$l) }', { e: PRIVACY_ENTITY[kind], id, l: secretLevel });
    }
  }

  // Viewers: every role in the other group (cleared for the level: only the group hides the entities),
  // and every role in the owner group below the level (only the level hides them). Each has its own
  // customer, so per-customer throttling of failed redemptions never masks an answer.
  const tasks = [];
  for (const [side, groupId, clearance, units] of [
    ['other', otherGroup, secretLevel, { MERCHANT: otherStore, SUPERVISOR: otherCare, AGENT: otherCare }],
    ['low', ownerGroup, lowLevel, { MERCHANT: ownerStore, SUPERVISOR: careUnit, AGENT: careUnit }],
  ]) {
    for (const role of VIEWER_ROLES) {
      tasks.push(async () => {
        const extra = { privacyClearanceId: clearance, ...(units[role] ? { unitId: units[role] } : {}) };
        const viewer = await user(`${role}-${side}`, [role], groupId, extra);
        const own = [];
        for (let i = 1; i <= 4; i += 1) own.push(await customer(`Sweep viewer ${tag} ${role} ${side} ${i}`));
        return { label: `${role}@${side}`, role, side, ...viewer, unitId: units[role] ?? null, customers: own };
      });
    }
  }
  const viewers = await runLimited(tasks, 4);
  // A campaign the other group's marketing manager owns and sees, for existence checks (importing a marker code into it).
  const otherManager = viewers.find((v) => v.label === 'MARKETING_MANAGER@other');
  const visibleCampaignId = first(await client.ok('mutation($i:CreateCampaignInput!){ createCampaign(input:$i){ id } }', { i: { ...campaignBase, name: `Sweep visible ${tag}`, kind: 'DISCOUNT_CODE', amount: '1.00' } }, otherManager.token)).id;
  // A code that campaign holds: importing it again must be refused exactly like importing a marker code.
  const visibleTakenCode = `VISTAKEN${tag.toUpperCase()}`;
  await client.ok('mutation($c:ID!,$codes:[String!]!){ importCodes(campaignId:$c, codes:$codes) }', { c: visibleCampaignId, codes: [visibleTakenCode] }, otherManager.token);

  log(`privacy sweep: organisation ready (${Object.entries(ids).map(([k, v]) => `${v.length} ${k}`).join(', ')}; ${viewers.length} viewers)`);
  return {
    marker,
    /** A case-insensitive search term matching the marker names whose echo never contains the marker. */
    searchTerm: secret.toLowerCase(),
    tag,
    ids,
    context,
    codes: [...new Set([...codes, ...promoCodes, ...voucherCodes])],
    /** The codes arguments are tried with: a redeemed promo code, a generated one, a written-off and an unissued voucher. */
    probeCodes: [promoCodes[0], codes.find((c) => !promoCodes.includes(c) && !voucherCodes.includes(c)), issued[0], voucherCodes.find((c) => !issued.includes(c))].filter(Boolean),
    owner: { label: 'OWNER', role: 'OWNER', side: 'owner', ...owner, unitId: careUnit, customers: [customers[2]] },
    ownerMerchant,
    ownerPortal,
    viewers,
    groups: { owner: ownerGroup, other: otherGroup },
    units: { careUnit, ownerStore, otherCare, otherStore },
    levels: { secret: secretLevel, low: lowLevel },
    customers,
    subscriptionId,
    schemeId,
    offerId,
    promoId,
    voucherId,
    visibleCampaignId,
    visibleTakenCode,
    issuedVouchers: issued,
    writeOffDate: new Date().toISOString().slice(0, 10),
  };
}

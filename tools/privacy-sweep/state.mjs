// What the viewers must not change: the marker records' state, read as the super user before and
// after the viewers' calls.

const CAMPAIGN = 'state expiresAt maxIssued budget { amount spent } redemptionsCount codesCount privacyLevel { id } ownedByGroup { id }';

/** A flat { path: value } picture of the marker records. */
export async function snapshotState(client, superToken, world) {
  const read = async (query, variables) => (await client.graphql(query, variables, superToken)).json?.data ?? null;
  const state = {};
  const put = (prefix, value) => {
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) put(`${prefix}.${k}`, v);
    else state[prefix] = value;
  };
  for (const id of world.ids.Campaign) {
    put(`campaign ${id}`, await read(`query($id:ID!){ campaign(id:$id){ ${CAMPAIGN} } }`, { id }));
    put(`codes of campaign ${id}`, await read('query($id:ID!){ codes(campaignId:$id, first:50){ totalCount nodes { code state redemptionsCount issuedAt customer { id } } } }', { id }));
    put(`approvals of campaign ${id}`, await read('query($id:ID!){ campaignApprovalRequests(campaignId:$id){ id state } }', { id }));
  }
  for (const id of world.ids.RewardScheme) put(`scheme ${id}`, await read('query($id:ID!){ rewardScheme(id:$id){ name privacyLevel { id } } rewardsParticipants(schemeId:$id){ id } }', { id }));
  for (const id of world.ids.RewardOffer) put(`offer ${id}`, await read('query($id:ID!){ rewardOffer(id:$id){ name lifeCycleState privacyLevel { id } } }', { id }));
  for (const id of world.ids.RewardOfferTemplate) put(`template ${id}`, await read('query($id:ID!){ rewardOfferTemplate(id:$id){ name privacyLevel { id } } }', { id }));
  for (const id of world.ids.AdditiveDiscountDefinition) put(`definition ${id}`, await read('query($id:ID!){ additiveDiscountDefinition(id:$id){ name privacyLevel { id } } }', { id }));
  for (const id of world.ids.AdHocDiscount) put(`ad hoc ${id}`, await read('query($id:ID!){ adHocDiscount(id:$id){ state amount } }', { id }));
  for (const id of world.ids.ApprovalRequest) put(`approval ${id}`, await read('query($id:ID!){ approvalRequest(id:$id){ state } }', { id }));
  for (const id of world.ids.Redemption) put(`redemption ${id}`, await read('query($id:ID!){ redemption(id:$id){ state } }', { id }));
  put('owner store day', await read('query($d:LocalDate!,$u:ID!){ merchantDay(date:$d, unitId:$u){ writeOffs amount status } }', { d: world.writeOffDate, u: world.units.ownerStore }));
  for (const c of world.customers) put(`wallet ${c}`, await read('query($c:ID!,$s:ID!){ wallet(customerId:$c, schemeId:$s){ balance } }', { c, s: world.schemeId }));
  return state;
}

/** The paths whose value changed. */
export function diffState(before, after) {
  const changes = [];
  for (const path of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[path]) !== JSON.stringify(after[path])) changes.push({ path, before: JSON.stringify(before[path]), after: JSON.stringify(after[path]) });
  }
  return changes;
}

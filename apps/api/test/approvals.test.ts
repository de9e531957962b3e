// The generic approvals mechanism (SPEC §7) through the public API: who sees which requests in their
// inbox, who may decide, never the requester, decided exactly once (also under concurrent decisions),
// bad input and audit. Inbox requests are opened with SQL; decisions are taken on real ad hoc discounts
// (submitted through the API) because approving runs the subject's handler. Each subject's module tests
// its own request mutation and what approving applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyZx } from './discounts-fixtures.js';
import { countRows, fixtures } from './fixtures.js';
import { errorCode, startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let unitA: string;
let unitB: string;
let agent: { id: string; token: string };
let supervisorA: { id: string; token: string };
let supervisorB: { id: string; token: string };
let finance: { id: string; token: string };
let marketing: { id: string; token: string };
let salesGroup: string;

const FIELDS = 'id subject subjectId state decidingRole decidingUnitId canDecide comment payload requestedBy { id } decidedBy { id } decidedAt';

async function openRequest(subject: string, requestedBy: string, decidingUnitId: string | null, payload: object = {}): Promise<string> {
  const rows = await t.sql<{ id: string }>(
    `insert into approval_request (subject, subject_id, requested_by_id, deciding_role, deciding_unit_id, payload)
     values ($1, 42, $2, $3, $4, $5) returning id::text`,
    [subject, requestedBy, subject === 'AD_HOC_DISCOUNT' ? 'SUPERVISOR' : 'FINANCE_MANAGER', decidingUnitId, JSON.stringify(payload)],
  );
  return rows[0].id;
}

const inbox = async (token: string, state?: string) =>
  (await t.ok<{ approvalRequests: { id: string; canDecide: boolean }[] }>(`query($s:ApprovalState){ approvalRequests(state:$s){ ${FIELDS} } }`, { s: state }, token)).approvalRequests;

const decide = (token: string, id: string, approve: boolean, comment?: string) =>
  t.gql<{ decideApproval: Record<string, unknown> }>(`mutation($id:ID!,$a:Boolean!,$c:String){ decideApproval(id:$id, approve:$a, comment:$c){ ${FIELDS} } }`, { id, a: approve, c: comment }, token);

beforeAll(async () => {
  t = await startTestApp();
  const f = fixtures(t);
  const group = await f.group('ZX Sales');
  salesGroup = group;
  unitA = await f.unit('Shop A', group);
  unitB = await f.unit('Shop B', group);
  agent = await f.user('agent@zx.test', ['AGENT'], group, { unitId: unitA });
  supervisorA = await f.user('sup-a@zx.test', ['SUPERVISOR'], group, { unitId: unitA });
  supervisorB = await f.user('sup-b@zx.test', ['SUPERVISOR'], group, { unitId: unitB });
  finance = await f.user('finance@zx.test', ['FINANCE_MANAGER'], group);
  marketing = await f.user('marketing@zx.test', ['MARKETING_MANAGER'], group);
});
afterAll(async () => t?.stop());

let zx: Awaited<ReturnType<typeof companyZx>>;
let zxDefinition: string;
/** A real pending ad hoc discount (manual approval by zx.careUnit); answers its approval request's id. */
async function pendingAdHoc(): Promise<string> {
  if (!zx) {
    zx = await companyZx(t);
    // The finance manager (ZX Sales) sees ZX Marketing's definitions, so finance's refusal below is about
    // its role (FORBIDDEN), not visibility (an invisible request would be NOT_FOUND).
    await fixtures(t).collaborate(zx.marketing, [zx.careGroup, salesGroup]);
    zxDefinition = (await zx.definition(zx.zx1())).id;
  }
  const submitted = await zx.submit({ definitionId: zxDefinition, subscriptionId: await zx.subscription(), amount: '10' });
  if (submitted.errors?.length) throw new Error(JSON.stringify(submitted.errors));
  const rows = await t.sql<{ id: string }>("select id::text from approval_request where subject = 'AD_HOC_DISCOUNT' and subject_id = $1", [submitted.data!.submitAdHocDiscount.id]);
  return rows[0].id;
}

describe('inboxes list exactly the requests the viewer may decide', () => {
  it('supervisors see the ad hoc discounts of their unit; finance the finance subjects; nobody their own', async () => {
    const adHocA = await openRequest('AD_HOC_DISCOUNT', agent.id, unitA);
    const adHocB = await openRequest('AD_HOC_DISCOUNT', agent.id, unitB);
    const extension = await openRequest('CAMPAIGN_EXTENSION', marketing.id, null, { newExpiresAt: '2027-01-31T00:00:00Z' });
    const ownExtension = await openRequest('BUDGET_INCREASE', finance.id, null, { newAmount: '5000.00' });

    const a = await inbox(supervisorA.token, 'PENDING');
    expect(a.map((r) => r.id)).toEqual([adHocA]);
    expect(a[0]).toMatchObject({ subject: 'AD_HOC_DISCOUNT', decidingRole: 'SUPERVISOR', decidingUnitId: unitA, canDecide: true, requestedBy: { id: agent.id } });
    expect((await inbox(supervisorB.token, 'PENDING')).map((r) => r.id)).toEqual([adHocB]);
    const f = await inbox(finance.token, 'PENDING');
    expect(f.map((r) => r.id)).toEqual([extension]);
    expect(f[0]).toMatchObject({ payload: { newExpiresAt: '2027-01-31T00:00:00Z' } });
    expect(await inbox(agent.token)).toEqual([]);
    expect(await inbox(marketing.token)).toEqual([]);

    // "mine" lists what the viewer asked for.
    const mine = await t.ok<{ approvalRequests: { id: string; canDecide: boolean }[] }>('{ approvalRequests(mine:true){ id canDecide } }', {}, finance.token);
    expect(mine.approvalRequests).toEqual([{ id: ownExtension, canDecide: false }]);
    const agentMine = await t.ok<{ approvalRequests: { id: string }[] }>('{ approvalRequests(mine:true){ id } }', {}, agent.token);
    expect(agentMine.approvalRequests.map((r) => r.id).sort()).toEqual([adHocA, adHocB].sort());

    // approvalRequest(id): readable by the requester and deciders, not found for others.
    const one = (token: string, id: string) => t.ok<{ approvalRequest: { id: string } | null }>('query($id:ID!){ approvalRequest(id:$id){ id } }', { id }, token);
    expect((await one(agent.token, adHocA)).approvalRequest).toEqual({ id: adHocA });
    expect((await one(supervisorB.token, adHocA)).approvalRequest).toBeNull();
    expect((await one(marketing.token, adHocA)).approvalRequest).toBeNull();
  });
});

describe('decideApproval', () => {
  it('is decided once by the right person, with a comment, audited', async () => {
    const id = await pendingAdHoc();
    const auditBefore = await countRows(t, 'audit_entry');
    const discountId = (await t.sql<{ subject_id: string }>('select subject_id::text from approval_request where id = $1', [id]))[0].subject_id;

    // Wrong unit's supervisor: the request does not exist for them.
    expect(errorCode(await decide(zx.otherSupervisor.token, id, true))).toBe('NOT_FOUND');
    // Finance may read everything but decides only finance subjects.
    expect(errorCode(await decide(finance.token, id, true))).toBe('FORBIDDEN');
    // The requester never decides.
    expect(errorCode(await decide(zx.agent.token, id, true))).toBe('FORBIDDEN');
    expect(await t.sql('select state from approval_request where id = $1', [id])).toEqual([{ state: 'PENDING' }]);
    expect(await countRows(t, 'audit_entry')).toBe(auditBefore);

    const approved = await decide(zx.supervisor.token, id, true, '  fine, loyal customer  ');
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.decideApproval).toMatchObject({ state: 'APPROVED', comment: 'fine, loyal customer', decidedBy: { id: zx.supervisor.id }, canDecide: false });
    expect(approved.data?.decideApproval.decidedAt).toBeTruthy();

    const again = await decide(zx.supervisor.token, id, false);
    expect(errorCode(again)).toBe('CONFLICT');
    expect(await t.sql('select state, comment from approval_request where id = $1', [id])).toEqual([{ state: 'APPROVED', comment: 'fine, loyal customer' }]);
    const audit = await t.sql<{ action: string; actor_id: string }>("select action, actor_id::text from audit_entry where entity_type = 'ApprovalRequest' and entity_id = $1 and action <> 'approval.request'", [id]);
    expect(audit).toEqual([{ action: 'approval.approve', actor_id: zx.supervisor.id }]);
    // The subject's handler applied the decision in the same transaction.
    expect(await zx.get(discountId)).toMatchObject({ state: 'APPROVED', approvedBy: { id: zx.supervisor.id } });
    expect(await inbox(zx.supervisor.token, 'PENDING')).not.toContainEqual(expect.objectContaining({ id }));
  });

  it('a requester who is also a decider still cannot decide their own request', async () => {
    const id = await openRequest('BUDGET_INCREASE', finance.id, null, { newAmount: '100.00' });
    expect(errorCode(await decide(finance.token, id, true))).toBe('FORBIDDEN');
    expect(await t.sql('select state from approval_request where id = $1', [id])).toEqual([{ state: 'PENDING' }]);
  });

  it('rejects with a comment; finance decides finance subjects', async () => {
    const id = await openRequest('CAMPAIGN_EXTENSION', marketing.id, null, { newExpiresAt: '2027-02-28T00:00:00Z' });
    expect(errorCode(await decide(supervisorA.token, id, true))).toBe('NOT_FOUND');
    const rejected = await decide(finance.token, id, false, 'budget year closed');
    expect(rejected.data?.decideApproval).toMatchObject({ state: 'REJECTED', comment: 'budget year closed', decidedBy: { id: finance.id } });
  });

  it('two deciders at the same moment: exactly one decision stands', async () => {
    const id = await pendingAdHoc();
    // zx.agentSupervisor is a second supervisor of the same unit.
    const results = await Promise.all([decide(zx.supervisor.token, id, true, 'yes'), decide(zx.agentSupervisor.token, id, false, 'no')]);
    const codes = results.map((r) => errorCode(r) ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    const audit = await t.sql("select action from audit_entry where entity_type = 'ApprovalRequest' and entity_id = $1 and action <> 'approval.request'", [id]);
    expect(audit).toHaveLength(1);
  });

  it('bad input names the field and changes nothing', async () => {
    const id = await openRequest('AD_HOC_DISCOUNT', agent.id, unitA);
    const badId = await decide(supervisorA.token, 'not-an-id', true);
    expect(errorCode(badId)).toBe('BAD_USER_INPUT');
    expect(badId.errors?.[0].extensions?.field).toBe('id');
    const longComment = await decide(supervisorA.token, id, true, 'x'.repeat(2001));
    expect(errorCode(longComment)).toBe('BAD_USER_INPUT');
    expect(longComment.errors?.[0].extensions?.field).toBe('comment');
    expect(errorCode(await decide(supervisorA.token, '999999', true))).toBe('NOT_FOUND');
    expect(await t.sql('select state from approval_request where id = $1', [id])).toEqual([{ state: 'PENDING' }]);
  });

  it('needs a signed-in user', async () => {
    expect(errorCode(await t.gql('{ approvalRequests { id } }'))).toBe('UNAUTHENTICATED');
  });
});

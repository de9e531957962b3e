import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { applyApiErrors, errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { confirmMutation } from '../../components/confirm';
import { PageHeader } from '../../components/PageHeader';
import { graphql } from '../../graphql';
import { AddDiscountDialog } from './AddDiscountDialog';
import { EditDiscountDialog } from './EditDiscountDialog';
import { BillFields, BillView } from './BillView';
import { describeValue, toDay } from './format';

const TargetQuery = graphql(`
  query DiscountTarget($subscriptionId: ID!, $jobId: ID!, $isJob: Boolean!, $filter: AdHocDiscountFilter!, $billsOfSubscription: ID, $billsOfJob: ID) {
    subscription(id: $subscriptionId) @skip(if: $isJob) {
      id billingFrequency effectiveDate customer { id name }
      services { id isMain product { id code name } price { amount currency } }
    }
    job(id: $jobId) @include(if: $isJob) {
      id orderDate expectedCompletionDate actualCompletionDate customer { id name }
      lines { id product { id code name } price { amount currency } }
    }
    adHocDiscounts(filter: $filter, first: 100) {
      nodes {
        id number state definition { id name valueKind } amount percentage freePeriodDays currency consumed onceOff
        applicableProducts { code } providedBy { id name } providedOn approvedBy { name } approvedOn cancelledBy { name } cancelledOn decisionComment
      }
    }
    bills(subscriptionId: $billsOfSubscription, jobId: $billsOfJob) { id number periodStart total currency createdAt }
  }
`);
const PreviewSubscription = graphql(`
  query PreviewSubscriptionBill($id: ID!, $periodStart: LocalDate!) {
    previewSubscriptionBill(subscriptionId: $id, periodStart: $periodStart) { ...BillFields }
  }
`, [BillFields]);
const PreviewJob = graphql(`
  query PreviewJobBill($id: ID!) { previewJobBill(jobId: $id) { ...BillFields } }
`, [BillFields]);
const BillSubscription = graphql(`
  mutation BillSubscription($id: ID!, $periodStart: LocalDate!) { billSubscription(subscriptionId: $id, periodStart: $periodStart) { id number } }
`);
const BillJob = graphql(`
  mutation BillJob($id: ID!) { billJob(jobId: $id) { id number } }
`);

const STATE_COLORS: Record<string, string> = { PENDING_APPROVAL: 'yellow', APPROVED: 'green', CANCELLED: 'gray' };
const firstOfMonth = () => `${new Date().toISOString().slice(0, 7)}-01`;

/** A subscription's or job's ad hoc discounts, "add discount", the bill preview per line and billing. */
export function TargetDiscountsPage({ kind }: { kind: 'SUBSCRIPTION' | 'JOB' }) {
  const { id = '' } = useParams();
  const { ability, me } = useViewer();
  const isJob = kind === 'JOB';
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TargetQuery,
    variables: {
      subscriptionId: isJob ? '0' : id, jobId: isJob ? id : '0', isJob, filter: isJob ? { jobId: id } : { subscriptionId: id },
      billsOfSubscription: isJob ? null : id, billsOfJob: isJob ? id : null,
    },
  });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<{ id: string; number: string; amount: string | null } | null>(null);
  const [periodStart, setPeriodStart] = useState(firstOfMonth());
  const [previewed, setPreviewed] = useState<string | null>(isJob ? 'job' : null);
  const [subscriptionBill, refreshSubscriptionBill] = useQuery({ query: PreviewSubscription, variables: { id, periodStart }, pause: isJob || previewed === null });
  const canPreview = ability.can('preview', 'Bill');
  const [jobBill, refreshJobBill] = useQuery({ query: PreviewJob, variables: { id }, pause: !isJob || !canPreview });
  const [, billSubscription] = useMutation(BillSubscription);
  const [, billJob] = useMutation(BillJob);
  const [periodError, setPeriodError] = useState<string | null>(null);
  const reload = () => {
    refetch({ requestPolicy: 'network-only' });
    if (isJob) refreshJobBill({ requestPolicy: 'network-only' });
    else if (previewed) refreshSubscriptionBill({ requestPolicy: 'network-only' });
  };

  if (error) return <Alert color="red" title="Could not load">{errorMessage(error)}</Alert>;
  if (fetching && !data) return <Text>Loading…</Text>;
  const target = isJob ? data?.job : data?.subscription;
  if (!target) return <Title order={3}>{isJob ? 'Job' : 'Subscription'} not found</Title>;
  const lines = data?.job ? data.job.lines : (data?.subscription?.services ?? []);
  // A subscription's preview shows only once asked for the period typed (billing bills that period).
  const preview = isJob ? jobBill : previewed === periodStart ? subscriptionBill : { data: undefined, error: undefined };
  const previewError = preview.error ? (applyApiErrors(preview.error, () => undefined, []) ?? errorMessage(preview.error)) : null;

  return (
    <>
      <Anchor component={Link} to={`/customers/${target.customer.id}`} size="sm">← {target.customer.name}</Anchor>
      <PageHeader title={isJob ? `Job ${id}` : `Subscription ${id}`}>
        {ability.can('submit', 'AdHocDiscount') && <Button onClick={() => setAdding(true)}>Add discount</Button>}
      </PageHeader>
      <Card withBorder mb="md">
        {data?.subscription && <Text size="sm">{data.subscription.billingFrequency} billing since {data.subscription.effectiveDate}</Text>}
        {data?.job && <Text size="sm">Ordered {data.job.orderDate}, expected {data.job.expectedCompletionDate}, completed {data.job.actualCompletionDate ?? '—'}</Text>}
        <Text size="sm">
          {lines.map((l) => `${l.product.code} ${l.price.amount} ${l.price.currency}${'isMain' in l && l.isMain ? ' (main)' : ''}`).join(' · ')}
        </Text>
      </Card>

      <Title order={3} mb="xs">Ad hoc discounts</Title>
      <Table striped aria-label="ad hoc discounts" mb="lg">
        <Table.Thead>
          <Table.Tr><Table.Th>Number</Table.Th><Table.Th>Definition</Table.Th><Table.Th>Value</Table.Th><Table.Th>Products</Table.Th><Table.Th>State</Table.Th><Table.Th>Provided</Table.Th><Table.Th>Decided</Table.Th><Table.Th /></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data?.adHocDiscounts.nodes.length === 0 && <Table.Tr><Table.Td colSpan={8}><Text c="dimmed">No ad hoc discounts.</Text></Table.Td></Table.Tr>}
          {data?.adHocDiscounts.nodes.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{d.number}</Table.Td>
              <Table.Td>{d.definition.name}</Table.Td>
              <Table.Td>{describeValue({ ...d, valueKind: d.definition.valueKind })}{d.onceOff ? ' once' : ''}{d.consumed ? ' (used)' : ''}</Table.Td>
              <Table.Td>{d.applicableProducts.map((p) => p.code).join(', ') || 'all'}</Table.Td>
              <Table.Td><Badge color={STATE_COLORS[d.state]}>{d.state.replace('_', ' ')}</Badge></Table.Td>
              <Table.Td>{d.providedBy.name}, {toDay(d.providedOn)}</Table.Td>
              <Table.Td>
                {d.approvedOn && `approved ${d.approvedBy?.name ?? 'automatically'}, ${toDay(d.approvedOn)}`}
                {d.cancelledOn && `cancelled by ${d.cancelledBy?.name ?? '?'}, ${toDay(d.cancelledOn)}`}
                {d.decisionComment && <Text size="xs" c="dimmed">{d.decisionComment}</Text>}
              </Table.Td>
              <Table.Td>
                {/* Only the submitter changes a pending discount (the API enforces it too). */}
                {d.state === 'PENDING_APPROVAL' && d.providedBy.id === me.id && d.definition.valueKind === 'AMOUNT_RANGE' && ability.can('update', 'AdHocDiscount') && (
                  <Button size="xs" variant="light" onClick={() => setEditing(d)}>Change…</Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {canPreview && (
        <>
        <Group justify="space-between" mb="xs" align="end">
          <Title order={3}>Bill preview</Title>
          <Group align="end">
            {!isJob && (
              <>
                <TextInput label="Period start" placeholder="YYYY-MM-DD" value={periodStart} error={periodError} onChange={(e) => { setPeriodStart(e.currentTarget.value); setPreviewed(null); }} />
                <Button variant="light" onClick={() => {
                  const ok = /^\d{4}-\d{2}-\d{2}$/.test(periodStart);
                  setPeriodError(ok ? null : 'A date as YYYY-MM-DD');
                  if (ok) setPreviewed(periodStart);
                }}>Preview bill</Button>
              </>
            )}
            {ability.can('bill', 'Bill') && preview.data && (
              <Button
                color="green"
                onClick={() =>
                  confirmMutation(
                    isJob ? 'Bill this job' : `Bill the period from ${periodStart}`,
                    'The bill is stored with these discounts; once-off discounts are used up. This cannot be undone.',
                    () => (isJob ? billJob({ id }) : billSubscription({ id, periodStart })),
                    { success: 'Billed', onDone: reload },
                  )
                }
              >
                Bill
              </Button>
            )}
          </Group>
        </Group>
        {previewError && <Alert color="red" mb="sm">{previewError}</Alert>}
        {preview.data && <BillView bill={'previewJobBill' in preview.data ? preview.data.previewJobBill : preview.data.previewSubscriptionBill} />}
        {!preview.data && !previewError && <Text c="dimmed" mb="md">{isJob ? 'Loading…' : 'Pick the period start and preview the bill.'}</Text>}
        </>
      )}

      {(data?.bills.length ?? 0) > 0 && (
        <Stack gap={4} mt="lg">
          <Title order={4}>Bills</Title>
          {data?.bills.map((b) => <Text size="sm" key={b.id}>{b.number}{b.periodStart ? ` · from ${b.periodStart}` : ''} · {b.total} {b.currency} · {new Date(b.createdAt).toLocaleString()}</Text>)}
        </Stack>
      )}
      {editing && <EditDiscountDialog discount={editing} onClose={() => setEditing(null)} onDone={() => { setEditing(null); reload(); }} />}
      {adding && (
        <AddDiscountDialog
          kind={kind}
          targetId={id}
          lines={lines.map((l) => ({ id: l.product.id, label: `${l.product.code} · ${l.product.name}` }))}
          onClose={() => setAdding(false)}
          onDone={() => { setAdding(false); notifications.show({ color: 'green', message: 'Discount submitted' }); reload(); }}
        />
      )}
    </>
  );
}

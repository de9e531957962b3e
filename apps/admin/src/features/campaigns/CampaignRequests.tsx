import { Alert, Badge, Button, Group, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { z } from 'zod';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { FormModal } from '../../components/FormModal';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql } from '../../graphql';
import type { CampaignDetail } from './CampaignDetailPage';
import { showInZone, utcToZoned, zonedToUtc } from './time';

const RequestsQuery = graphql(`
  query CampaignApprovalRequests($campaignId: ID!) {
    campaignApprovalRequests(campaignId: $campaignId) { id subject state payload requestedAt decidedAt comment requestedBy { id name } decidedBy { id name } }
  }
`);
const RequestExtension = graphql(`
  mutation RequestCampaignExtension($campaignId: ID!, $newExpiresAt: DateTimeISO!, $reason: String) {
    requestCampaignExtension(campaignId: $campaignId, newExpiresAt: $newExpiresAt, reason: $reason) { id state }
  }
`);
const RequestIncrease = graphql(`
  mutation RequestBudgetIncrease($campaignId: ID!, $newAmount: Decimal!, $reason: String) {
    requestBudgetIncrease(campaignId: $campaignId, newAmount: $newAmount, reason: $reason) { id state }
  }
`);

const extensionSchema = z.object({
  newExpiresAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'A date and time'),
  reason: z.string().trim().max(2000),
});
const increaseSchema = z.object({
  newAmount: z.string().trim().regex(/^\d+(\.\d+)?$/, 'An amount such as 1500.00'),
  reason: z.string().trim().max(2000),
});

const STATE_COLOR: Record<string, string> = { PENDING: 'yellow', APPROVED: 'green', REJECTED: 'red' };

/**
 * The campaign's finance requests: ask to extend the hard expiry or to grow the budget (a finance
 * manager decides them in the approvals inbox), and their history.
 */
export function CampaignRequests({ campaign }: { campaign: CampaignDetail }) {
  const { ability } = useViewer();
  const [{ data, error }, refetch] = useQuery({ query: RequestsQuery, variables: { campaignId: campaign.id } });
  const [dialog, setDialog] = useState<'extension' | 'increase' | null>(null);
  const done = () => {
    setDialog(null);
    refetch({ requestPolicy: 'network-only' });
  };
  const extension = useMutationForm({
    schema: extensionSchema,
    defaultValues: { newExpiresAt: utcToZoned(campaign.expiresAt, campaign.timezone), reason: '' },
    mutation: RequestExtension,
    toVariables: (v) => ({ campaignId: campaign.id, newExpiresAt: zonedToUtc(v.newExpiresAt, campaign.timezone), reason: v.reason || null }),
    success: 'Extension requested: a finance manager decides it',
    onDone: done,
  });
  const increase = useMutationForm({
    schema: increaseSchema,
    defaultValues: { newAmount: campaign.budget?.amount ?? '', reason: '' },
    mutation: RequestIncrease,
    toVariables: (v) => ({ campaignId: campaign.id, newAmount: v.newAmount, reason: v.reason || null }),
    success: 'Budget increase requested: a finance manager decides it',
    onDone: done,
  });
  const open = campaign.state !== 'ENDED' && ability.can('update', 'Campaign');
  const describe = (subject: string, payload: Record<string, unknown> | null | undefined) => {
    if (!payload) return subject;
    if (subject === 'CAMPAIGN_EXTENSION') return `Expiry ${showInZone(String(payload.currentExpiresAt), campaign.timezone)} → ${showInZone(String(payload.newExpiresAt), campaign.timezone)}`;
    return `Budget ${String(payload.currentAmount)} → ${String(payload.newAmount)} ${String(payload.currency)}`;
  };
  return (
    <Stack>
      {open && (
        <Group>
          <Button variant="default" onClick={() => setDialog('extension')}>
            Request extension…
          </Button>
          {campaign.budget && (
            <Button variant="default" onClick={() => setDialog('increase')}>
              Request budget increase…
            </Button>
          )}
        </Group>
      )}
      <Text size="sm" c="dimmed">
        Moving the hard expiry later and growing the budget need a finance manager&apos;s approval; approving applies the change at once.
      </Text>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      <Table aria-label="finance requests">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Request</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Asked by</Table.Th>
            <Table.Th>Decided by</Table.Th>
            <Table.Th>Comment</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(data?.campaignApprovalRequests ?? []).map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                {describe(r.subject, r.payload)}
                {typeof r.payload?.reason === 'string' && (
                  <Text size="xs" c="dimmed">
                    {r.payload.reason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Badge color={STATE_COLOR[r.state]} variant="light">
                  {r.state}
                </Badge>
              </Table.Td>
              <Table.Td>
                {r.requestedBy.name} · {new Date(r.requestedAt).toLocaleString()}
              </Table.Td>
              <Table.Td>{r.decidedBy ? `${r.decidedBy.name} · ${new Date(r.decidedAt ?? '').toLocaleString()}` : '—'}</Table.Td>
              <Table.Td>{r.comment ?? ''}</Table.Td>
            </Table.Tr>
          ))}
          {data?.campaignApprovalRequests.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text c="dimmed">No requests yet.</Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <FormModal title="Request an extension" opened={dialog === 'extension'} onClose={() => setDialog(null)} onSubmit={extension.submit} submitting={extension.fetching} formError={extension.formError} submitLabel="Request">
        <Text size="sm">Current hard expiry: {showInZone(campaign.expiresAt, campaign.timezone)}</Text>
        <TextInput type="datetime-local" label={`New hard expiry (${campaign.timezone})`} {...extension.form.register('newExpiresAt')} error={extension.form.formState.errors.newExpiresAt?.message} />
        <Textarea label="Reason" {...extension.form.register('reason')} error={extension.form.formState.errors.reason?.message} />
      </FormModal>
      <FormModal title="Request a budget increase" opened={dialog === 'increase'} onClose={() => setDialog(null)} onSubmit={increase.submit} submitting={increase.fetching} formError={increase.formError} submitLabel="Request">
        <Text size="sm">
          Current budget: {campaign.budget?.amount} {campaign.currency} {campaign.budget?.period === 'MONTH' ? 'per month' : 'in total'}
        </Text>
        <TextInput label={`New budget (${campaign.currency})`} {...increase.form.register('newAmount')} error={increase.form.formState.errors.newAmount?.message} />
        <Textarea label="Reason" {...increase.form.register('reason')} error={increase.form.formState.errors.reason?.message} />
      </FormModal>
    </Stack>
  );
}

import { Alert, Badge, Button, Group, Modal, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { graphql, type ResultOf } from '../../graphql';
import { summarise } from './summary';

const ApprovalsQuery = graphql(`
  query ApprovalInbox($state: ApprovalState) {
    approvalRequests(state: $state) {
      id subject subjectId state requestedAt decidedAt comment payload canDecide
      requestedBy { name email } decidedBy { name }
    }
  }
`);
const Decide = graphql(`
  mutation DecideApproval($id: ID!, $approve: Boolean!, $comment: String) { decideApproval(id: $id, approve: $approve, comment: $comment) { id state } }
`);

type Request = ResultOf<typeof ApprovalsQuery>['approvalRequests'][number];
const STATES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
const SUBJECT_LABELS: Record<string, string> = {
  AD_HOC_DISCOUNT: 'Ad hoc discount',
  CAMPAIGN_EXTENSION: 'Campaign extension',
  ONE_PER_CUSTOMER_EXCEPTION: 'One-per-customer exception',
  BUDGET_INCREASE: 'Budget increase',
};

/**
 * The approval inbox (SPEC §7): the requests the viewer may decide (supervisors: ad hoc discounts of
 * their unit; finance managers: campaign extensions, exceptions and budget increases), with a
 * subject-specific summary; approve or reject once, with a comment, after a confirmation.
 */
export function ApprovalsPage() {
  const [state, setState] = useState<(typeof STATES)[number]>('PENDING');
  const [{ data, fetching, error }, refetch] = useQuery({ query: ApprovalsQuery, variables: { state } });
  const [{ fetching: deciding }, decide] = useMutation(Decide);
  const [open, setOpen] = useState<{ request: Request; approve: boolean } | null>(null);
  const [comment, setComment] = useState('');
  const [decideError, setDecideError] = useState<string | null>(null);

  const confirmDecision = () => {
    if (!open) return;
    const { request, approve } = open;
    modals.openConfirmModal({
      title: approve ? 'Approve this request?' : 'Reject this request?',
      children: `${SUBJECT_LABELS[request.subject] ?? request.subject}: ${summarise(request.subject, request.payload)}. A request is decided once; this cannot be undone.`,
      labels: { confirm: approve ? 'Approve' : 'Reject', cancel: 'Back' },
      confirmProps: { color: approve ? 'green' : 'red' },
      onConfirm: () => {
        void decide({ id: request.id, approve, comment: comment.trim() || null }).then((result) => {
          if (result.error) return setDecideError(errorMessage(result.error));
          notifications.show({ color: 'green', message: approve ? 'Approved' : 'Rejected' });
          setOpen(null);
          refetch({ requestPolicy: 'network-only' });
        });
      },
    });
  };

  return (
    <>
      <PageHeader title="Approvals">
        <SegmentedControl aria-label="State" value={state} onChange={(v) => setState(v as (typeof STATES)[number])} data={STATES.map((s) => ({ value: s, label: s.charAt(0) + s.slice(1).toLowerCase() }))} />
      </PageHeader>
      <ResourceTable
        label="approval requests"
        rows={data?.approvalRequests}
        fetching={fetching}
        error={errorMessage(error)}
        emptyText={state === 'PENDING' ? 'Nothing waiting for your decision.' : 'No requests.'}
        rowKey={(r) => r.id}
        searchText={(r) => `${SUBJECT_LABELS[r.subject] ?? r.subject} ${summarise(r.subject, r.payload)} ${r.requestedBy.name}`}
        columns={[
          { key: 'subject', header: 'Subject', render: (r) => <Badge variant="light">{SUBJECT_LABELS[r.subject] ?? r.subject}</Badge>, sortValue: (r) => r.subject },
          {
            key: 'summary', header: 'Request',
            render: (r) => (
              <Stack gap={0}>
                <Text size="sm">{summarise(r.subject, r.payload)}</Text>
                {r.subject === 'AD_HOC_DISCOUNT' && typeof r.payload?.targetId === 'string' && (
                  <Text size="xs" component={Link} to={`/discounts/${r.payload.target === 'JOB' ? 'jobs' : 'subscriptions'}/${r.payload.targetId}`} c="blue">Open the {String(r.payload.target).toLowerCase()}</Text>
                )}
              </Stack>
            ),
          },
          { key: 'requested', header: 'Requested', render: (r) => `${r.requestedBy.name}, ${new Date(r.requestedAt).toLocaleString()}`, sortValue: (r) => r.requestedAt },
          { key: 'decision', header: 'Decision', render: (r) => (r.decidedAt ? `${r.state.toLowerCase()} by ${r.decidedBy?.name ?? '?'}${r.comment ? `: ${r.comment}` : ''}` : '—') },
          {
            key: 'actions', header: '',
            render: (r) => r.canDecide && (
              <Group gap="xs" wrap="nowrap">
                <Button size="xs" color="green" onClick={() => { setComment(''); setDecideError(null); setOpen({ request: r, approve: true }); }}>Approve…</Button>
                <Button size="xs" color="red" variant="light" onClick={() => { setComment(''); setDecideError(null); setOpen({ request: r, approve: false }); }}>Reject…</Button>
              </Group>
            ),
          },
        ]}
      />
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open?.approve ? 'Approve request' : 'Reject request'}>
        {open && (
          <Stack>
            <Text size="sm">{SUBJECT_LABELS[open.request.subject]}: {summarise(open.request.subject, open.request.payload)}</Text>
            <Text size="sm" c="dimmed">Requested by {open.request.requestedBy.name}</Text>
            <Textarea label="Comment" data-autofocus value={comment} onChange={(e) => setComment(e.currentTarget.value)} maxLength={2000} />
            {decideError && <Alert color="red" role="alert">{decideError}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(null)}>Cancel</Button>
              <Button color={open.approve ? 'green' : 'red'} loading={deciding} onClick={confirmDecision}>{open.approve ? 'Approve' : 'Reject'}</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

import { NativeSelect, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { FormModal } from '../../components/FormModal';
import { graphql } from '../../graphql';

const CustomerSearch = graphql(`
  query IssueCodeCustomers($search: String) { customers(search: $search, first: 20) { nodes { id name email blacklisted } } }
`);
const IssueCode = graphql(`
  mutation IssueCode($campaignId: ID!, $customerId: ID!, $channel: IssueChannel!) { issueCode(campaignId: $campaignId, customerId: $customerId, channel: $channel) { id code } }
`);

const CHANNELS = ['EMAIL', 'APP', 'WEBSITE', 'SOCIAL', 'EVENT', 'PARTNER', 'STORE', 'API'] as const;

/** Issues a code of the campaign to one customer through a channel (a free generated code, or a fresh one). */
export function IssueCodeDialog({ campaignId, opened, onClose, onIssued }: { campaignId: string; opened: boolean; onClose: () => void; onIssued: () => void }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>('EMAIL');
  const [error, setError] = useState<string | null>(null);
  const [{ data }] = useQuery({ query: CustomerSearch, variables: { search: debounced || null }, pause: !opened });
  const [{ fetching }, issue] = useMutation(IssueCode);
  const close = () => {
    setError(null);
    setCustomerId(null);
    onClose();
  };
  const submit = async () => {
    if (!customerId) return setError('Pick a customer');
    const result = await issue({ campaignId, customerId, channel });
    if (result.error) return setError(errorMessage(result.error));
    notifications.show({ color: 'green', message: `Code ${result.data?.issueCode.code ?? ''} issued` });
    onIssued();
    close();
  };
  return (
    <FormModal
      title="Issue a code to a customer"
      opened={opened}
      onClose={close}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      submitting={fetching}
      formError={error}
      submitLabel="Issue"
    >
      <Select
        label="Customer"
        searchable
        placeholder="Search by name or e-mail…"
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options }) => options}
        data={(data?.customers.nodes ?? []).map((c) => ({ value: c.id, label: `${c.name}${c.email ? ` · ${c.email}` : ''}${c.blacklisted ? ' (blacklisted)' : ''}` }))}
        value={customerId}
        onChange={setCustomerId}
        nothingFoundMessage="No customer matches"
      />
      <NativeSelect label="Channel" data={[...CHANNELS]} value={channel} onChange={(e) => setChannel(e.currentTarget.value as (typeof CHANNELS)[number])} />
      <Text size="sm" c="dimmed">
        A generated code that nobody holds yet is assigned to the customer (or a fresh one is made); the campaign&apos;s issue cap and one-per-customer rule apply.
      </Text>
    </FormModal>
  );
}

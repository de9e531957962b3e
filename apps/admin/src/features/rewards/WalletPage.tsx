import { Alert, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { graphql } from '../../graphql';
import { dateTime } from './format';

const PickQuery = graphql(`
  query WalletPick($search: String) {
    rewardSchemes { id name currency timezone }
    customers(search: $search, first: 20) { nodes { id name email } }
  }
`);
const WalletQuery = graphql(`
  query Wallet($customerId: ID!, $schemeId: ID!) {
    wallet(customerId: $customerId, schemeId: $schemeId) {
      balance
      customer { id name }
      scheme { id name currency }
      awards { id amount remaining createdAt expiresAt expired offer { id number name } event { id kind performedAt } }
      spends { id amount performedAt unit { id name } products { id name } }
    }
    rewardsParticipants(customerId: $customerId, schemeId: $schemeId) { id joinedAt }
  }
`);
const Enrol = graphql(`
  mutation EnrolParticipant($schemeId: ID!, $customerId: ID!) { enrollParticipant(schemeId: $schemeId, customerId: $customerId) { id } }
`);

/** A participant's wallet in a scheme: balance, awards with their expiry and remainder, spends. */
export function WalletPage() {
  const { ability } = useViewer();
  const [params, setParams] = useSearchParams();
  const schemeId = params.get('scheme') ?? '';
  const customerId = params.get('customer') ?? '';
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [pick] = useQuery({ query: PickQuery, variables: { search: debounced || null } });
  const [wallet, refetch] = useQuery({ query: WalletQuery, variables: { customerId, schemeId }, pause: !customerId || !schemeId, requestPolicy: 'cache-and-network' });
  const [{ fetching: enrolling }, enrol] = useMutation(Enrol);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const schemes = pick.data?.rewardSchemes ?? [];
  const customers = pick.data?.customers.nodes ?? [];
  const w = wallet.data?.wallet;
  const participant = wallet.data?.rewardsParticipants[0];
  const customerOptions = customers.map((c) => ({ value: c.id, label: c.email ? `${c.name} (${c.email})` : c.name }));
  if (w && !customerOptions.some((o) => o.value === w.customer.id)) customerOptions.unshift({ value: w.customer.id, label: w.customer.name });
  const onEnrol = async () => {
    const result = await enrol({ schemeId, customerId });
    if (result.error) notifications.show({ color: 'red', title: 'Enrolment failed', message: errorMessage(result.error) });
    else {
      notifications.show({ color: 'green', message: 'Customer enrolled' });
      refetch({ requestPolicy: 'network-only' });
    }
  };
  return (
    <>
      <PageHeader title="Wallets" />
      <Group align="flex-end" mb="md">
        <Select label="Reward scheme" placeholder="Pick a scheme" data={schemes.map((s) => ({ value: s.id, label: `${s.name} (${s.currency})` }))} value={schemeId || null} onChange={(v) => set('scheme', v)} w={280} />
        <Select
          label="Customer"
          placeholder="Search by name or e-mail"
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          data={customerOptions}
          value={customerId || null}
          onChange={(v) => set('customer', v)}
          nothingFoundMessage="No customer matches"
          w={360}
        />
      </Group>
      {(!schemeId || !customerId) && <Text c="dimmed">Pick a scheme and a customer to see their wallet.</Text>}
      {wallet.error && <Alert color="red">{errorMessage(wallet.error)}</Alert>}
      {w && (
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                Balance
              </Text>
              <Title order={2} aria-label="Wallet balance">
                {w.balance} {w.scheme.currency}
              </Title>
              <Text size="xs" c="dimmed">
                Unspent remainder of the awards not expired now
              </Text>
            </Card>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                Participant
              </Text>
              {participant ? (
                <Text>
                  {w.customer.name} since {dateTime(participant.joinedAt)}
                </Text>
              ) : (
                <Group>
                  <Text>{w.customer.name} has not joined {w.scheme.name}.</Text>
                  {ability.can('create', 'RewardsParticipant') && (
                    <Button size="xs" onClick={onEnrol} loading={enrolling}>
                      Enrol
                    </Button>
                  )}
                </Group>
              )}
            </Card>
            <Card withBorder>
              <Text size="sm" c="dimmed">
                Awards / spends
              </Text>
              <Text>
                {w.awards.length} awards · {w.spends.length} spends
              </Text>
            </Card>
          </SimpleGrid>
          <Title order={4}>Awards</Title>
          <ResourceTable
            label="awards"
            rows={w.awards}
            rowKey={(a) => a.id}
            emptyText="No awards yet."
            searchText={(a) => `${a.offer.number} ${a.offer.name}`}
            columns={[
              { key: 'created', header: 'Awarded', render: (a) => dateTime(a.createdAt), sortValue: (a) => a.createdAt },
              { key: 'offer', header: 'Offer', render: (a) => `${a.offer.number} ${a.offer.name}`, sortValue: (a) => a.offer.name },
              { key: 'amount', header: 'Amount', render: (a) => a.amount, sortValue: (a) => Number(a.amount) },
              { key: 'remaining', header: 'Remaining', render: (a) => a.remaining, sortValue: (a) => Number(a.remaining) },
              {
                key: 'expires',
                header: 'Spendable until (exclusive)',
                render: (a) => (a.expiresAt ? <Group gap={4}>{dateTime(a.expiresAt)}{a.expired && <Badge color="gray">expired</Badge>}</Group> : 'always'),
                sortValue: (a) => a.expiresAt ?? '9999',
              },
              { key: 'event', header: 'Event', render: (a) => (a.event ? `${a.event.kind} ${dateTime(a.event.performedAt)}` : '—') },
            ]}
          />
          <Title order={4}>Spends</Title>
          <ResourceTable
            label="spends"
            rows={w.spends}
            rowKey={(s) => s.id}
            emptyText="Nothing spent yet."
            columns={[
              { key: 'at', header: 'Spent', render: (s) => dateTime(s.performedAt), sortValue: (s) => s.performedAt },
              { key: 'amount', header: 'Amount', render: (s) => s.amount, sortValue: (s) => Number(s.amount) },
              { key: 'unit', header: 'Unit', render: (s) => s.unit?.name ?? '—' },
              { key: 'products', header: 'Products', render: (s) => s.products.map((p) => p.name).join(', ') || '—' },
            ]}
          />
        </Stack>
      )}
    </>
  );
}

import { Alert, Box, Button, Card, Select, Stack, Text, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { PageHeader } from '../../components/PageHeader';
import { CustomerSearchQuery, IssueVoucher, RequestException, VoucherCampaignsQuery } from './documents';

const CHANNELS = ['WEBSITE', 'SOCIAL', 'EMAIL', 'APP', 'EVENT', 'PARTNER', 'STORE'] as const;

/**
 * Issues a voucher to a customer through a channel (one per person). When the customer already holds
 * one, asks a finance manager for a one-per-person exception instead.
 */
export function IssueVoucherPage() {
  const [{ data: campaigns }] = useQuery({ query: VoucherCampaignsQuery });
  const vouchers = useMemo(() => (campaigns?.campaigns ?? []).filter((c) => c.kind === 'EXPERIENCE_VOUCHER' && c.state !== 'ENDED'), [campaigns]);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [{ data: found }] = useQuery({ query: CustomerSearchQuery, variables: { search: debounced || null } });
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [channel, setChannel] = useState<string | null>('STORE');
  const [issued, issue] = useMutation(IssueVoucher);
  const [asked, ask] = useMutation(RequestException);
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<{ code: string; qrSvg: string } | null>(null);
  const onePerPerson = issued.error?.graphQLErrors.some((e) => e.extensions?.reason === 'ONE_PER_CUSTOMER') ?? false;
  const customers = (found?.customers.nodes ?? []).map((c) => ({ value: c.id, label: `${c.name}${c.email ? ` · ${c.email}` : ''}${c.blacklisted ? ' (blacklisted)' : ''}` }));

  const submit = async () => {
    if (!campaignId || !customerId || !channel) return;
    setResult(null);
    const r = await issue({ campaignId, customerId, channel: channel as (typeof CHANNELS)[number] });
    if (r.data) {
      setResult(r.data.issueCode);
      notifications.show({ color: 'green', message: `Voucher ${r.data.issueCode.code} issued` });
    }
  };
  const requestException = async () => {
    if (!campaignId || !customerId) return;
    const r = await ask({ campaignId, customerId, reason: reason.trim() || null });
    if (r.data) notifications.show({ color: 'green', message: 'Exception requested: a finance manager decides it' });
  };

  return (
    <Stack maw={560}>
      <PageHeader title="Issue voucher" />
      <Select label="Voucher campaign" data={vouchers.map((c) => ({ value: c.id, label: c.name }))} value={campaignId} onChange={setCampaignId} searchable />
      <Select label="Customer" data={customers} value={customerId} onChange={setCustomerId} searchable searchValue={search} onSearchChange={setSearch} filter={({ options }) => options} nothingFoundMessage="No customer found" />
      <Select label="Channel" data={CHANNELS.map((c) => ({ value: c, label: c }))} value={channel} onChange={setChannel} />
      <Button onClick={() => void submit()} loading={issued.fetching} disabled={!campaignId || !customerId || !channel} w={160}>Issue</Button>
      {issued.error && <Alert color="red">{errorMessage(issued.error)}</Alert>}
      {onePerPerson && (
        <Card withBorder>
          <Stack gap="xs">
            <Text size="sm">Vouchers are one per person. A finance manager may allow this customer one more.</Text>
            <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            {asked.error && <Alert color="red">{errorMessage(asked.error)}</Alert>}
            {asked.data ? <Alert color="blue">Request {asked.data.requestOnePerCustomerException.id} is {asked.data.requestOnePerCustomerException.state}.</Alert> : <Button variant="light" onClick={() => void requestException()} loading={asked.fetching} w={220}>Request an exception</Button>}
          </Stack>
        </Card>
      )}
      {result && (
        <Card withBorder data-testid="issued-voucher">
          <Text fw={700}>{result.code}</Text>
          <Box w={180} dangerouslySetInnerHTML={{ __html: result.qrSvg }} aria-label={`QR code of ${result.code}`} />
        </Card>
      )}
    </Stack>
  );
}

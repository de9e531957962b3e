import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { downloadFile } from '../../components/download';
import { PageHeader } from '../../components/PageHeader';
import { isoDate, VoucherCampaignsQuery, VoucherReportQuery } from './documents';

const percent = (r: number) => `${(r * 100).toFixed(1)} %`;

/** Voucher statistics (seed 002): issued by channel and period, claim, use and write-off rates, spend. */
export function VoucherStatsPage() {
  const [{ data: campaigns }] = useQuery({ query: VoucherCampaignsQuery });
  const vouchers = useMemo(() => (campaigns?.campaigns ?? []).filter((c) => c.kind === 'EXPERIENCE_VOUCHER'), [campaigns]);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const chosen = campaignId ?? vouchers[0]?.id ?? null;
  const [from, setFrom] = useState(isoDate(-29));
  const [to, setTo] = useState(isoDate());
  const [{ data, error }] = useQuery({ query: VoucherReportQuery, variables: { campaignId: chosen ?? '', from, to }, pause: !chosen });
  const r = data?.voucherReport;
  return (
    <Stack>
      <PageHeader title="Voucher statistics">
        <Button
          variant="default"
          disabled={!chosen || !data}
          onClick={() =>
            void downloadFile(`/api/vouchers/report.csv?campaignId=${chosen}&from=${from}&to=${to}`, `vouchers-${chosen}-${from}-${to}.csv`).catch((e: unknown) =>
              notifications.show({ color: 'red', title: 'Export failed', message: e instanceof Error ? e.message : String(e) }),
            )
          }
        >
          Export CSV
        </Button>
      </PageHeader>
      <Group align="flex-end">
        <Select label="Campaign" data={vouchers.map((c) => ({ value: c.id, label: c.name }))} value={chosen} onChange={setCampaignId} searchable w={280} />
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={160} />
        <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={160} />
      </Group>
      {!vouchers.length && <Text c="dimmed">No experience voucher campaigns yet.</Text>}
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {r && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Stat label="Issued" value={String(r.issued)} hint={`of ${r.target} · claim rate ${percent(r.claimRate)}`} />
            <Stat label="Use rate" value={percent(r.useRate)} hint={`${r.used} used`} />
            <Stat label="Write-off rate" value={percent(r.writeOffRate)} hint={`${r.writtenOff} written off`} />
            <Stat label="Spend of users" value={r.spend} hint={`${r.customersUsed} customers`} />
          </SimpleGrid>
          <Card withBorder>
            <Title order={4} mb="sm">Issued and used by channel</Title>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={r.byChannel.map((c) => ({ channel: c.key, issued: c.issued, used: c.redemptions }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="channel" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                <Bar dataKey="issued" fill="#228be6" />
                <Bar dataKey="used" fill="#40c057" />
              </BarChart>
            </ResponsiveContainer>
          </Card>
          <Card withBorder>
            <Title order={4} mb="sm">Issued and written off over time</Title>
            <ResponsiveContainer width="100%" height={260}>
              <LineChart data={r.byPeriod.map((p) => ({ ...p, amount: Number(p.amount) }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="period" />
                <YAxis yAxisId="n" allowDecimals={false} />
                <YAxis yAxisId="amount" orientation="right" />
                <Tooltip />
                <Legend />
                <Line yAxisId="n" dataKey="issued" stroke="#228be6" />
                <Line yAxisId="n" dataKey="writeOffs" stroke="#40c057" />
                <Line yAxisId="amount" dataKey="amount" stroke="#fab005" />
              </LineChart>
            </ResponsiveContainer>
          </Card>
        </>
      )}
    </Stack>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Card withBorder>
      <Text size="xs" c="dimmed" tt="uppercase">{label}</Text>
      <Text size="xl" fw={700}>{value}</Text>
      <Text size="xs" c="dimmed">{hint}</Text>
    </Card>
  );
}

import { Alert, Button, Card, Center, Group, Loader, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { graphql } from '../../graphql';
import type { CampaignDetail } from './CampaignDetailPage';
import { burnDownSeries } from './burn-down';
import { downloadWithToken } from './download';
import { monthInZone, monthsBefore } from './time';

const ReportQuery = graphql(`
  query CampaignDashboard($campaignId: ID!, $month: String!, $from: String!) {
    campaignReport(campaignId: $campaignId, month: $month) {
      month budget applied variance codesGenerated codesIssued redemptions rolledBack redemptionRate medianHoursToRedeem
      byChannel { key issued redemptions applied }
      byUnit { key redemptions applied }
      daily { date redemptions applied remaining }
    }
    campaignMonthlyReports(campaignId: $campaignId, from: $from, to: $month) { month budget applied variance redemptions rolledBack }
    units { id name }
  }
`);

/** Live figures of a campaign: redemptions per day, budget burn-down with projection, variance by month, breakdowns. */
export function CampaignDashboard({ campaign }: { campaign: CampaignDetail }) {
  const current = monthInZone(new Date().toISOString(), campaign.timezone);
  const [month, setMonth] = useState(current);
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ReportQuery, variables: { campaignId: campaign.id, month, from: monthsBefore(month, 5) }, pause: !valid });
  // Live: refresh every 15 seconds while the current month is shown.
  useEffect(() => {
    if (month !== current) return undefined;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 15_000);
    return () => clearInterval(timer);
  }, [month, current, refetch]);
  const report = data?.campaignReport;
  const rate = month === campaign.budget?.periodKey && campaign.budget ? Number(campaign.budget.burnRatePerDay) : null;
  const series = useMemo(() => (report ? burnDownSeries(report.daily, rate) : []), [report, rate]);
  const unitName = new Map((data?.units ?? []).map((u) => [u.id, u.name]));
  const download = async (path: string, name: string) => {
    const failed = await downloadWithToken(path, name);
    if (failed) notifications.show({ color: 'red', title: 'Export failed', message: failed });
  };

  return (
    <Stack>
      <Group justify="space-between">
        <TextInput label="Month" type="month" value={month} onChange={(e) => setMonth(e.currentTarget.value)} w={200} error={valid ? undefined : 'YYYY-MM'} />
        <Group>
          <Button variant="default" onClick={() => void download(`/api/campaigns/${campaign.id}/report.csv?month=${month}`, `campaign-${campaign.id}-report-${month}.csv`)} disabled={!valid}>
            Report CSV
          </Button>
          <Button variant="default" onClick={() => void download(`/api/campaigns/${campaign.id}/variance.csv?from=${monthsBefore(month, 11)}&to=${month}`, `campaign-${campaign.id}-variance.csv`)} disabled={!valid}>
            Variance CSV (12 months)
          </Button>
        </Group>
      </Group>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {fetching && !report && (
        <Center p="xl">
          <Loader aria-label="Loading" />
        </Center>
      )}
      {report && (
        <>
          <SimpleGrid cols={{ base: 2, md: 4 }} aria-label="Month figures">
            <Figure label="Discount applied" value={`${report.applied} ${campaign.currency}`} />
            <Figure label="Budget" value={report.budget ? `${report.budget} ${campaign.currency}` : 'none'} />
            <Figure label="Variance (applied − budget)" value={report.variance ? `${report.variance} ${campaign.currency}` : '—'} />
            <Figure label="Redemptions" value={`${report.redemptions} (${report.rolledBack} rolled back)`} />
            <Figure label="Redemption rate" value={`${(report.redemptionRate * 100).toFixed(2)} %`} />
            <Figure label="Median time to redeem" value={report.medianHoursToRedeem == null ? '—' : `${report.medianHoursToRedeem} h`} />
            <Figure label="Codes issued this month" value={report.codesIssued.toLocaleString()} />
            <Figure label="Codes in all" value={report.codesGenerated.toLocaleString()} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Card withBorder>
              <Title order={5} mb="sm">
                Redemptions per day
              </Title>
              <ResponsiveContainer width="100%" height={240}>
                <BarChart data={report.daily.map((d) => ({ day: d.date.slice(8), redemptions: d.redemptions }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="day" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Bar dataKey="redemptions" fill="#228be6" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </Card>
            <Card withBorder>
              <Title order={5} mb="sm">
                Budget burn-down {rate != null && campaign.budget?.projectedExhaustionAt ? '(projection: runs out this month)' : ''}
              </Title>
              {report.budget ? (
                <ResponsiveContainer width="100%" height={240}>
                  <LineChart data={series}>
                    <CartesianGrid strokeDasharray="3 3" />
                    <XAxis dataKey="date" />
                    <YAxis />
                    <Tooltip />
                    <Legend />
                    <Line type="stepAfter" dataKey="remaining" name="Remaining" stroke="#2f9e44" dot={false} isAnimationActive={false} connectNulls={false} />
                    <Line type="linear" dataKey="projected" name="Projected" stroke="#f08c00" strokeDasharray="5 5" dot={false} isAnimationActive={false} />
                  </LineChart>
                </ResponsiveContainer>
              ) : (
                <Text c="dimmed">The campaign has no budget.</Text>
              )}
            </Card>
          </SimpleGrid>
          <Card withBorder>
            <Title order={5} mb="sm">
              Variance by month
            </Title>
            <Table aria-label="variance by month">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Month</Table.Th>
                  <Table.Th>Budget</Table.Th>
                  <Table.Th>Applied</Table.Th>
                  <Table.Th>Variance</Table.Th>
                  <Table.Th>Redemptions</Table.Th>
                  <Table.Th>Rolled back</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(data?.campaignMonthlyReports ?? []).map((m) => (
                  <Table.Tr key={m.month}>
                    <Table.Td>{m.month}</Table.Td>
                    <Table.Td>{m.budget ?? '—'}</Table.Td>
                    <Table.Td>{m.applied}</Table.Td>
                    <Table.Td c={m.variance && Number(m.variance) > 0 ? 'red' : undefined}>{m.variance ?? '—'}</Table.Td>
                    <Table.Td>{m.redemptions}</Table.Td>
                    <Table.Td>{m.rolledBack}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Breakdown title="By channel" rows={report.byChannel.map((r) => ({ key: r.key === 'NONE' ? 'generic codes' : r.key, issued: r.issued, redemptions: r.redemptions, applied: r.applied }))} />
            <Breakdown title="By store" rows={report.byUnit.map((r) => ({ key: r.key === 'NONE' ? 'no store' : (unitName.get(r.key) ?? r.key), redemptions: r.redemptions, applied: r.applied }))} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700}>{value}</Text>
    </Card>
  );
}

function Breakdown({ title, rows }: { title: string; rows: { key: string; issued?: number; redemptions: number; applied: string }[] }) {
  return (
    <Card withBorder>
      <Title order={5} mb="sm">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed">No redemptions this month.</Text>
      ) : (
        <Table aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              {rows[0]!.issued !== undefined && <Table.Th>Issued</Table.Th>}
              <Table.Th>Redemptions</Table.Th>
              <Table.Th>Applied</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{r.key}</Table.Td>
                {r.issued !== undefined && <Table.Td>{r.issued}</Table.Td>}
                <Table.Td>{r.redemptions}</Table.Td>
                <Table.Td>{r.applied}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

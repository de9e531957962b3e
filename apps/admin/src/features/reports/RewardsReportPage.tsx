import { Alert, Button, Card, Center, Group, Loader, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { downloadFile } from '../../components/download';
import { PageHeader } from '../../components/PageHeader';
import { graphql } from '../../graphql';

const SchemesQuery = graphql(`
  query ReportSchemes { rewardSchemes { id name } }
`);
const RewardsReportQuery = graphql(`
  query RewardsReport($schemeId: ID!, $from: LocalDate!, $to: LocalDate!) {
    rewardsReport(schemeId: $schemeId, from: $from, to: $to) {
      currency timezone participants awards awarded spends spent expired outstandingLiability
      byMonth { month awarded spent expired }
      byOffer { offerId offerName awards awarded }
    }
  }
`);

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Defaults: the first of the month a year ago up to the first of next month. */
function defaultPeriod(): { from: string; to: string } {
  const now = new Date();
  return { from: isoDate(new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1))), to: isoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))) };
}

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
    </Card>
  );
}

/** SPEC §8 for rewards: awarded, spent, expired per month and the outstanding liability of a scheme. */
export function RewardsReportPage() {
  const [{ data: schemes }] = useQuery({ query: SchemesQuery });
  const [picked, setSchemeId] = useState<string | null>(null);
  // With a single scheme there is nothing to pick.
  const only = schemes?.rewardSchemes.length === 1 ? schemes.rewardSchemes[0].id : null;
  const schemeId = picked ?? only;
  const [period, setPeriod] = useState(defaultPeriod);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(period.from) && /^\d{4}-\d{2}-\d{2}$/.test(period.to);
  const [{ data, fetching, error }] = useQuery({
    query: RewardsReportQuery,
    variables: { schemeId: schemeId ?? '', from: period.from, to: period.to },
    pause: !schemeId || !valid,
  });
  const report = data?.rewardsReport;
  const chart = report?.byMonth.map((m) => ({ month: m.month, awarded: Number(m.awarded), spent: Number(m.spent), expired: Number(m.expired) })) ?? [];

  async function exportCsv() {
    if (!schemeId) return;
    try {
      await downloadFile(`/api/reports/rewards.csv?schemeId=${schemeId}&from=${period.from}&to=${period.to}`, `rewards-${period.from}-${period.to}.csv`);
    } catch (e) {
      notifications.show({ color: 'red', title: 'Export failed', message: (e as Error).message });
    }
  }

  return (
    <>
      <PageHeader title="Rewards report">
        <Button variant="default" onClick={exportCsv} disabled={!report}>
          Export CSV
        </Button>
      </PageHeader>
      <Group align="end" mb="md">
        <Select
          label="Scheme"
          placeholder="Pick a scheme"
          searchable
          data={(schemes?.rewardSchemes ?? []).map((s) => ({ value: s.id, label: s.name }))}
          value={schemeId}
          onChange={setSchemeId}
        />
        <TextInput label="From (inclusive)" type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.currentTarget.value })} />
        <TextInput label="To (exclusive)" type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.currentTarget.value })} />
      </Group>
      {!schemeId && <Text c="dimmed">Pick a scheme to see what it awarded, what was spent and what it still owes.</Text>}
      {error && (
        <Alert color="red" title="Could not load the report" mb="sm">
          {errorMessage(error)}
        </Alert>
      )}
      {fetching && (
        <Center p="lg">
          <Loader aria-label="Loading" />
        </Center>
      )}
      {report && (
        <>
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} mb="md">
            <Figure label="Participants" value={report.participants} />
            <Figure label={`Awarded (${report.awards})`} value={`${report.awarded} ${report.currency}`} />
            <Figure label={`Spent (${report.spends})`} value={`${report.spent} ${report.currency}`} />
            <Figure label="Expired unspent" value={`${report.expired} ${report.currency}`} />
            <Figure label="Outstanding liability (now)" value={`${report.outstandingLiability} ${report.currency}`} />
            <Figure label="Time zone" value={report.timezone} />
          </SimpleGrid>
          <Card withBorder mb="md" aria-label="Awarded, spent and expired per month">
            <ResponsiveContainer width="100%" height={280}>
              <BarChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="month" />
                <YAxis />
                <Tooltip />
                <Legend />
                <Bar dataKey="awarded" fill="#228be6" />
                <Bar dataKey="spent" fill="#40c057" />
                <Bar dataKey="expired" fill="#fa5252" />
              </BarChart>
            </ResponsiveContainer>
          </Card>
          <Table striped aria-label="Awarded per offer">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Offer</Table.Th>
                <Table.Th>Awards</Table.Th>
                <Table.Th>Awarded</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.byOffer.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={3}>
                    <Text c="dimmed">No awards in this period.</Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {report.byOffer.map((o) => (
                <Table.Tr key={o.offerId}>
                  <Table.Td>{o.offerName}</Table.Td>
                  <Table.Td>{o.awards}</Table.Td>
                  <Table.Td>
                    {o.awarded} {report.currency}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}

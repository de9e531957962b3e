import { Anchor, Badge, Button, Group, SegmentedControl, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, Route, Routes } from 'react-router';
import { useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import type { ResultOf } from '../../graphql';
import { CampaignDetailPage } from './CampaignDetailPage';
import { CampaignWizard } from './CampaignWizard';
import { CampaignsQuery } from './queries';
import { showInZone } from './time';

type Row = ResultOf<typeof CampaignsQuery>['campaigns'][number];
type StateFilter = 'ALL' | 'DRAFT' | 'ACTIVE' | 'PAUSED' | 'ENDED';

const STATE_COLOR: Record<string, string> = { DRAFT: 'gray', ACTIVE: 'green', PAUSED: 'orange', ENDED: 'dark' };

export function StateBadge({ state, reason }: { state: string; reason?: string | null }) {
  return (
    <Badge color={STATE_COLOR[state] ?? 'gray'} variant="light" title={reason ?? undefined}>
      {state}
      {state === 'PAUSED' && reason === 'BUDGET_EXHAUSTED' ? ' · budget' : ''}
    </Badge>
  );
}

export function discountText(c: { discountKind: string; percentage?: string | null; amount?: string | null; currency: string }): string {
  return c.discountKind === 'PERCENTAGE' ? `${c.percentage}%` : `${c.amount} ${c.currency}`;
}

/** `/campaigns` (list), `/campaigns/new` (wizard) and `/campaigns/:id` (detail). */
export function CampaignsSection() {
  return (
    <Routes>
      <Route index element={<CampaignsPage />} />
      <Route path="new" element={<CampaignWizard />} />
      <Route path=":id" element={<CampaignDetailPage />} />
    </Routes>
  );
}

function CampaignsPage() {
  const { ability } = useViewer();
  const [state, setState] = useState<StateFilter>('ALL');
  const [{ data, fetching, error }] = useQuery({ query: CampaignsQuery, variables: { state: state === 'ALL' ? null : state } });
  return (
    <>
      <PageHeader title="Campaigns">
        {ability.can('create', 'Campaign') && (
          <Button component={Link} to="/campaigns/new">
            New campaign
          </Button>
        )}
      </PageHeader>
      <Group mb="sm">
        <SegmentedControl aria-label="Filter by state" value={state} onChange={(v) => setState(v as StateFilter)} data={['ALL', 'DRAFT', 'ACTIVE', 'PAUSED', 'ENDED']} />
      </Group>
      <ResourceTable<Row>
        label="campaigns"
        rows={data?.campaigns}
        fetching={fetching}
        error={errorMessage(error)}
        rowKey={(r) => r.id}
        searchText={(r) => `${r.name} ${r.id}`}
        emptyText={state === 'ALL' ? 'No campaigns yet: create one with "New campaign".' : `No ${state.toLowerCase()} campaigns.`}
        columns={[
          {
            key: 'name',
            header: 'Name',
            sortValue: (r) => r.name.toLowerCase(),
            render: (r) => (
              <Anchor component={Link} to={`/campaigns/${r.id}`}>
                {r.name}
              </Anchor>
            ),
          },
          { key: 'state', header: 'State', sortValue: (r) => r.state, render: (r) => <StateBadge state={r.state} reason={r.pausedReason} /> },
          { key: 'discount', header: 'Discount', render: (r) => discountText(r) },
          {
            key: 'budget',
            header: 'Budget (this period)',
            render: (r) => (r.budget ? `${r.budget.spent} / ${r.budget.amount} ${r.currency} (${r.budget.period === 'MONTH' ? 'month' : 'total'})` : <Text c="dimmed">none</Text>),
          },
          { key: 'expires', header: 'Expires', sortValue: (r) => r.expiresAt, render: (r) => showInZone(r.expiresAt, r.timezone) },
          { key: 'codes', header: 'Codes', sortValue: (r) => r.codesCount, render: (r) => r.codesCount.toLocaleString() },
          { key: 'redemptions', header: 'Redemptions', sortValue: (r) => r.redemptionsCount, render: (r) => r.redemptionsCount.toLocaleString() },
        ]}
      />
    </>
  );
}

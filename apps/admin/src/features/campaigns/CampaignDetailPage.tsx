import { Alert, Anchor, Button, Card, Center, Group, Loader, Modal, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { confirmMutation } from '../../components/confirm';
import { PageHeader } from '../../components/PageHeader';
import type { ResultOf } from '../../graphql';
import { CampaignDashboard } from './CampaignDashboard';
import { CampaignRequests } from './CampaignRequests';
import { discountText, StateBadge } from './CampaignsPage';
import { ConflictCheck } from './CampaignWizard';
import { CodesPanel } from './CodesPanel';
import { CampaignQuery, EndCampaign, PauseCampaign, ResumeCampaign } from './queries';
import { showInZone } from './time';

export type CampaignDetail = NonNullable<ResultOf<typeof CampaignQuery>['campaign']>;

/** `/campaigns/:id`: terms, life-cycle actions (confirmed), codes, live dashboard and finance requests. */
export function CampaignDetailPage() {
  const { id = '' } = useParams();
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: CampaignQuery, variables: { id } });
  const [activating, setActivating] = useState(false);
  const [, pause] = useMutation(PauseCampaign);
  const [, resume] = useMutation(ResumeCampaign);
  const [, end] = useMutation(EndCampaign);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const campaign = data?.campaign;
  if (fetching && !campaign) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (error) return <Alert color="red">{errorMessage(error)}</Alert>;
  if (!campaign) {
    return (
      <Alert color="yellow" title="Not found">
        No such campaign, or you may not see it. <Anchor component={Link} to="/campaigns">Back to campaigns</Anchor>
      </Alert>
    );
  }
  const canUpdate = ability.can('update', 'Campaign');
  return (
    <>
      <PageHeader title={campaign.name}>
        <StateBadge state={campaign.state} reason={campaign.pausedReason} />
        {canUpdate && campaign.state === 'DRAFT' && <Button onClick={() => setActivating(true)}>Activate…</Button>}
        {canUpdate && campaign.state === 'ACTIVE' && (
          <Button
            variant="default"
            onClick={() =>
              confirmMutation('Pause campaign', `Pause "${campaign.name}"? Its codes are refused until it resumes.`, () => pause({ id, reason: 'Paused by a manager' }), { success: 'Campaign paused', onDone: reload })
            }
          >
            Pause
          </Button>
        )}
        {canUpdate && campaign.state === 'PAUSED' && (
          <Button onClick={() => confirmMutation('Resume campaign', `Resume "${campaign.name}"? Its codes become redeemable again.`, () => resume({ id }), { success: 'Campaign resumed', onDone: reload })}>Resume</Button>
        )}
        {canUpdate && campaign.state !== 'ENDED' && (
          <Button color="red" variant="light" onClick={() => confirmMutation('End campaign', `End "${campaign.name}" for good? This cannot be undone.`, () => end({ id }), { success: 'Campaign ended', onDone: reload })}>
            End
          </Button>
        )}
      </PageHeader>
      {campaign.state === 'PAUSED' && campaign.pausedReason === 'BUDGET_EXHAUSTED' && (
        <Alert color="orange" mb="md" title="Paused: budget exhausted">
          The campaign paused itself because the remaining budget cannot pay another redemption. Ask finance for a budget increase, or wait for the next month of a monthly budget.
        </Alert>
      )}
      <Tabs defaultValue="overview" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="codes">Codes ({campaign.codesCount.toLocaleString()})</Tabs.Tab>
          <Tabs.Tab value="dashboard">Dashboard</Tabs.Tab>
          <Tabs.Tab value="requests">Finance requests</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Overview campaign={campaign} />
        </Tabs.Panel>
        <Tabs.Panel value="codes">
          <CodesPanel campaign={campaign} onChanged={reload} />
        </Tabs.Panel>
        <Tabs.Panel value="dashboard">
          <CampaignDashboard campaign={campaign} />
        </Tabs.Panel>
        <Tabs.Panel value="requests">
          <CampaignRequests campaign={campaign} />
        </Tabs.Panel>
      </Tabs>
      <Modal opened={activating} onClose={() => setActivating(false)} title="Activate campaign" size="xl">
        <ConflictCheck
          id={campaign.id}
          name={campaign.name}
          onDone={() => {
            setActivating(false);
            reload();
          }}
        />
      </Modal>
    </>
  );
}

function Overview({ campaign: c }: { campaign: CampaignDetail }) {
  const names = (list: { name: string }[], none: string) => (list.length ? list.map((x) => x.name).join(', ') : none);
  const limit = (n: number | null | undefined) => (n == null ? 'no limit' : n.toLocaleString());
  const facts: [string, string][] = [
    ['Discount', `${discountText(c)}${c.maxDiscount ? `, at most ${c.maxDiscount} ${c.currency}` : ''}${c.minSpend ? `, minimum spend ${c.minSpend} ${c.currency}` : ''}`],
    ['Starts', showInZone(c.startsAt, c.timezone)],
    ['Hard expiry', `${showInZone(c.expiresAt, c.timezone)} · ${c.expiresAt} UTC`],
    ['Budget', c.budget ? `${c.budget.amount} ${c.currency} ${c.budget.period === 'MONTH' ? 'per month' : 'in total'}; ${c.budget.spent} spent, ${c.budget.remaining} left (${c.budget.periodKey})` : 'none'],
    ['Limits', `per code ${limit(c.maxRedemptionsPerCode)}, per customer ${limit(c.maxRedemptionsPerCustomer)}, in total ${limit(c.maxRedemptions)}, issued ${limit(c.maxIssued)}`],
    ['Stacking', c.stacking === 'STACKABLE' ? `stackable in "${c.stackingGroup ?? ''}"${c.maxCodesPerOrder ? `, ${c.maxCodesPerOrder} per order` : ''}` : 'exclusive'],
    ['Segments', `${names(c.includedSegments, 'everyone')}${c.excludedSegments.length ? `; excluding ${names(c.excludedSegments, '')}` : ''}`],
    ['Products', `${names(c.products, 'all products')}${c.productTypes.length ? `; types ${names(c.productTypes, '')}` : ''}`],
    ['Stores', names(c.allowedUnits, 'everywhere')],
    ['Owner', c.ownedByGroup.name],
  ];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Card withBorder>
        <Stack gap={4}>
          {facts.map(([k, v]) => (
            <Group key={k} gap="xs" wrap="nowrap" align="flex-start">
              <Text fw={600} w={110} style={{ flexShrink: 0 }}>
                {k}
              </Text>
              <Text>{v}</Text>
            </Group>
          ))}
        </Stack>
      </Card>
      <Card withBorder>
        <Text fw={600}>At a glance</Text>
        <Text>{c.codesCount.toLocaleString()} codes</Text>
        <Text>{c.redemptionsCount.toLocaleString()} redemptions</Text>
        {c.budget && (
          <Text>
            Burn rate {c.budget.burnRatePerDay} {c.currency}/day;{' '}
            {c.budget.projectedExhaustionAt ? `budget runs out about ${showInZone(c.budget.projectedExhaustionAt, c.timezone)}` : 'not projected to run out this period'}
          </Text>
        )}
      </Card>
    </SimpleGrid>
  );
}

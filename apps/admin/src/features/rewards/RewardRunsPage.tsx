import { Badge, Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { useMutation, useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { graphql } from '../../graphql';
import { dateTime } from './format';

const RunsQuery = graphql(`
  query RewardRuns { rewardRuns(first: 50) { id state trigger startedAt finishedAt eventsProcessed awardsCreated totalAwarded batches error stalled heartbeatAt } }
`);
const StartRun = graphql(`
  mutation StartRewardRun { startRewardRun { id state } }
`);

const STATE_COLOURS: Record<string, string> = { QUEUED: 'gray', RUNNING: 'blue', FINISHED: 'green', FAILED: 'red', ABANDONED: 'orange' };

/** Reward runs with their counts; starting one queues it on the job queue (the list follows it until it ends). */
export function RewardRunsPage() {
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: RunsQuery, requestPolicy: 'cache-and-network' });
  const [{ fetching: starting }, start] = useMutation(StartRun);
  const active = data?.rewardRuns.some((r) => r.state === 'QUEUED' || r.state === 'RUNNING') ?? false;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 1000);
    return () => clearInterval(timer);
  }, [active, refetch]);
  const onStart = async () => {
    const result = await start({});
    if (result.error) {
      notifications.show({ color: 'red', title: 'The run could not start', message: errorMessage(result.error) });
      return;
    }
    notifications.show({ color: 'green', message: `Reward run ${result.data?.startRewardRun.id} ${result.data?.startRewardRun.state === 'QUEUED' ? 'queued' : 'is running'}` });
    refetch({ requestPolicy: 'network-only' });
  };
  return (
    <>
      <PageHeader title="Reward runs">
        {ability.can('run', 'RewardRun') && (
          <Button onClick={onStart} loading={starting} disabled={active}>
            Start reward run
          </Button>
        )}
      </PageHeader>
      <Text c="dimmed" size="sm" mb="sm">
        A run evaluates every customer event not yet evaluated against every effective BATCH offer. Runs also start every night at 02:30 UTC.
      </Text>
      <ResourceTable
        label="reward runs"
        rows={data?.rewardRuns}
        fetching={fetching && !data}
        error={errorMessage(error)}
        rowKey={(r) => r.id}
        emptyText="No reward runs yet."
        columns={[
          { key: 'id', header: 'Run', render: (r) => `#${r.id}`, sortValue: (r) => Number(r.id) },
          {
            key: 'state',
            header: 'State',
            render: (r) => (
              <Group gap={4}>
                <Badge color={STATE_COLOURS[r.state] ?? 'gray'}>{r.state}</Badge>
                {r.stalled && (
                  <Badge color="orange" title="No progress for over 30 s; if its worker stopped, it resumes by itself after the last committed batch">
                    STALLED
                  </Badge>
                )}
                {r.error && (
                  <Text size="xs" c="dimmed" title={r.error}>
                    {r.error.slice(0, 60)}
                  </Text>
                )}
              </Group>
            ),
          },
          { key: 'trigger', header: 'Started by', render: (r) => r.trigger },
          { key: 'started', header: 'Started', render: (r) => dateTime(r.startedAt), sortValue: (r) => r.startedAt },
          { key: 'finished', header: 'Finished', render: (r) => (r.finishedAt ? dateTime(r.finishedAt) : '—') },
          { key: 'events', header: 'Events', render: (r) => r.eventsProcessed.toLocaleString(), sortValue: (r) => r.eventsProcessed },
          { key: 'awards', header: 'Awards', render: (r) => r.awardsCreated.toLocaleString(), sortValue: (r) => r.awardsCreated },
          { key: 'total', header: 'Total awarded', render: (r) => r.totalAwarded, sortValue: (r) => Number(r.totalAwarded) },
          { key: 'batches', header: 'Batches', render: (r) => r.batches },
        ]}
      />
    </>
  );
}

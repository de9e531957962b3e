import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../graphql';
import { useViewer } from './viewer';

const WaitingQuery = graphql(`
  query HomeWaiting { approvalRequests(state: PENDING) { id canDecide } }
`);

/** The signed-in user's start page: who they are, and what waits for their decision. */
export function HomePage() {
  const { me, ability } = useViewer();
  const decides = ability.can('decide', 'ApprovalRequest');
  const [{ data }] = useQuery({ query: WaitingQuery, pause: !decides, requestPolicy: 'cache-and-network' });
  const waiting = (data?.approvalRequests ?? []).filter((r) => r.canDecide).length;
  return (
    <Stack>
      <Title order={2}>Welcome, {me.name}</Title>
      <Text>
        {me.group.name}
        {me.unit ? ` · ${me.unit.name}` : ''} — roles {me.roles.join(', ')}
      </Text>
      {decides && data && (
        <Alert color={waiting ? 'yellow' : 'gray'} title={waiting ? `${waiting} request${waiting === 1 ? '' : 's'} waiting for your decision` : 'Nothing waits for your decision'}>
          {waiting ? <Anchor component={Link} to="/approvals">Open the inbox</Anchor> : 'New requests routed to you will show here.'}
        </Alert>
      )}
      <Text c="dimmed">Pick a page from the menu; you see only what your roles allow.</Text>
    </Stack>
  );
}

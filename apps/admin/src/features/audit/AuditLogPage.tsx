import { Alert, Button, Code, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { CursorPager, useCursorPages } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { graphql } from '../../graphql';

const AuditQuery = graphql(`
  query AuditLog($entityType: String, $entityId: ID, $action: String, $after: String) {
    auditLog(entityType: $entityType, entityId: $entityId, action: $action, first: 25, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id at action entityType entityId before after hash actor { email } }
    }
  }
`);
const VerifyQuery = graphql(`
  query VerifyAudit { verifyAuditLog { ok checked firstBrokenId } }
`);

export function AuditLogPage() {
  const { ability } = useViewer();
  const [entityType, setEntityType] = useState('');
  const [entityId, setEntityId] = useState('');
  const [action, setAction] = useState('');
  // Filters typed in query the API once typing pauses.
  const [typeFilter] = useDebouncedValue(entityType.trim(), 300);
  const [idFilter] = useDebouncedValue(entityId.trim(), 300);
  const [actionFilter] = useDebouncedValue(action.trim(), 300);
  const pages = useCursorPages();
  const [open, setOpen] = useState<string | null>(null);
  const [verifyRequested, setVerifyRequested] = useState(false);
  const [{ data, fetching, error }] = useQuery({
    query: AuditQuery,
    variables: { entityType: typeFilter || null, entityId: idFilter || null, action: actionFilter || null, after: pages.after },
  });
  const [verify, reverify] = useQuery({ query: VerifyQuery, pause: !verifyRequested, requestPolicy: 'network-only' });
  const page = data?.auditLog;
  const resetPaging = pages.reset;
  return (
    <>
      <PageHeader title="Audit log">
        {ability.can('verify', 'AuditEntry') && (
          <Button
            loading={verify.fetching}
            onClick={() => {
              if (verifyRequested) reverify({ requestPolicy: 'network-only' });
              setVerifyRequested(true);
            }}
          >
            Verify chain
          </Button>
        )}
      </PageHeader>
      {verify.data && (
        <Alert color={verify.data.verifyAuditLog.ok ? 'green' : 'red'} mb="md" role="status" title={verify.data.verifyAuditLog.ok ? 'Chain intact' : 'Chain broken'}>
          {verify.data.verifyAuditLog.checked} entries checked
          {verify.data.verifyAuditLog.firstBrokenId && `; first entry that does not match: #${verify.data.verifyAuditLog.firstBrokenId}`}
        </Alert>
      )}
      <Group mb="sm">
        <TextInput aria-label="Entity type" placeholder="Entity type, e.g. User" value={entityType} onChange={(e) => { setEntityType(e.currentTarget.value); resetPaging(); }} />
        <TextInput aria-label="Entity id" placeholder="Entity id" value={entityId} onChange={(e) => { setEntityId(e.currentTarget.value); resetPaging(); }} />
        <TextInput aria-label="Action" placeholder="Action, e.g. update" value={action} onChange={(e) => { setAction(e.currentTarget.value); resetPaging(); }} />
      </Group>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {fetching && !page && <Text>Loading…</Text>}
      {page && (
        <Table striped aria-label="audit entries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Entity</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.nodes.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}><Text c="dimmed">No entries match.</Text></Table.Td>
              </Table.Tr>
            )}
            {page.nodes.map((e) => [
              <Table.Tr key={e.id}>
                <Table.Td>{e.id}</Table.Td>
                <Table.Td>{new Date(e.at).toLocaleString()}</Table.Td>
                <Table.Td>{e.actor?.email ?? 'system'}</Table.Td>
                <Table.Td>{e.action}</Table.Td>
                <Table.Td>{e.entityType} {e.entityId}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" onClick={() => setOpen(open === e.id ? null : e.id)} aria-expanded={open === e.id}>
                    {open === e.id ? 'Hide' : 'Details'}
                  </Button>
                </Table.Td>
              </Table.Tr>,
              open === e.id && (
                <Table.Tr key={`${e.id}-details`}>
                  <Table.Td colSpan={6}>
                    <Text size="xs" c="dimmed">hash {e.hash}</Text>
                    <Group align="flex-start" grow>
                      <Code block>before: {JSON.stringify(e.before, null, 2)}</Code>
                      <Code block>after: {JSON.stringify(e.after, null, 2)}</Code>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ),
            ])}
          </Table.Tbody>
        </Table>
      )}
      <CursorPager pages={pages} pageInfo={page?.pageInfo} totalCount={page?.totalCount} previousLabel="Newer" nextLabel="Older" />
    </>
  );
}

import { Alert, Badge, Button, Center, FileButton, Group, Loader, Modal, NativeSelect, Progress, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { z } from 'zod';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { confirmMutation } from '../../components/confirm';
import { CursorPager, useCursorPages } from '../../components/CursorPager';
import { FormModal } from '../../components/FormModal';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql } from '../../graphql';
import type { CampaignDetail } from './CampaignDetailPage';
import { downloadWithToken, uploadCsv } from './download';
import { IssueCodeDialog } from './IssueCodeDialog';
import { showInZone } from './time';

const CodesQuery = graphql(`
  query CampaignCodes($campaignId: ID!, $filter: CodeFilter, $after: String) {
    codes(campaignId: $campaignId, filter: $filter, first: 25, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id code state redemptionsCount maxRedemptions issuedAt channel customer { id name } }
    }
  }
`);
const BatchesQuery = graphql(`
  query CodeBatches($campaignId: ID!) { codeBatches(campaignId: $campaignId) { id requested generated status error createdAt finishedAt patternDescription stalled heartbeatAt } }
`);
const GenerateCodes = graphql(`
  mutation GenerateCodes($campaignId: ID!, $count: Int!, $pattern: CodePatternInput) { generateCodes(campaignId: $campaignId, count: $count, pattern: $pattern) { id status } }
`);
const QrQuery = graphql(`
  query CodeQr($code: String!) { code(code: $code) { code qrSvg } }
`);
const DisableCode = graphql(`
  mutation DisableCode($code: String!) { disableCode(code: $code) { id state } }
`);

const generateSchema = z.object({
  count: z.string().trim().regex(/^\d+$/, 'A whole number').refine((v) => Number(v) >= 1 && Number(v) <= 1_000_000, 'From 1 to 1,000,000'),
  prefix: z.string().trim(),
  length: z.string().trim().regex(/^\d+$/, 'A whole number'),
  postfix: z.string().trim(),
});

interface ImportReport {
  rows: number;
  imported: number;
  rejected: { row: number; line: number; code: string; reason: string }[];
}

/** The rejected rows of an import as a CSV file the user keeps (line, code, reason). */
function saveRejects(rejected: ImportReport['rejected']): void {
  const quote = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
  const csv = ['line,code,reason', ...rejected.map((r) => [r.line, r.code, r.reason].map(quote).join(','))].join('\n');
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'rejected-codes.csv';
  link.click();
  URL.revokeObjectURL(url);
}

const STATE_COLOR: Record<string, string> = { ACTIVE: 'green', DISABLED: 'gray', EXHAUSTED: 'orange', PENDING: 'gray', RUNNING: 'blue', DONE: 'green', FAILED: 'red' };

/** The codes of a campaign: search, state filter, paging, generation with progress, QR, disable, CSV export and import. */
export function CodesPanel({ campaign, onChanged }: { campaign: CampaignDetail; onChanged: () => void }) {
  const { ability } = useViewer();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [state, setState] = useState('');
  const pages = useCursorPages();
  const filter = { search: debounced || null, state: (state || null) as 'ACTIVE' | 'DISABLED' | 'EXHAUSTED' | null };
  const [{ data, fetching, error }, refetchCodes] = useQuery({ query: CodesQuery, variables: { campaignId: campaign.id, filter, after: pages.after } });
  const [{ data: batches }, refetchBatches] = useQuery({ query: BatchesQuery, variables: { campaignId: campaign.id } });
  const [generating, setGenerating] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const [qr, setQr] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [, disable] = useMutation(DisableCode);
  const running = (batches?.codeBatches ?? []).some((b) => b.status === 'PENDING' || b.status === 'RUNNING');
  const wasRunning = useRef(false);

  // Poll the batches while one is in progress; when they finish, reload the codes.
  useEffect(() => {
    if (running) {
      wasRunning.current = true;
      const timer = setInterval(() => refetchBatches({ requestPolicy: 'network-only' }), 1000);
      return () => clearInterval(timer);
    }
    if (wasRunning.current) {
      wasRunning.current = false;
      refetchCodes({ requestPolicy: 'network-only' });
      onChanged();
    }
    return undefined;
  }, [running, refetchBatches, refetchCodes, onChanged]);

  const generate = useMutationForm({
    schema: generateSchema,
    defaultValues: { count: '1000', prefix: '', length: '8', postfix: '' },
    mutation: GenerateCodes,
    toVariables: (v) => ({ campaignId: campaign.id, count: Number(v.count), pattern: { prefix: v.prefix || null, length: Number(v.length), postfix: v.postfix || null } }),
    success: 'Generation started',
    onDone: () => {
      setGenerating(false);
      refetchBatches({ requestPolicy: 'network-only' });
    },
  });
  const [{ data: qrData, fetching: qrFetching }] = useQuery({ query: QrQuery, variables: { code: qr ?? '' }, pause: !qr });

  const exportCsv = async () => {
    setBusy('export');
    const failed = await downloadWithToken(`/api/campaigns/${campaign.id}/codes.csv`, `codes-campaign-${campaign.id}.csv`);
    setBusy(null);
    if (failed) notifications.show({ color: 'red', title: 'Export failed', message: failed });
  };
  const importCsv = async (file: File | null) => {
    if (!file) return;
    setBusy('import');
    const result = await uploadCsv<ImportReport>(`/api/campaigns/${campaign.id}/codes/import`, file);
    setBusy(null);
    if (!result.ok) {
      notifications.show({ color: 'red', title: 'Import failed', message: result.error });
      return;
    }
    setReport(result.data);
    refetchCodes({ requestPolicy: 'network-only' });
    onChanged();
  };

  const connection = data?.codes;
  const canCreate = ability.can('create', 'Code') && campaign.state !== 'ENDED';
  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <TextInput
            aria-label="Search codes"
            placeholder="Code starts with…"
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              pages.reset();
            }}
            w={220}
          />
          <NativeSelect
            aria-label="Code state"
            value={state}
            onChange={(e) => {
              setState(e.currentTarget.value);
              pages.reset();
            }}
            data={[{ value: '', label: 'All states' }, 'ACTIVE', 'EXHAUSTED', 'DISABLED']}
          />
        </Group>
        <Group>
          {canCreate && <Button onClick={() => setGenerating(true)}>Generate codes…</Button>}
          {ability.can('issue', 'Code') && campaign.state !== 'ENDED' && (
            <Button variant="default" onClick={() => setIssuing(true)}>
              Issue to customer…
            </Button>
          )}
          {canCreate && (
            <FileButton onChange={(f) => void importCsv(f)} accept=".csv,text/csv,text/plain">
              {(props) => (
                <Button variant="default" loading={busy === 'import'} {...props}>
                  Import CSV…
                </Button>
              )}
            </FileButton>
          )}
          <Button variant="default" loading={busy === 'export'} onClick={() => void exportCsv()}>
            Export CSV
          </Button>
        </Group>
      </Group>

      {(batches?.codeBatches ?? []).slice(0, 3).map((b) => (
        <Stack key={b.id} gap={4} aria-label={`Batch ${b.id}`}>
          <Group justify="space-between">
            <Text size="sm">
              Batch {b.id}: {b.generated.toLocaleString()} of {b.requested.toLocaleString()} codes · {b.patternDescription}
            </Text>
            <Group gap={4}>
              {b.stalled && (
                <Badge color="orange" variant="filled" title="No progress for over 30 s: its worker stopped; it resumes by itself from the last committed chunk">
                  STALLED
                </Badge>
              )}
              <Badge color={STATE_COLOR[b.status]} variant="light">
                {b.status}
              </Badge>
            </Group>
          </Group>
          <Progress value={(b.generated / b.requested) * 100} animated={b.status === 'RUNNING' || b.status === 'PENDING'} aria-label={`Generation progress of batch ${b.id}`} />
          {b.error && (
            <Text size="sm" c="red">
              {b.error}
            </Text>
          )}
        </Stack>
      ))}

      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {fetching && !connection ? (
        <Center p="xl">
          <Loader aria-label="Loading" />
        </Center>
      ) : (
        <Table striped highlightOnHover aria-label="codes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Code</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Issued</Table.Th>
              <Table.Th>Redemptions</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connection?.nodes.map((code) => (
              <Table.Tr key={code.id}>
                <Table.Td ff="monospace">{code.code}</Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLOR[code.state]} variant="light">
                    {code.state}
                  </Badge>
                </Table.Td>
                <Table.Td>{code.customer?.name ?? <Text c="dimmed">generic</Text>}</Table.Td>
                <Table.Td>{code.issuedAt ? `${showInZone(code.issuedAt, campaign.timezone)} · ${code.channel}` : '—'}</Table.Td>
                <Table.Td>
                  {code.redemptionsCount}
                  {code.maxRedemptions != null ? ` / ${code.maxRedemptions}` : campaign.maxRedemptionsPerCode != null ? ` / ${campaign.maxRedemptionsPerCode}` : ''}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end">
                    <Button size="compact-sm" variant="subtle" onClick={() => setQr(code.code)} aria-label={`QR code of ${code.code}`}>
                      QR
                    </Button>
                    {ability.can('update', 'Code') && code.state !== 'DISABLED' && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() =>
                          confirmMutation('Disable code', `Disable ${code.code}? It can no longer be redeemed.`, () => disable({ code: code.code }), {
                            success: `${code.code} disabled`,
                            onDone: () => refetchCodes({ requestPolicy: 'network-only' }),
                          })
                        }
                      >
                        Disable
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
            {connection?.nodes.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed">{debounced || state ? 'No code matches.' : 'No codes yet: generate or import some.'}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}
      <CursorPager pages={pages} pageInfo={connection?.pageInfo} totalCount={connection?.totalCount} />

      <FormModal title="Generate codes" opened={generating} onClose={() => setGenerating(false)} onSubmit={generate.submit} submitting={generate.fetching} formError={generate.formError} submitLabel="Generate">
        <TextInput label="How many" {...generate.form.register('count')} error={generate.form.formState.errors.count?.message} />
        <SimpleGrid cols={3}>
          <TextInput label="Prefix" {...generate.form.register('prefix')} error={generate.form.formState.errors.prefix?.message} />
          <TextInput label="Random characters" {...generate.form.register('length')} error={generate.form.formState.errors.length?.message} />
          <TextInput label="Postfix" {...generate.form.register('postfix')} error={generate.form.formState.errors.postfix?.message} />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          Characters: A–Z and 2–9 without the look-alikes 0 O 1 I L. Codes are unique across the whole system; generation runs in the background.
        </Text>
      </FormModal>

      <IssueCodeDialog
        campaignId={campaign.id}
        opened={issuing}
        onClose={() => setIssuing(false)}
        onIssued={() => {
          refetchCodes({ requestPolicy: 'network-only' });
          onChanged();
        }}
      />

      <Modal opened={qr !== null} onClose={() => setQr(null)} title={qr ?? ''} size="sm">
        {qrFetching || !qrData?.code ? (
          <Loader aria-label="Loading" />
        ) : (
          <Stack align="center">
            {/* The SVG comes from our own API (the qrcode library), not from user input. */}
            <div role="img" aria-label={`QR code for ${qrData.code.code}`} style={{ width: 240 }} dangerouslySetInnerHTML={{ __html: qrData.code.qrSvg }} />
            <Text ff="monospace">{qrData.code.code}</Text>
          </Stack>
        )}
      </Modal>

      <Modal opened={report !== null} onClose={() => setReport(null)} title="Import report" size="lg">
        {report && (
          <Stack>
            <Text>
              {report.imported.toLocaleString()} of {report.rows.toLocaleString()} rows imported; {report.rejected.length.toLocaleString()} rejected.
            </Text>
            {report.rejected.length > 0 && (
              <Table aria-label="rejected rows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Line</Table.Th>
                    <Table.Th>Code</Table.Th>
                    <Table.Th>Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.rejected.slice(0, 100).map((r) => (
                    <Table.Tr key={r.row}>
                      <Table.Td>{r.line}</Table.Td>
                      <Table.Td ff="monospace">{r.code}</Table.Td>
                      <Table.Td>{r.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {report.rejected.length > 100 && <Text c="dimmed">… and {report.rejected.length - 100} more.</Text>}
            {report.rejected.length > 0 && (
              <Group justify="flex-end">
                <Button variant="default" onClick={() => saveRejects(report.rejected)}>
                  Download the rejected rows (CSV)
                </Button>
              </Group>
            )}
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

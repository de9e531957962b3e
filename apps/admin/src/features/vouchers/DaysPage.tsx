import { Alert, Badge, Button, Group, Loader, Modal, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { downloadFile } from '../../components/download';
import { useViewer } from '../../app/viewer';
import { confirmMutation } from '../../components/confirm';
import { PageHeader } from '../../components/PageHeader';
import { AuditMerchantDay, ConfirmMerchantDay, isoDate, MerchantDaysQuery, SettleMerchantDay, StoresAndProductsQuery, todayIn, type MerchantDayRow } from './documents';

type Mode = 'merchant' | 'audit' | 'settle';

const TITLES: Record<Mode, string> = { merchant: 'Store days', audit: 'Audit store days', settle: 'Settlement' };
const STATUS_COLOR: Record<string, string> = { OPEN: 'gray', CONFIRMED: 'blue', AUDITED: 'orange', SETTLED: 'green' };

/**
 * Daily reconciliation (SPEC §6). `merchant`: a store's days with their write-offs, confirmed by the
 * merchant. `audit`: head office audits confirmed days (anomalies are flagged). `settle`: finance settles
 * audited days and downloads a merchant's settlement statement as CSV.
 */
export function DaysPage({ mode }: { mode: Mode }) {
  const { me } = useViewer();
  const [{ data: refs }] = useQuery({ query: StoresAndProductsQuery });
  const [unitId, setUnitId] = useState<string | null>(mode === 'merchant' ? (me.unit?.id ?? null) : null);
  const [from, setFrom] = useState(isoDate(mode === 'merchant' ? -13 : -30));
  // Tomorrow in the browser's zone covers every store's today (a store east of the browser may be a day ahead).
  const [to, setTo] = useState(isoDate(1));
  const [open, setOpen] = useState<string | null>(null);
  const [auditing, setAuditing] = useState<MerchantDayRow | null>(null);
  const paused = mode === 'merchant' && !unitId;
  const [{ data, fetching, error }, refetch] = useQuery({ query: MerchantDaysQuery, variables: { unitId, from, to }, pause: paused });
  const [, confirm] = useMutation(ConfirmMerchantDay);
  const [, settle] = useMutation(SettleMerchantDay);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const stores = useMemo(() => (refs?.units ?? []).map((u) => ({ value: u.id, label: u.name })), [refs]);
  const zoneOf = useMemo(() => new Map((refs?.units ?? []).map((u) => [u.id, u.timezone])), [refs]);
  const todayAt = (id: string) => todayIn(zoneOf.get(id) ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const rows = (data?.merchantDays ?? []).filter((d) => (mode === 'merchant' ? d.date <= todayAt(d.unit.id) : d.writeOffs > 0 || d.status !== 'OPEN'));
  const total = rows.reduce((sum, d) => sum + Math.round(Number(d.amount) * 100), 0);

  const download = async () => {
    if (!unitId) return;
    try {
      await downloadFile(`/api/vouchers/settlement.csv?unitId=${unitId}&from=${from}&to=${to}`, `settlement-${unitId}-${from}-${to}.csv`);
    } catch (error) {
      notifications.show({ color: 'red', title: 'Download failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <Stack gap="sm">
      <PageHeader title={TITLES[mode]}>
        {mode === 'settle' && <Button variant="default" onClick={() => void download()} disabled={!unitId}>Settlement CSV</Button>}
      </PageHeader>
      <Group align="flex-end" gap="xs">
        {mode === 'merchant' && me.unit ? (
          <Text c="dimmed">Store: {me.unit.name}</Text>
        ) : (
          <Select label="Store" data={stores} value={unitId} onChange={setUnitId} clearable={mode !== 'merchant'} searchable placeholder={mode === 'merchant' ? 'Pick the store' : 'All stores'} w={220} />
        )}
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={160} />
        <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={160} />
      </Group>
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {fetching && <Loader size="sm" />}
      {!fetching && !paused && rows.length === 0 && <Text c="dimmed">No days with write-offs in this period.</Text>}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={420}>
          <Table striped aria-label="Merchant days">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                {mode !== 'merchant' && <Table.Th>Store</Table.Th>}
                <Table.Th>Write-offs</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => {
                const key = `${d.unit.id}:${d.date}`;
                return (
                  <DayRows
                    key={key}
                    day={d}
                    mode={mode}
                    today={todayAt(d.unit.id)}
                    expanded={open === key}
                    onToggle={() => setOpen(open === key ? null : key)}
                    onConfirm={() =>
                      confirmMutation('Confirm day', `Confirm ${d.date}: ${d.writeOffs} write-offs, ${d.amount}? A confirmed day cannot change.`, () => confirm({ unitId: d.unit.id, date: d.date }), { success: `${d.date} confirmed`, onDone: reload })
                    }
                    onAudit={() => setAuditing(d)}
                    onSettle={() => confirmMutation('Settle day', `Settle ${d.unit.name}, ${d.date}: ${d.amount}?`, () => settle({ unitId: d.unit.id, date: d.date }), { success: `${d.date} settled`, onDone: reload })}
                  />
                );
              })}
            </Table.Tbody>
            <Table.Tfoot>
              <Table.Tr>
                <Table.Th>Total</Table.Th>
                {mode !== 'merchant' && <Table.Th />}
                <Table.Th>{rows.reduce((n, d) => n + d.writeOffs, 0)}</Table.Th>
                <Table.Th>{(total / 100).toFixed(2)}</Table.Th>
                <Table.Th />
                <Table.Th />
              </Table.Tr>
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
      )}
      {auditing && <AuditDialog day={auditing} onClose={() => setAuditing(null)} onDone={reload} />}
    </Stack>
  );
}

function DayRows({ day, mode, today, expanded, onToggle, onConfirm, onAudit, onSettle }: { day: MerchantDayRow; mode: Mode; today: string; expanded: boolean; onToggle: () => void; onConfirm: () => void; onAudit: () => void; onSettle: () => void }) {
  const past = day.date <= today;
  return (
    <>
      <Table.Tr data-testid={`day-${day.date}`}>
        <Table.Td>
          <Button variant="subtle" size="compact-sm" onClick={onToggle} disabled={day.writeOffs === 0}>{day.date}</Button>
        </Table.Td>
        {mode !== 'merchant' && <Table.Td>{day.unit.name}</Table.Td>}
        <Table.Td>{day.writeOffs}</Table.Td>
        <Table.Td>{day.amount}</Table.Td>
        <Table.Td>
          <Group gap={4}>
            <Badge color={STATUS_COLOR[day.status] ?? 'gray'}>{day.status}</Badge>
            {day.flags.some((f) => !f.resolvedAt) && <Badge color="red" variant="light">{day.flags.filter((f) => !f.resolvedAt).length} open flag{day.flags.filter((f) => !f.resolvedAt).length > 1 ? 's' : ''}</Badge>}
          </Group>
        </Table.Td>
        <Table.Td>
          {mode === 'merchant' && day.status === 'OPEN' && past && <Button size="xs" onClick={onConfirm}>Confirm</Button>}
          {mode === 'audit' && day.status === 'CONFIRMED' && <Button size="xs" onClick={onAudit}>Audit</Button>}
          {mode === 'settle' && day.status === 'AUDITED' && <Button size="xs" onClick={onSettle}>Settle</Button>}
        </Table.Td>
      </Table.Tr>
      {(expanded || day.flags.length > 0) && (
        <Table.Tr>
          <Table.Td colSpan={6}>
            {day.flags.map((f) => (
              <Text key={f.id} size="sm" c={f.resolvedAt ? 'dimmed' : 'red'}>
                {f.kind}: {f.message}
                {f.resolvedAt ? ' (resolved)' : ''}
              </Text>
            ))}
            {day.auditComment && <Text size="sm" c="dimmed">Audit: {day.auditComment}</Text>}
            {expanded &&
              day.writeOffList.map((w) => (
                <Text key={w.id} size="sm">
                  {new Date(w.writtenOffAt).toLocaleTimeString()} · {w.code.code} · {w.amount} {w.currency}
                </Text>
              ))}
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

function AuditDialog({ day, onClose, onDone }: { day: MerchantDayRow; onClose: () => void; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const [state, audit] = useMutation(AuditMerchantDay);
  return (
    <Modal opened onClose={onClose} title={`Audit ${day.unit.name}, ${day.date}`}>
      <Stack>
        <Text size="sm">{day.writeOffs} write-offs, {day.amount}. Write-offs outside the store's opening hours or over the voucher's value are flagged.</Text>
        <Textarea label="Comment" value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
        {state.error && <Alert color="red">{errorMessage(state.error)}</Alert>}
        <Button
          loading={state.fetching}
          onClick={() =>
            void audit({ unitId: day.unit.id, date: day.date, comment: comment.trim() || null }).then((r) => {
              if (r.error) return;
              const flags = r.data!.auditMerchantDay.flags.length;
              notifications.show({ color: flags ? 'orange' : 'green', message: `${day.date} audited${flags ? `: ${flags} anomalies flagged` : ''}` });
              onDone();
              onClose();
            })
          }
        >
          Mark audited
        </Button>
      </Stack>
    </Modal>
  );
}

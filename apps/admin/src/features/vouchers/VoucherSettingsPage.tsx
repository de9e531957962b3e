import { Alert, Button, Card, Checkbox, Group, MultiSelect, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { PageHeader } from '../../components/PageHeader';
import { SetStoreHours, SetVoucherTerms, StoreHoursQuery, StoresAndProductsQuery, VoucherCampaignsQuery, VoucherTermsQuery } from './documents';

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
const label = (d: string) => d.charAt(0) + d.slice(1).toLowerCase();

/** Voucher exclusions per campaign (marketing) and store opening hours (admins), used by verification and the day audit. */
export function VoucherSettingsPage() {
  const { ability } = useViewer();
  return (
    <Stack>
      <PageHeader title="Voucher settings" />
      {ability.can('update', 'Campaign') && <TermsCard />}
      {ability.can('update', 'Unit') && <HoursCard />}
    </Stack>
  );
}

function TermsCard() {
  const [{ data: campaigns }] = useQuery({ query: VoucherCampaignsQuery });
  const vouchers = useMemo(() => (campaigns?.campaigns ?? []).filter((c) => c.kind === 'EXPERIENCE_VOUCHER'), [campaigns]);
  const [campaignId, setCampaignId] = useState<string | null>(null);
  const [{ data }] = useQuery({ query: VoucherTermsQuery, variables: { id: campaignId ?? '' }, pause: !campaignId, requestPolicy: 'network-only' });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">Exclusions of a voucher campaign</Title>
      <Stack gap="sm" maw={560}>
        <Select label="Voucher campaign" data={vouchers.map((c) => ({ value: c.id, label: c.name }))} value={campaignId} onChange={setCampaignId} searchable />
        {!vouchers.length && <Text c="dimmed">No experience voucher campaigns yet.</Text>}
        {campaignId && data?.campaign && <TermsForm key={`${campaignId}:${JSON.stringify(data.campaign.voucherTerms)}`} campaignId={campaignId} terms={data.campaign.voucherTerms} products={data.products} />}
      </Stack>
    </Card>
  );
}

type Terms = { excludedProductIds: string[]; excludedWeekdays: string[]; excludedDates: string[]; description: string | null } | null | undefined;

function TermsForm({ campaignId, terms, products: catalogue }: { campaignId: string; terms: Terms; products: { id: string; code: string; name: string }[] }) {
  const [products, setProducts] = useState<string[]>(terms?.excludedProductIds ?? []);
  const [weekdays, setWeekdays] = useState<string[]>(terms?.excludedWeekdays ?? []);
  const [dates, setDates] = useState((terms?.excludedDates ?? []).join(', '));
  const [description, setDescription] = useState(terms?.description ?? '');
  const [state, save] = useMutation(SetVoucherTerms);
  const submit = async () => {
    const excludedDates = dates.split(/[\s,]+/).filter(Boolean);
    const r = await save({ campaignId, input: { excludedProductIds: products, excludedWeekdays: weekdays as never, excludedDates, description } });
    if (!r.error) notifications.show({ color: 'green', message: 'Voucher exclusions saved' });
  };
  return (
          <>
            <MultiSelect label="Excluded products" data={catalogue.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))} value={products} onChange={setProducts} searchable clearable />
            <MultiSelect label="Excluded weekdays" data={WEEKDAYS.map((d) => ({ value: d, label: label(d) }))} value={weekdays} onChange={setWeekdays} clearable />
            <TextInput label="Excluded dates" description="YYYY-MM-DD, separated by commas (the store's calendar)" value={dates} onChange={(e) => setDates(e.currentTarget.value)} />
            <Textarea label="Description printed on the voucher" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
            {state.error && <Alert color="red">{errorMessage(state.error)}</Alert>}
            <Button onClick={() => void submit()} loading={state.fetching} w={160}>Save exclusions</Button>
          </>
  );
}

function HoursCard() {
  const [{ data: refs }] = useQuery({ query: StoresAndProductsQuery });
  const [unitId, setUnitId] = useState<string | null>(null);
  const [{ data }] = useQuery({ query: StoreHoursQuery, variables: { unitId: unitId ?? '' }, pause: !unitId, requestPolicy: 'network-only' });
  return (
    <Card withBorder>
      <Title order={4} mb="sm">Store opening hours</Title>
      <Text size="sm" c="dimmed" mb="sm">The day audit flags write-offs outside these hours (default 09:00–21:00 every day).</Text>
      <Stack gap="sm" maw={560}>
        <Select label="Store" data={(refs?.units ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.timezone})` }))} value={unitId} onChange={setUnitId} searchable />
        {unitId && data && <HoursForm key={`${unitId}:${JSON.stringify(data.storeOpeningHours)}`} unitId={unitId} current={data.storeOpeningHours} />}
      </Stack>
    </Card>
  );
}

function HoursForm({ unitId, current }: { unitId: string; current: { weekday: string; opens: string; closes: string }[] }) {
  const [hours, setHours] = useState<Record<string, { open: boolean; opens: string; closes: string }>>(() => {
    const byDay = new Map(current.map((h) => [h.weekday, h]));
    return Object.fromEntries(WEEKDAYS.map((d) => [d, { open: byDay.has(d), opens: byDay.get(d)?.opens ?? '09:00', closes: byDay.get(d)?.closes ?? '21:00' }]));
  });
  const [state, save] = useMutation(SetStoreHours);
  const submit = async () => {
    const list = WEEKDAYS.filter((d) => hours[d]?.open).map((d) => ({ weekday: d, opens: hours[d].opens, closes: hours[d].closes }));
    const r = await save({ unitId, hours: list as never });
    if (!r.error) notifications.show({ color: 'green', message: 'Opening hours saved' });
  };
  return (
          <>
            <Table>
              <Table.Tbody>
                {WEEKDAYS.map((d) => {
                  const h = hours[d] ?? { open: false, opens: '09:00', closes: '21:00' };
                  const set = (patch: Partial<typeof h>) => setHours({ ...hours, [d]: { ...h, ...patch } });
                  return (
                    <Table.Tr key={d}>
                      <Table.Td><Checkbox label={label(d)} checked={h.open} onChange={(e) => set({ open: e.currentTarget.checked })} /></Table.Td>
                      <Table.Td><TextInput aria-label={`${label(d)} opens`} value={h.opens} onChange={(e) => set({ opens: e.currentTarget.value })} disabled={!h.open} w={90} /></Table.Td>
                      <Table.Td><TextInput aria-label={`${label(d)} closes`} value={h.closes} onChange={(e) => set({ closes: e.currentTarget.value })} disabled={!h.open} w={90} /></Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            {state.error && <Alert color="red">{errorMessage(state.error)}</Alert>}
            <Group><Button onClick={() => void submit()} loading={state.fetching}>Save hours</Button></Group>
          </>
  );
}

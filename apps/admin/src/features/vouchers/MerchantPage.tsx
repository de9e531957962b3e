import { Alert, Badge, Button, Card, Checkbox, Group, MultiSelect, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useMemo, useState } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { QrScanner } from './QrScanner';
import { StoresAndProductsQuery, VoucherVerdictQuery, WriteOffVoucher, type Verdict } from './documents';

const REASONS: Record<string, string> = {
  CODE_NOT_FOUND: 'Not a voucher',
  CODE_DISABLED: 'Disabled',
  CAMPAIGN_NOT_ACTIVE: 'Campaign not active',
  NOT_STARTED: 'Not valid yet',
  EXPIRED: 'Expired',
  NOT_ELIGIBLE: 'Not accepted',
  CUSTOMER_BLACKLISTED: 'Holder blacklisted',
  CODE_LIMIT_REACHED: 'Already used',
  UNIT_NOT_ALLOWED: 'Not for this store',
  PRODUCT_NOT_APPLICABLE: 'Product not covered',
  MIN_SPEND_NOT_MET: 'Minimum spend not met',
};

/**
 * The merchant's screen (made for a phone): scan the voucher's QR code or type its code, see whether it
 * is valid here and why not, then write it off with the amount and products. A paper voucher used
 * earlier is entered with the time it was used.
 */
export function MerchantPage() {
  const { me } = useViewer();
  const client = useClient();
  const [{ data: refs }] = useQuery({ query: StoresAndProductsQuery });
  const [unitId, setUnitId] = useState<string | null>(me.unit?.id ?? null);
  const [code, setCode] = useState('');
  const [scanning, setScanning] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [amount, setAmount] = useState('');
  const [productIds, setProductIds] = useState<string[]>([]);
  const [earlier, setEarlier] = useState(false);
  const [usedAt, setUsedAt] = useState('');
  // One key per write-off attempt: a double tap or a retry after a lost answer never writes off twice.
  const [attemptKey, setAttemptKey] = useState(() => crypto.randomUUID());
  const [written, writeOff] = useMutation(WriteOffVoucher);
  const [done, setDone] = useState<string | null>(null);

  const writtenOffAt = earlier && usedAt ? new Date(usedAt).toISOString() : null;
  const check = useCallback(
    async (text: string) => {
      if (!unitId || !text.trim()) return;
      setChecking(true);
      setCheckError(null);
      setDone(null);
      const result = await client
        .query(VoucherVerdictQuery, { code: text.trim(), unitId, amount: amount.trim() || null, productIds: productIds.length ? productIds : null, writtenOffAt }, { requestPolicy: 'network-only' })
        .toPromise();
      setChecking(false);
      setVerdict(result.data?.voucherVerdict ?? null);
      setCheckError(errorMessage(result.error));
    },
    [client, unitId, amount, productIds, writtenOffAt],
  );
  const onScanned = useCallback(
    (text: string) => {
      setScanning(false);
      setCode(text);
      void check(text);
    },
    [check],
  );
  const stores = useMemo(() => (refs?.units ?? []).map((u) => ({ value: u.id, label: u.name })), [refs]);
  const products = useMemo(() => (refs?.products ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` })), [refs]);

  const submit = async () => {
    if (!unitId || !verdict) return;
    const result = await writeOff({ input: { code: verdict.code, unitId, amount: amount.trim(), productIds, writtenOffAt, idempotencyKey: attemptKey } });
    if (result.error) {
      notifications.show({ color: 'red', title: 'Not written off', message: errorMessage(result.error) });
      return;
    }
    const w = result.data!.writeOffVoucher;
    setDone(`Voucher ${w.code.code} written off: ${w.amount} ${w.currency} (${w.merchantDate})`);
    notifications.show({ color: 'green', message: `Voucher ${w.code.code} written off` });
    setAttemptKey(crypto.randomUUID());
    setVerdict(null);
    setCode('');
    setAmount('');
    setProductIds([]);
    setEarlier(false);
    setUsedAt('');
  };

  return (
    <Stack maw={520} gap="sm">
      <Title order={2}>Write off a voucher</Title>
      {me.unit ? <Text c="dimmed">Store: {me.unit.name}</Text> : <Select label="Store" data={stores} value={unitId} onChange={setUnitId} searchable placeholder="Pick the store" />}
      {done && <Alert color="green" data-testid="write-off-done">{done}</Alert>}
      {scanning ? (
        <QrScanner onCode={onScanned} onClose={() => setScanning(false)} />
      ) : (
        <Button variant="light" size="md" onClick={() => setScanning(true)} disabled={!unitId}>Scan QR code</Button>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void check(code);
        }}
      >
        <Group align="flex-end" wrap="nowrap" gap="xs">
          <TextInput style={{ flex: 1 }} label="Voucher code" value={code} onChange={(e) => setCode(e.currentTarget.value)} autoCapitalize="characters" autoComplete="off" size="md" />
          <Button type="submit" size="md" loading={checking} disabled={!unitId || !code.trim()}>Check</Button>
        </Group>
      </form>
      {checkError && <Alert color="red">{checkError}</Alert>}
      {verdict && (
        <Card withBorder data-testid="voucher-verdict">
          <Group justify="space-between">
            <Text fw={700}>{verdict.code}</Text>
            <Badge size="lg" color={verdict.valid ? 'green' : 'red'}>{verdict.valid ? 'Valid' : (REASONS[verdict.reason ?? ''] ?? verdict.reason)}</Badge>
          </Group>
          <Text size="sm" mt="xs">{verdict.explanation}</Text>
          {verdict.campaignName && (
            <Stack gap={2} mt="xs">
              <Text size="sm">{verdict.campaignName} · {verdict.voucherKind ?? ''} · {verdict.voucherForm ?? ''}</Text>
              {verdict.value && <Text size="sm">Value: {verdict.value} {verdict.currency}</Text>}
              {verdict.minSpend && <Text size="sm">Minimum spend: {verdict.minSpend} {verdict.currency}</Text>}
              {verdict.usesLeft != null && <Text size="sm">Uses left: {verdict.usesLeft}</Text>}
              {verdict.customerName && <Text size="sm">Holder: {verdict.customerName}</Text>}
              {verdict.expiresAt && <Text size="sm">Valid until: {new Date(verdict.expiresAt).toLocaleString()}</Text>}
            </Stack>
          )}
        </Card>
      )}
      {verdict?.valid && (
        <Card withBorder>
          <Stack gap="sm">
            <TextInput label="Amount" inputMode="decimal" placeholder="e.g. 50.00" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} size="md" />
            <MultiSelect label="Products consumed" data={products} value={productIds} onChange={setProductIds} searchable clearable />
            <Checkbox label="Paper voucher used earlier" checked={earlier} onChange={(e) => setEarlier(e.currentTarget.checked)} />
            {earlier && <TextInput type="datetime-local" label="Used at" value={usedAt} onChange={(e) => setUsedAt(e.currentTarget.value)} />}
            <Button size="md" color="green" onClick={() => void submit()} loading={written.fetching} disabled={!amount.trim() || (earlier && !usedAt)}>
              Write off
            </Button>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

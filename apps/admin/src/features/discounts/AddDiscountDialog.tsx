import { Alert, Button, Group, Modal, MultiSelect, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { graphql } from '../../graphql';
import { describeValue } from './format';

const OptionsQuery = graphql(`
  query AdHocDiscountOptions($subscriptionId: ID, $jobId: ID) {
    adHocDiscountOptions(subscriptionId: $subscriptionId, jobId: $jobId) {
      definition { id name valueKind amount minAmount maxAmount percentage freePeriodDays currency duration expirationDate approvalMethod approvalUnit { name } }
      applicableProductIds remaining minAmount maxAmount
    }
  }
`);
const Submit = graphql(`
  mutation SubmitAdHocDiscount($input: SubmitAdHocDiscountInput!) { submitAdHocDiscount(input: $input) { id number state } }
`);

interface Props {
  kind: 'SUBSCRIPTION' | 'JOB';
  targetId: string;
  lines: { id: string; label: string }[];
  onClose: () => void;
  onDone: () => void;
}

/**
 * "Add discount": only the definitions that apply to this subscription or job now (valid, criteria
 * met, limit not reached), with the allowed range; the value fields follow the definition.
 */
export function AddDiscountDialog({ kind, targetId, lines, onClose, onDone }: Props) {
  const [{ data, fetching, error }] = useQuery({ query: OptionsQuery, variables: kind === 'JOB' ? { jobId: targetId } : { subscriptionId: targetId } });
  const [{ fetching: submitting }, submit] = useMutation(Submit);
  const [definitionId, setDefinitionId] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [products, setProducts] = useState<string[]>([]);
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const options = data?.adHocDiscountOptions ?? [];
  const option = options.find((o) => o.definition.id === definitionId);
  const def = option?.definition;

  const send = async () => {
    if (!def || !option) return setErrors({ definitionId: 'Pick a discount' });
    const input = {
      definitionId: def.id,
      ...(kind === 'JOB' ? { jobId: targetId } : { subscriptionId: targetId }),
      ...(def.valueKind === 'AMOUNT_RANGE' ? { amount: amount.trim() } : {}),
      ...(products.length ? { applicableProductIds: products } : {}),
      ...(def.duration === 'FLEXIBLE' ? { effectiveDate: from ? `${from}T00:00:00.000Z` : null, expirationDate: until ? `${until}T00:00:00.000Z` : null } : {}),
    };
    const result = await submit({ input });
    if (result.error) {
      const next: Record<string, string> = {};
      for (const e of result.error.graphQLErrors) {
        const field = typeof e.extensions?.field === 'string' ? e.extensions.field.replace(/^input\./, '').replace(/\.\d+$/, '') : 'form';
        next[field] = e.message.replace(/^[^:]+: /, '');
      }
      if (result.error.networkError) next.form = errorMessage(result.error) ?? 'Network error';
      return setErrors(next);
    }
    onDone();
  };

  const choices = lines.filter((l) => !option || option.applicableProductIds.includes(l.id));
  return (
    <Modal opened onClose={onClose} title="Add discount" size="lg">
      <Stack>
        {error && <Alert color="red">{errorMessage(error)}</Alert>}
        {!fetching && options.length === 0 && !error && <Alert color="gray">No discount applies to this {kind.toLowerCase()} now.</Alert>}
        <Select
          label="Discount"
          data-autofocus
          data={options.map((o) => ({ value: o.definition.id, label: `${o.definition.name} · ${describeValue(o.definition)}` }))}
          value={definitionId}
          onChange={(v) => { setDefinitionId(v); setProducts([]); setErrors({}); }}
          error={errors.definitionId}
          placeholder={fetching ? 'Loading…' : 'Pick a discount'}
        />
        {option && def && (
          <Text size="sm" c="dimmed" data-testid="allowed-range">
            {def.valueKind === 'AMOUNT_RANGE' ? `Allowed: ${option.minAmount} to ${option.maxAmount} ${def.currency ?? ''} per billing period.` : `Value: ${describeValue(def)}.`}
            {option.remaining !== null ? ` This customer may still receive ${option.remaining}.` : ''}
            {def.approvalMethod === 'MANUAL' ? ` Needs approval by ${def.approvalUnit?.name ?? 'the approval unit'}.` : ' Approved automatically.'}
          </Text>
        )}
        {def?.valueKind === 'AMOUNT_RANGE' && <TextInput label="Amount" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={errors.amount} />}
        {def && (
          <MultiSelect label="Applies to (empty: the products it applies to)" data={choices.map((l) => ({ value: l.id, label: l.label }))} value={products} onChange={setProducts} error={errors.applicableProductIds} />
        )}
        {def?.duration === 'FLEXIBLE' && (
          <Group grow>
            <TextInput label="Effective date" placeholder="YYYY-MM-DD" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errors.effectiveDate} />
            <TextInput label="Expiration date (inclusive)" placeholder="YYYY-MM-DD" value={until} onChange={(e) => setUntil(e.currentTarget.value)} error={errors.expirationDate} />
          </Group>
        )}
        {Object.entries(errors).filter(([k]) => !['definitionId', 'amount', 'applicableProductIds', 'effectiveDate', 'expirationDate'].includes(k)).map(([k, m]) => (
          <Alert color="red" role="alert" key={k}>{m}</Alert>
        ))}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button onClick={() => void send()} loading={submitting} disabled={!def}>Submit</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Badge, Button, NumberInput, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller } from 'react-hook-form';
import { useQuery } from 'urql';
import { z } from 'zod';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { MultiSelectField, SelectField } from '../../components/SelectField';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql, type ResultOf } from '../../graphql';
import { describeValue, toDay } from './format';

const DefinitionsQuery = graphql(`
  query DiscountDefinitions {
    additiveDiscountDefinitions {
      id name target application valueKind amount minAmount maxAmount percentage freePeriodDays currency
      effectiveDate expirationDate duration durationUntil maxApplications applicationPeriod { count unit }
      approvalMethod approvalUnit { id name } billingFrequencies
      products { id code } productTypes { id name } includedSegments { id name } excludedSegments { id name }
      ownedByGroup { name }
    }
    units { id name }
    products { id code name }
    productTypes { id name }
    segments { id name entity }
  }
`);
const CreateDefinition = graphql(`
  mutation CreateDiscountDefinition($input: CreateAdditiveDiscountDefinitionInput!) { createAdditiveDiscountDefinition(input: $input) { id } }
`);
const UpdateDefinition = graphql(`
  mutation UpdateDiscountDefinition($id: ID!, $input: CreateAdditiveDiscountDefinitionInput!) { updateAdditiveDiscountDefinition(id: $id, input: $input) { id } }
`);

type DefinitionRow = ResultOf<typeof DefinitionsQuery>['additiveDiscountDefinitions'][number];

const TARGETS = ['SUBSCRIPTION', 'JOB'] as const;
const APPLICATIONS = ['AD_HOC', 'AUTO_APPLY'] as const;
const VALUE_KINDS = ['AMOUNT', 'AMOUNT_RANGE', 'PERCENTAGE', 'FREE_PERIOD'] as const;
const DURATIONS = ['ONCE_OFF', 'FIXED_DATE', 'FLEXIBLE'] as const;
const METHODS = ['AUTOMATIC', 'MANUAL'] as const;
const UNITS = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
const FREQUENCIES = ['MONTHLY', 'QUARTERLY', 'ANNUALLY'] as const;
const KIND_LABELS: Record<(typeof VALUE_KINDS)[number], string> = { AMOUNT: 'Fixed amount', AMOUNT_RANGE: 'Amount range (agent picks)', PERCENTAGE: 'Percentage', FREE_PERIOD: 'Free period (days)' };

const decimal = z.string().trim().regex(/^(\d+(\.\d+)?)?$/, 'A decimal number, e.g. 20.00');
const day = z.string().trim().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'A date as YYYY-MM-DD');
const schema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(200),
  target: z.enum(TARGETS),
  application: z.enum(APPLICATIONS),
  valueKind: z.enum(VALUE_KINDS),
  amount: decimal,
  minAmount: decimal,
  maxAmount: decimal,
  percentage: decimal,
  freePeriodDays: z.string().trim().regex(/^\d*$/, 'A whole number of days'),
  currency: z.string().trim().toUpperCase().regex(/^([A-Z]{3})?$/, 'A three-letter currency code, e.g. EUR'),
  effectiveDate: day.refine((v) => v !== '', 'Enter the effective date'),
  expirationDate: day,
  duration: z.enum(DURATIONS),
  durationUntil: day,
  maxApplications: z.string().trim().regex(/^\d*$/, 'A whole number'),
  periodCount: z.string().trim().regex(/^\d*$/, 'A whole number'),
  periodUnit: z.enum(UNITS),
  approvalMethod: z.enum(METHODS),
  approvalUnitId: z.string(),
  billingFrequencies: z.array(z.enum(FREQUENCIES)),
  productIds: z.array(z.string()),
  productTypeIds: z.array(z.string()),
  includedSegmentIds: z.array(z.string()),
  excludedSegmentIds: z.array(z.string()),
});
type Values = z.input<typeof schema>;

const empty: Values = {
  name: '', target: 'SUBSCRIPTION', application: 'AD_HOC', valueKind: 'AMOUNT', amount: '', minAmount: '', maxAmount: '', percentage: '', freePeriodDays: '',
  currency: 'EUR', effectiveDate: new Date().toISOString().slice(0, 10), expirationDate: '', duration: 'ONCE_OFF', durationUntil: '', maxApplications: '', periodCount: '',
  periodUnit: 'YEAR', approvalMethod: 'MANUAL', approvalUnitId: '', billingFrequencies: [], productIds: [], productTypeIds: [], includedSegmentIds: [], excludedSegmentIds: [],
};

const orNull = (v: string) => (v === '' ? null : v);
/** A date picked in the editor is sent as midnight UTC: the API reads it as that whole day (expiry inclusive). */
const instant = (v: string) => (v === '' ? null : `${v}T00:00:00.000Z`);

function toInput(v: z.output<typeof schema>) {
  return {
    name: v.name, target: v.target, application: v.application, valueKind: v.valueKind,
    amount: v.valueKind === 'AMOUNT' ? orNull(v.amount) : null,
    minAmount: v.valueKind === 'AMOUNT_RANGE' ? orNull(v.minAmount) : null,
    maxAmount: v.valueKind === 'AMOUNT_RANGE' ? orNull(v.maxAmount) : null,
    percentage: v.valueKind === 'PERCENTAGE' ? orNull(v.percentage) : null,
    freePeriodDays: v.valueKind === 'FREE_PERIOD' && v.freePeriodDays !== '' ? Number(v.freePeriodDays) : null,
    currency: orNull(v.currency),
    effectiveDate: instant(v.effectiveDate) ?? '', expirationDate: instant(v.expirationDate),
    duration: v.duration, durationUntil: v.duration === 'FIXED_DATE' ? instant(v.durationUntil) : null,
    maxApplications: v.maxApplications === '' ? null : Number(v.maxApplications),
    applicationPeriod: v.periodCount === '' ? null : { count: Number(v.periodCount), unit: v.periodUnit },
    // An auto-apply discount is approved automatically (nobody is there to approve it).
    approvalMethod: v.application === 'AUTO_APPLY' ? 'AUTOMATIC' : v.approvalMethod,
    approvalUnitId: v.application === 'AD_HOC' && v.approvalMethod === 'MANUAL' ? orNull(v.approvalUnitId) : null,
    billingFrequencies: v.target === 'SUBSCRIPTION' ? v.billingFrequencies : [],
    productIds: v.productIds, productTypeIds: v.productTypeIds, includedSegmentIds: v.includedSegmentIds, excludedSegmentIds: v.excludedSegmentIds,
  };
}

function toValues(d: DefinitionRow): Values {
  return {
    name: d.name, target: d.target, application: d.application, valueKind: d.valueKind,
    amount: d.amount ?? '', minAmount: d.minAmount ?? '', maxAmount: d.maxAmount ?? '', percentage: d.percentage ?? '', freePeriodDays: d.freePeriodDays?.toString() ?? '',
    currency: d.currency ?? '', effectiveDate: toDay(d.effectiveDate), expirationDate: d.expirationDate ? toDay(d.expirationDate) : '',
    duration: d.duration, durationUntil: d.durationUntil ? toDay(d.durationUntil) : '', maxApplications: d.maxApplications?.toString() ?? '',
    periodCount: d.applicationPeriod?.count.toString() ?? '', periodUnit: d.applicationPeriod?.unit ?? 'YEAR', approvalMethod: d.approvalMethod, approvalUnitId: d.approvalUnit?.id ?? '',
    billingFrequencies: d.billingFrequencies, productIds: d.products.map((p) => p.id), productTypeIds: d.productTypes.map((p) => p.id),
    includedSegmentIds: d.includedSegments.map((s) => s.id), excludedSegmentIds: d.excludedSegments.map((s) => s.id),
  };
}

/** Additive discount definitions: the list, and an editor whose value fields follow the value kind. */
export function DefinitionsPage() {
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: DefinitionsQuery });
  const [editing, setEditing] = useState<DefinitionRow | 'new' | null>(null);
  const close = () => setEditing(null);
  const done = () => {
    close();
    refetch({ requestPolicy: 'network-only' });
  };
  const aliases = { applicationPeriod: 'periodCount' };
  const create = useMutationForm({ schema, defaultValues: empty, mutation: CreateDefinition, toVariables: (v) => ({ input: toInput(v) }), apiFieldAliases: aliases, success: 'Definition created', onDone: done });
  const update = useMutationForm({
    schema, defaultValues: empty, mutation: UpdateDefinition, apiFieldAliases: aliases, success: 'Definition saved', onDone: done,
    toVariables: (v) => ({ id: editing && editing !== 'new' ? editing.id : '', input: toInput(v) }),
  });
  const active = editing === 'new' ? create : update;
  const form = active.form;
  const kind = form.watch('valueKind');
  const target = form.watch('target');
  const method = form.watch('approvalMethod');
  const application = form.watch('application');
  const duration = form.watch('duration');
  const err = (name: keyof Values) => form.formState.errors[name]?.message as string | undefined;
  const segmentOptions = (data?.segments ?? []).filter((s) => s.entity === 'CUSTOMER' || s.entity === target).map((s) => ({ value: s.id, label: `${s.name} (${s.entity.toLowerCase()})` }));

  return (
    <>
      <PageHeader title="Additive discount definitions">
        {ability.can('create', 'AdditiveDiscountDefinition') && <Button onClick={() => { create.form.reset(empty); setEditing('new'); }}>New definition</Button>}
      </PageHeader>
      <ResourceTable
        label="definitions"
        rows={data?.additiveDiscountDefinitions}
        fetching={fetching}
        error={errorMessage(error)}
        emptyText="No definitions yet."
        rowKey={(d) => d.id}
        searchText={(d) => d.name}
        columns={[
          { key: 'name', header: 'Name', render: (d) => d.name, sortValue: (d) => d.name },
          { key: 'target', header: 'For', render: (d) => <Badge variant="light">{d.target}</Badge> },
          { key: 'application', header: 'Application', render: (d) => (d.application === 'AUTO_APPLY' ? 'Auto-apply' : 'Ad hoc') },
          { key: 'value', header: 'Value', render: (d) => describeValue(d) },
          { key: 'validity', header: 'Valid', render: (d) => `${toDay(d.effectiveDate)} – ${d.expirationDate ? toDay(d.expirationDate) : 'open'}` },
          { key: 'limit', header: 'Limit', render: (d) => (d.maxApplications && d.applicationPeriod ? `${d.maxApplications} per ${d.applicationPeriod.count} ${d.applicationPeriod.unit.toLowerCase()}` : '—') },
          { key: 'approval', header: 'Approval', render: (d) => (d.approvalMethod === 'MANUAL' ? `Manual: ${d.approvalUnit?.name ?? '?'}` : 'Automatic') },
          {
            key: 'actions', header: '',
            render: (d) => ability.can('update', 'AdditiveDiscountDefinition') && (
              <Button size="xs" variant="light" onClick={() => { update.form.reset(toValues(d)); setEditing(d); }}>Edit</Button>
            ),
          },
        ]}
      />
      <FormModal
        size="xl"
        title={editing === 'new' ? 'New additive discount definition' : `Edit ${editing?.name ?? ''}`}
        opened={editing !== null}
        onClose={close}
        onSubmit={active.submit}
        submitting={active.fetching}
        formError={active.formError}
        submitLabel={editing === 'new' ? 'Create' : 'Save'}
      >
        <TextInput label="Name" data-autofocus {...form.register('name')} error={err('name')} />
        <SimpleGrid cols={3}>
          <SelectField control={form.control} name="target" label="For" data={[...TARGETS]} />
          <SelectField control={form.control} name="application" label="Application" data={[{ value: 'AD_HOC', label: 'Ad hoc (agents add it)' }, { value: 'AUTO_APPLY', label: 'Auto-apply' }]} />
          <SelectField control={form.control} name="valueKind" label="Value kind" data={VALUE_KINDS.filter((k) => application === 'AD_HOC' || k !== 'AMOUNT_RANGE').map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
        </SimpleGrid>
        <SimpleGrid cols={3}>
          {kind === 'AMOUNT' && <TextInput label="Amount" {...form.register('amount')} error={err('amount')} />}
          {kind === 'AMOUNT_RANGE' && <TextInput label="Minimum amount" {...form.register('minAmount')} error={err('minAmount')} />}
          {kind === 'AMOUNT_RANGE' && <TextInput label="Maximum amount" description="per billing period" {...form.register('maxAmount')} error={err('maxAmount')} />}
          {kind === 'PERCENTAGE' && <TextInput label="Percentage" description="more than 0, at most 100" {...form.register('percentage')} error={err('percentage')} />}
          {kind === 'FREE_PERIOD' && (
            <Controller control={form.control} name="freePeriodDays" render={({ field }) => (
              <NumberInput label="Free days" min={1} value={field.value} onChange={(v) => field.onChange(String(v))} error={err('freePeriodDays')} />
            )} />
          )}
          {(kind === 'AMOUNT' || kind === 'AMOUNT_RANGE') && <TextInput label="Currency" {...form.register('currency')} error={err('currency')} />}
        </SimpleGrid>
        <SimpleGrid cols={2}>
          <TextInput label="Effective date" placeholder="YYYY-MM-DD" {...form.register('effectiveDate')} error={err('effectiveDate')} />
          <TextInput label="Expiration date (inclusive, optional)" placeholder="YYYY-MM-DD" {...form.register('expirationDate')} error={err('expirationDate')} />
        </SimpleGrid>
        <SimpleGrid cols={2}>
          <SelectField control={form.control} name="duration" label="Duration of each discount" data={[{ value: 'ONCE_OFF', label: 'Once off' }, { value: 'FIXED_DATE', label: 'Until a fixed date' }, { value: 'FLEXIBLE', label: 'Flexible (agent picks dates)' }]} />
          {duration === 'FIXED_DATE' && <TextInput label="Runs until (inclusive)" placeholder="YYYY-MM-DD" {...form.register('durationUntil')} error={err('durationUntil')} />}
        </SimpleGrid>
        <SimpleGrid cols={3}>
          <TextInput label="At most (per customer)" description="optional" {...form.register('maxApplications')} error={err('maxApplications')} />
          <TextInput label="Within (rolling)" description="number of periods" {...form.register('periodCount')} error={err('periodCount')} />
          <SelectField control={form.control} name="periodUnit" label="Period unit" data={[...UNITS]} />
        </SimpleGrid>
        {application === 'AD_HOC' && (
          <SimpleGrid cols={2}>
            <SelectField control={form.control} name="approvalMethod" label="Approval" data={[...METHODS]} />
            {method === 'MANUAL' && <SelectField control={form.control} name="approvalUnitId" label="Approval unit" data={(data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))} />}
          </SimpleGrid>
        )}
        {target === 'SUBSCRIPTION' && <MultiSelectField control={form.control} name="billingFrequencies" label="Billing frequencies (empty: any)" data={[...FREQUENCIES]} />}
        <SimpleGrid cols={2}>
          <MultiSelectField control={form.control} name="productIds" label="Products (empty: any)" data={(data?.products ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))} />
          <MultiSelectField control={form.control} name="productTypeIds" label="Product types (empty: any)" data={(data?.productTypes ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          <MultiSelectField control={form.control} name="includedSegmentIds" label="Included segments" data={segmentOptions} />
          <MultiSelectField control={form.control} name="excludedSegmentIds" label="Excluded segments" data={segmentOptions} />
        </SimpleGrid>
        <Text size="xs" c="dimmed">Dates are whole days: a definition expiring on 31/12 can be used all of 31 December.</Text>
      </FormModal>
    </>
  );
}

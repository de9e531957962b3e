import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Card, Group, List, Loader, NativeSelect, SimpleGrid, Stack, Stepper, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState } from 'react';
import { useForm, useWatch, type Path } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { z } from 'zod';
import { applyApiErrors, errorMessage } from '../../app/api-errors';
import { confirmAction } from '../../components/confirm';
import { PageHeader } from '../../components/PageHeader';
import { MultiSelectField } from '../../components/SelectField';
import { ActivateCampaign, ConflictsQuery, CreateCampaign, TargetingOptionsQuery } from './queries';
import { showInZone, timeZones, utcToZoned, zonedToUtc } from './time';

const decimal = z.string().trim().regex(/^(\d+(\.\d+)?)?$/, 'A decimal number such as 12.50');
const count = z.string().trim().regex(/^\d*$/, 'A whole number');
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'A date and time');

const schema = z
  .object({
    name: z.string().trim().min(1, 'Give the campaign a name'),
    discountKind: z.enum(['PERCENTAGE', 'AMOUNT']),
    percentage: decimal,
    amount: decimal,
    maxDiscount: decimal,
    currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'A three-letter currency code'),
    budgetPeriod: z.enum(['NONE', 'MONTH', 'TOTAL']),
    budgetAmount: decimal,
    pauseThreshold: decimal,
    maxRedemptionsPerCode: count,
    maxRedemptionsPerCustomer: count,
    maxRedemptions: count,
    maxIssued: count,
    minSpend: decimal,
    includedSegmentIds: z.array(z.string()),
    excludedSegmentIds: z.array(z.string()),
    productIds: z.array(z.string()),
    productTypeIds: z.array(z.string()),
    allowedUnitIds: z.array(z.string()),
    stacking: z.enum(['EXCLUSIVE', 'STACKABLE']),
    stackingGroup: z.string().trim(),
    maxCodesPerOrder: count,
    timezone: z.string().min(1, 'Pick a time zone'),
    startsAt: localDateTime,
    expiresAt: localDateTime,
  })
  .superRefine((v, ctx) => {
    if (v.discountKind === 'PERCENTAGE' && !v.percentage) ctx.addIssue({ code: 'custom', path: ['percentage'], message: 'A percentage discount needs the percentage' });
    if (v.discountKind === 'AMOUNT' && !v.amount) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'A fixed discount needs the amount' });
    if (v.budgetPeriod !== 'NONE' && !v.budgetAmount) ctx.addIssue({ code: 'custom', path: ['budgetAmount'], message: 'Give the budget per period' });
    if (v.stacking === 'STACKABLE' && !v.stackingGroup) ctx.addIssue({ code: 'custom', path: ['stackingGroup'], message: 'Stackable codes stack within a group: name it' });
    if (v.startsAt && v.expiresAt && v.expiresAt <= v.startsAt) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'The hard expiry must come after the start' });
  });

type Values = z.input<typeof schema>;
type Output = z.output<typeof schema>;

const STEPS: { label: string; fields: Path<Values>[] }[] = [
  { label: 'Discount', fields: ['name', 'discountKind', 'percentage', 'amount', 'maxDiscount', 'currency'] },
  { label: 'Budget & limits', fields: ['budgetPeriod', 'budgetAmount', 'pauseThreshold', 'maxRedemptionsPerCode', 'maxRedemptionsPerCustomer', 'maxRedemptions', 'maxIssued', 'minSpend'] },
  { label: 'Targeting', fields: ['includedSegmentIds', 'excludedSegmentIds', 'productIds', 'productTypeIds', 'allowedUnitIds'] },
  { label: 'Stacking', fields: ['stacking', 'stackingGroup', 'maxCodesPerOrder'] },
  { label: 'Dates', fields: ['timezone', 'startsAt', 'expiresAt'] },
];

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function defaults(): Values {
  const now = new Date();
  const start = utcToZoned(now.toISOString(), browserZone);
  const end = utcToZoned(new Date(now.getTime() + 30 * 86_400_000).toISOString(), browserZone).slice(0, 10) + 'T23:59';
  return {
    name: '',
    discountKind: 'PERCENTAGE',
    percentage: '',
    amount: '',
    maxDiscount: '',
    currency: 'EUR',
    budgetPeriod: 'MONTH',
    budgetAmount: '',
    pauseThreshold: '',
    maxRedemptionsPerCode: '1',
    maxRedemptionsPerCustomer: '',
    maxRedemptions: '',
    maxIssued: '',
    minSpend: '',
    includedSegmentIds: [],
    excludedSegmentIds: [],
    productIds: [],
    productTypeIds: [],
    allowedUnitIds: [],
    stacking: 'EXCLUSIVE',
    stackingGroup: '',
    maxCodesPerOrder: '',
    timezone: browserZone,
    startsAt: start,
    expiresAt: end,
  };
}

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());
const intOrNull = (v: string) => (v.trim() === '' ? null : Number(v));

function toInput(v: Output) {
  return {
    name: v.name,
    kind: 'DISCOUNT_CODE' as const,
    discountKind: v.discountKind,
    percentage: v.discountKind === 'PERCENTAGE' ? orNull(v.percentage) : null,
    amount: v.discountKind === 'AMOUNT' ? orNull(v.amount) : null,
    maxDiscount: v.discountKind === 'PERCENTAGE' ? orNull(v.maxDiscount) : null,
    currency: v.currency,
    budget: v.budgetPeriod === 'NONE' ? null : { period: v.budgetPeriod, amount: v.budgetAmount, pauseThreshold: orNull(v.pauseThreshold) },
    maxRedemptionsPerCode: intOrNull(v.maxRedemptionsPerCode),
    maxRedemptionsPerCustomer: intOrNull(v.maxRedemptionsPerCustomer),
    maxRedemptions: intOrNull(v.maxRedemptions),
    maxIssued: intOrNull(v.maxIssued),
    minSpend: orNull(v.minSpend),
    includedSegmentIds: v.includedSegmentIds,
    excludedSegmentIds: v.excludedSegmentIds,
    productIds: v.productIds,
    productTypeIds: v.productTypeIds,
    allowedUnitIds: v.allowedUnitIds,
    stacking: v.stacking,
    stackingGroup: orNull(v.stackingGroup),
    maxCodesPerOrder: intOrNull(v.maxCodesPerOrder),
    timezone: v.timezone,
    startsAt: zonedToUtc(v.startsAt, v.timezone),
    expiresAt: zonedToUtc(v.expiresAt, v.timezone),
  };
}

/** `/campaigns/new`: a step-by-step campaign, created as DRAFT, then the conflict check before activation. */
export function CampaignWizard() {
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values, unknown, Output>({ resolver: zodResolver(schema as never) as never, defaultValues: defaults(), mode: 'onTouched' });
  const [{ data: options }] = useQuery({ query: TargetingOptionsQuery });
  const [{ fetching: creating }, create] = useMutation(CreateCampaign);
  const zones = useMemo(() => timeZones(), []);
  const { register, formState } = form;
  const errors = formState.errors;
  const values = useWatch({ control: form.control }) as Values;

  const next = async () => {
    if (await form.trigger(STEPS[step]!.fields)) setStep((s) => s + 1);
  };
  const submit = form.handleSubmit(async (v) => {
    setFormError(null);
    const result = await create({ input: toInput(v) });
    if (result.error) {
      // the API names budget fields `input.budget.amount` / `input.budget.pauseThreshold`; the form keeps them flat
      for (const e of result.error.graphQLErrors) {
        const field = e.extensions?.field;
        const flat = field === 'input.budget.amount' ? 'input.budgetAmount' : field === 'input.budget.pauseThreshold' ? 'input.pauseThreshold' : null;
        if (flat) form.setError(flat.slice(6) as Path<Values>, { type: 'server', message: e.message.replace(`${String(field)}: `, '') });
      }
      const general = applyApiErrors(
        { ...result.error, graphQLErrors: result.error.graphQLErrors.filter((e) => !String(e.extensions?.field ?? '').startsWith('input.budget.')) } as typeof result.error,
        form.setError as never,
        Object.keys(defaults()),
      );
      setFormError(general);
      const failed = STEPS.findIndex((s) => s.fields.some((f) => form.getFieldState(f).error));
      if (failed >= 0) setStep(failed);
      return;
    }
    if (result.data) {
      notifications.show({ color: 'green', message: `Campaign "${result.data.createCampaign.name}" created as a draft` });
      setCreated({ id: result.data.createCampaign.id, name: result.data.createCampaign.name });
      setStep(STEPS.length + 1);
    }
  });

  const select = (list: { id: string; name: string; code?: string }[] | undefined) => (list ?? []).map((o) => ({ value: o.id, label: o.code ? `${o.code} · ${o.name}` : o.name }));

  return (
    <>
      <PageHeader title="New campaign" />
      <Stepper active={step} onStepClick={(s) => !created && s < step && setStep(s)} size="sm" mb="lg">
        <Stepper.Step label="Discount">
          <Stack maw={560}>
            <TextInput label="Name" {...register('name')} error={errors.name?.message} />
            <NativeSelect label="Discount kind" data={[{ value: 'PERCENTAGE', label: 'Percentage (optional cap)' }, { value: 'AMOUNT', label: 'Fixed amount' }]} {...register('discountKind')} />
            {values.discountKind === 'PERCENTAGE' ? (
              <SimpleGrid cols={2}>
                <TextInput label="Percentage" rightSection="%" {...register('percentage')} error={errors.percentage?.message} />
                <TextInput label="Cap per redemption (optional)" {...register('maxDiscount')} error={errors.maxDiscount?.message} />
              </SimpleGrid>
            ) : (
              <TextInput label="Amount" {...register('amount')} error={errors.amount?.message} />
            )}
            <TextInput label="Currency" maw={120} {...register('currency')} error={errors.currency?.message} />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Budget & limits">
          <Stack maw={560}>
            <SimpleGrid cols={2}>
              <NativeSelect label="Budget period" data={[{ value: 'MONTH', label: 'Per calendar month' }, { value: 'TOTAL', label: 'For the whole campaign' }, { value: 'NONE', label: 'No budget' }]} {...register('budgetPeriod')} />
              {values.budgetPeriod !== 'NONE' && <TextInput label="Budget amount" description="A hard ceiling: never exceeded" {...register('budgetAmount')} error={errors.budgetAmount?.message} />}
            </SimpleGrid>
            {values.budgetPeriod !== 'NONE' && <TextInput label="Pause below (optional)" description="Pause the campaign when the remaining budget falls below this" {...register('pauseThreshold')} error={errors.pauseThreshold?.message} />}
            <SimpleGrid cols={2}>
              <TextInput label="Redemptions per code" {...register('maxRedemptionsPerCode')} error={errors.maxRedemptionsPerCode?.message} />
              <TextInput label="Redemptions per customer" {...register('maxRedemptionsPerCustomer')} error={errors.maxRedemptionsPerCustomer?.message} />
              <TextInput label="Redemptions in total" {...register('maxRedemptions')} error={errors.maxRedemptions?.message} />
              <TextInput label="Codes issued at most" {...register('maxIssued')} error={errors.maxIssued?.message} />
            </SimpleGrid>
            <TextInput label="Minimum spend (optional)" {...register('minSpend')} error={errors.minSpend?.message} />
            <Text size="xs" c="dimmed">
              Leave a limit empty for no limit.
            </Text>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Targeting">
          <Stack maw={560}>
            <MultiSelectField control={form.control} name="includedSegmentIds" label="Customer segments (empty: everyone)" data={select(options?.segments)} />
            <MultiSelectField control={form.control} name="excludedSegmentIds" label="Excluded segments" data={select(options?.segments)} />
            <MultiSelectField control={form.control} name="productIds" label="Products (empty: all)" data={select(options?.products)} />
            <MultiSelectField control={form.control} name="productTypeIds" label="Product types" data={select(options?.productTypes)} />
            <MultiSelectField control={form.control} name="allowedUnitIds" label="Stores (empty: everywhere)" data={select(options?.units)} />
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Stacking">
          <Stack maw={560}>
            <NativeSelect label="Stacking" data={[{ value: 'EXCLUSIVE', label: 'Exclusive: no other code on the order' }, { value: 'STACKABLE', label: 'Stackable within a group' }]} {...register('stacking')} />
            {values.stacking === 'STACKABLE' && (
              <SimpleGrid cols={2}>
                <TextInput label="Stacking group" {...register('stackingGroup')} error={errors.stackingGroup?.message} />
                <TextInput label="Codes per order at most" {...register('maxCodesPerOrder')} error={errors.maxCodesPerOrder?.message} />
              </SimpleGrid>
            )}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Dates">
          <Stack maw={560}>
            <NativeSelect label="Time zone" description="Dates are entered and shown in it; a MONTH budget runs by its calendar months" data={zones} {...register('timezone')} error={errors.timezone?.message} />
            <SimpleGrid cols={2}>
              <TextInput type="datetime-local" label="Starts at" {...register('startsAt')} error={errors.startsAt?.message} />
              <TextInput type="datetime-local" label="Hard expiry" description="Codes are valid strictly before it" {...register('expiresAt')} error={errors.expiresAt?.message} />
            </SimpleGrid>
            {!errors.expiresAt && values.expiresAt && values.timezone && (
              <Text size="sm" c="dimmed">
                Expires at {zonedToUtc(values.expiresAt, values.timezone).replace('.000Z', 'Z')} (UTC)
              </Text>
            )}
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Review">
          <Review values={values} />
        </Stepper.Step>
        <Stepper.Completed>{created && <ConflictCheck id={created.id} name={created.name} onDone={(id) => navigate(`/campaigns/${id}`)} />}</Stepper.Completed>
      </Stepper>
      {formError && (
        <Alert color="red" role="alert" mb="md">
          {formError}
        </Alert>
      )}
      {!created && (
        <Group>
          {step > 0 && (
            <Button variant="default" onClick={() => setStep((s) => s - 1)}>
              Back
            </Button>
          )}
          {step < STEPS.length ? (
            <Button onClick={() => void next()}>Next</Button>
          ) : (
            <Button loading={creating} onClick={() => void submit()}>
              Create campaign
            </Button>
          )}
        </Group>
      )}
    </>
  );
}

function Review({ values }: { values: Values }) {
  const lines: [string, string][] = [
    ['Name', values.name],
    ['Discount', values.discountKind === 'PERCENTAGE' ? `${values.percentage}%${values.maxDiscount ? ` (at most ${values.maxDiscount} ${values.currency})` : ''}` : `${values.amount} ${values.currency}`],
    ['Budget', values.budgetPeriod === 'NONE' ? 'none' : `${values.budgetAmount} ${values.currency} ${values.budgetPeriod === 'MONTH' ? 'per month' : 'in total'}`],
    ['Limits', `per code ${values.maxRedemptionsPerCode || '∞'}, per customer ${values.maxRedemptionsPerCustomer || '∞'}, total ${values.maxRedemptions || '∞'}`],
    ['Stacking', values.stacking === 'STACKABLE' ? `stackable in "${values.stackingGroup}"` : 'exclusive'],
    ['Dates', `${values.startsAt.replace('T', ' ')} → ${values.expiresAt.replace('T', ' ')} (${values.timezone})`],
  ];
  return (
    <Card withBorder maw={640}>
      <Title order={4} mb="sm">
        Review
      </Title>
      {lines.map(([k, v]) => (
        <Group key={k} gap="xs">
          <Text fw={600} w={100}>
            {k}
          </Text>
          <Text>{v}</Text>
        </Group>
      ))}
      <Text size="sm" c="dimmed" mt="sm">
        The campaign is created as a draft; the conflict check comes next, before activation.
      </Text>
    </Card>
  );
}

/** Other ACTIVE campaigns overlapping in time, audience and products, then activation (confirmed). */
export function ConflictCheck({ id, name, onDone }: { id: string; name: string; onDone: (id: string) => void }) {
  const [{ data, fetching, error }] = useQuery({ query: ConflictsQuery, variables: { id }, requestPolicy: 'network-only' });
  const [{ fetching: activating }, activate] = useMutation(ActivateCampaign);
  const [activateError, setActivateError] = useState<string | null>(null);
  const conflicts = data?.campaignConflicts ?? [];
  const run = () =>
    confirmAction('Activate campaign', `Activate "${name}"? Its codes become redeemable${conflicts.length ? ` next to ${conflicts.length} conflicting campaign(s)` : ''}.`, () => {
      void activate({ id }).then((result) => {
        if (result.error) return setActivateError(errorMessage(result.error));
        notifications.show({ color: 'green', message: `"${name}" is active` });
        onDone(id);
      });
    });
  return (
    <Card withBorder maw={720} aria-label="Conflict check">
      <Title order={4} mb="sm">
        Conflict check
      </Title>
      {fetching && !data && <Loader size="sm" aria-label="Checking conflicts" />}
      {error && <Alert color="red">{errorMessage(error)}</Alert>}
      {data && conflicts.length === 0 && (
        <Alert color="green" mb="sm">
          No other active campaign overlaps this one in time, audience and products.
        </Alert>
      )}
      {conflicts.length > 0 && (
        <Alert color="yellow" mb="sm" title={`${conflicts.length} active campaign(s) overlap`}>
          <List>
            {conflicts.map((c) => (
              <List.Item key={c.campaign.id}>
                <Text fw={600} span>
                  {c.campaign.name}
                </Text>{' '}
                ({showInZone(c.campaign.startsAt, 'UTC')} → {showInZone(c.campaign.expiresAt, 'UTC')}): {c.reasons.join('; ')}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {activateError && (
        <Alert color="red" role="alert" mb="sm">
          {activateError}
        </Alert>
      )}
      <Group>
        <Button loading={activating} onClick={run} disabled={!data}>
          Activate
        </Button>
        <Button variant="default" onClick={() => onDone(id)}>
          Keep as draft
        </Button>
      </Group>
    </Card>
  );
}

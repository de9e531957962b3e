import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { z } from 'zod';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { confirmAction } from '../../components/confirm';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { SelectField } from '../../components/SelectField';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql, type ResultOf } from '../../graphql';
import { CustomerFields, customerInput, customerSchema, emptyCustomer } from './CustomerFields';
import { emptyLine, LinesField, lineSchema, linesProps } from './LinesField';

const CustomerQuery = graphql(`
  query CustomerDetail($id: ID!) {
    customer(id: $id) { id name email birthday nameDay signedUpAt region blacklisted blacklistReason addresses { area city district active } }
    subscriptions(customerId: $id) { id billingFrequency effectiveDate services { id isMain product { id name } price { amount currency } } }
    jobs(customerId: $id) { id orderDate expectedCompletionDate actualCompletionDate lines { id product { id name } price { amount currency } } }
    products { id code name }
  }
`);
const UpdateCustomer = graphql(`
  mutation UpdateCustomer($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { id } }
`);
const SetBlacklisted = graphql(`
  mutation SetBlacklisted($customerId: ID!, $blacklisted: Boolean!, $reason: String) {
    setCustomerBlacklisted(customerId: $customerId, blacklisted: $blacklisted, reason: $reason) { id blacklisted blacklistReason }
  }
`);
const CreateSubscription = graphql(`
  mutation CreateSubscription($input: CreateSubscriptionInput!) { createSubscription(input: $input) { id } }
`);
const CreateJob = graphql(`
  mutation CreateJob($input: CreateJobInput!) { createJob(input: $input) { id } }
`);
const CompleteJob = graphql(`
  mutation CompleteJob($id: ID!, $date: LocalDate!) { completeJob(id: $id, actualCompletionDate: $date) { id actualCompletionDate } }
`);

type JobRow = ResultOf<typeof CustomerQuery>['jobs'][number];
type Money = { amount: string; currency: string };

const FREQUENCIES = ['MONTHLY', 'QUARTERLY', 'ANNUALLY'] as const;
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD');
const currency = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'A three-letter currency code');
const today = () => new Date().toISOString().slice(0, 10);
const money = (m: Money) => `${m.amount} ${m.currency}`;

/** One customer: details and addresses, blacklisting, subscriptions and jobs. */
export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: CustomerQuery, variables: { id } });
  const [dialog, setDialog] = useState<'edit' | 'blacklist' | 'subscription' | 'job' | null>(null);
  const [completing, setCompleting] = useState<JobRow | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const done = () => {
    setDialog(null);
    setCompleting(null);
    reload();
  };

  const blacklist = useMutationForm({
    schema: z.object({ reason: z.string().trim().min(3, 'Give a reason (at least 3 characters)').max(500) }),
    defaultValues: { reason: '' },
    mutation: SetBlacklisted,
    toVariables: (v) => ({ customerId: id, blacklisted: true, reason: v.reason }),
    success: 'Customer blacklisted',
    onDone: done,
  });
  const unblacklist = useMutationForm({
    schema: z.object({}),
    defaultValues: {},
    mutation: SetBlacklisted,
    toVariables: () => ({ customerId: id, blacklisted: false, reason: null }),
    success: 'Customer taken off the blacklist',
    onDone: done,
  });
  const edit = useMutationForm({
    schema: customerSchema,
    defaultValues: emptyCustomer,
    mutation: UpdateCustomer,
    toVariables: (v) => ({ id, input: customerInput(v) }),
    success: 'Customer saved',
    onDone: done,
  });
  const subscription = useMutationForm({
    schema: z.object({
      billingFrequency: z.enum(FREQUENCIES),
      effectiveDate: date,
      currency,
      lines: z
        .array(lineSchema)
        .min(1, 'Add a service')
        .refine((lines) => lines.filter((l) => l.isMain).length === 1, 'Mark exactly one service as the main one'),
    }),
    defaultValues: { billingFrequency: 'MONTHLY', effectiveDate: today(), currency: 'EUR', lines: [emptyLine(true)] },
    mutation: CreateSubscription,
    toVariables: (v) => ({ input: { customerId: id, billingFrequency: v.billingFrequency, effectiveDate: v.effectiveDate, currency: v.currency, services: v.lines } }),
    apiFieldAliases: { services: 'lines' },
    success: 'Subscription created',
    onDone: done,
  });
  const job = useMutationForm({
    schema: z
      .object({ orderDate: date, expectedCompletionDate: date, currency, lines: z.array(lineSchema).min(1, 'Add a line') })
      .refine((v) => v.expectedCompletionDate >= v.orderDate, { path: ['expectedCompletionDate'], message: 'Not before the order date' }),
    defaultValues: { orderDate: today(), expectedCompletionDate: today(), currency: 'EUR', lines: [emptyLine()] },
    mutation: CreateJob,
    toVariables: (v) => ({
      input: { customerId: id, orderDate: v.orderDate, expectedCompletionDate: v.expectedCompletionDate, currency: v.currency, lines: v.lines.map((l) => ({ productId: l.productId, price: l.price })) },
    }),
    success: 'Job created',
    onDone: done,
  });
  const complete = useMutationForm({
    schema: z.object({ actualCompletionDate: date }),
    defaultValues: { actualCompletionDate: today() },
    mutation: CompleteJob,
    toVariables: (v) => ({ id: completing?.id ?? '', date: v.actualCompletionDate }),
    success: 'Job completed',
    onDone: done,
  });

  if (error) return <Alert color="red" title="Could not load">{errorMessage(error)}</Alert>;
  if (fetching && !data) return <Text>Loading…</Text>;
  const customer = data?.customer;
  if (!customer) {
    return (
      <Stack>
        <Title order={3}>Customer not found</Title>
        <Anchor component={Link} to="/customers">Back to customers</Anchor>
      </Stack>
    );
  }
  const productOptions = (data?.products ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }));
  const canBlacklist = ability.can('blacklist', 'Customer');
  // Additive discounts (features/discounts): the target's ad hoc discounts, "add discount" and the bill preview.
  const canDiscount = ability.can('read', 'AdditiveDiscountDefinition') || ability.can('preview', 'Bill');
  return (
    <>
      <Anchor component={Link} to="/customers" size="sm">← Customers</Anchor>
      <PageHeader title={customer.name}>
        {customer.blacklisted && <Badge color="red" size="lg">Blacklisted</Badge>}
        {ability.can('update', 'Customer') && (
          <Button
            variant="default"
            onClick={() => {
              edit.form.reset({
                name: customer.name,
                email: customer.email ?? '',
                region: customer.region ?? '',
                birthday: customer.birthday ?? '',
                nameDay: customer.nameDay ?? '',
                addresses: customer.addresses.map((a) => ({ area: a.area ?? '', city: a.city ?? '', district: a.district ?? '', active: a.active })),
              });
              setDialog('edit');
            }}
          >
            Edit
          </Button>
        )}
        {canBlacklist && !customer.blacklisted && <Button color="red" variant="light" onClick={() => setDialog('blacklist')}>Blacklist…</Button>}
        {canBlacklist && customer.blacklisted && (
          <Button variant="light" loading={unblacklist.fetching} onClick={() => confirmAction('Take off the blacklist', `${customer.name} may receive promotions again.`, () => void unblacklist.submit())}>
            Un-blacklist
          </Button>
        )}
      </PageHeader>
      {unblacklist.formError && <Alert color="red" mb="sm">{unblacklist.formError}</Alert>}
      <SimpleGrid cols={{ base: 1, md: 2 }} mb="lg">
        <Card withBorder>
          <Title order={4} mb="xs">Details</Title>
          <Text size="sm">E-mail: {customer.email ?? '—'}</Text>
          <Text size="sm">Region: {customer.region ?? '—'}</Text>
          <Text size="sm">Birthday: {customer.birthday ?? '—'} · name day: {customer.nameDay ?? '—'}</Text>
          <Text size="sm">Signed up: {new Date(customer.signedUpAt).toLocaleDateString()}</Text>
          {customer.blacklisted && <Text size="sm" c="red">Blacklisted: {customer.blacklistReason ?? 'no reason given'}</Text>}
        </Card>
        <Card withBorder>
          <Title order={4} mb="xs">Addresses</Title>
          {customer.addresses.length === 0 && <Text size="sm" c="dimmed">No addresses.</Text>}
          {customer.addresses.map((a, i) => (
            <Text size="sm" key={i} c={a.active ? undefined : 'dimmed'}>
              {[a.area, a.city, a.district].filter(Boolean).join(', ') || '—'} {a.active ? '' : '(inactive)'}
            </Text>
          ))}
        </Card>
      </SimpleGrid>

      <Group justify="space-between" mb="xs">
        <Title order={3}>Subscriptions</Title>
        {ability.can('create', 'Subscription') && <Button size="xs" onClick={() => setDialog('subscription')}>New subscription</Button>}
      </Group>
      <Table striped aria-label="subscriptions" mb="lg">
        <Table.Thead>
          <Table.Tr><Table.Th>Billing</Table.Th><Table.Th>Effective</Table.Th><Table.Th>Services</Table.Th><Table.Th /></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.subscriptions.length === 0 && <Table.Tr><Table.Td colSpan={4}><Text c="dimmed">No subscriptions.</Text></Table.Td></Table.Tr>}
          {data.subscriptions.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.billingFrequency}</Table.Td>
              <Table.Td>{s.effectiveDate}</Table.Td>
              <Table.Td>{s.services.map((x) => `${x.product.name} ${money(x.price)}${x.isMain ? ' (main)' : ''}`).join('; ')}</Table.Td>
              <Table.Td>{canDiscount && <Anchor component={Link} to={`/discounts/subscriptions/${s.id}`} size="sm">Discounts &amp; bill</Anchor>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Group justify="space-between" mb="xs">
        <Title order={3}>Jobs</Title>
        {ability.can('create', 'Job') && <Button size="xs" onClick={() => setDialog('job')}>New job</Button>}
      </Group>
      <Table striped aria-label="jobs">
        <Table.Thead>
          <Table.Tr><Table.Th>Ordered</Table.Th><Table.Th>Expected</Table.Th><Table.Th>Completed</Table.Th><Table.Th>Lines</Table.Th><Table.Th /></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.jobs.length === 0 && <Table.Tr><Table.Td colSpan={5}><Text c="dimmed">No jobs.</Text></Table.Td></Table.Tr>}
          {data.jobs.map((j) => (
            <Table.Tr key={j.id}>
              <Table.Td>{j.orderDate}</Table.Td>
              <Table.Td>{j.expectedCompletionDate}</Table.Td>
              <Table.Td>{j.actualCompletionDate ?? <Badge variant="light" color="yellow">open</Badge>}</Table.Td>
              <Table.Td>{j.lines.map((l) => `${l.product.name} ${money(l.price)}`).join('; ')}</Table.Td>
              <Table.Td>
                {canDiscount && <Anchor component={Link} to={`/discounts/jobs/${j.id}`} size="sm" mr="xs">Discounts &amp; bill</Anchor>}
                {!j.actualCompletionDate && ability.can('update', 'Job') && (
                  <Button size="xs" variant="light" onClick={() => { complete.form.reset({ actualCompletionDate: today() }); setCompleting(j); }}>
                    Complete…
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <FormModal size="xl" title={`Edit ${customer.name}`} opened={dialog === 'edit'} onClose={() => setDialog(null)} onSubmit={edit.submit} submitting={edit.fetching} formError={edit.formError}>
        <CustomerFields form={edit.form} />
      </FormModal>
      <FormModal title={`Blacklist ${customer.name}`} opened={dialog === 'blacklist'} onClose={() => setDialog(null)} onSubmit={blacklist.submit} submitting={blacklist.fetching} formError={blacklist.formError} submitLabel="Blacklist">
        <Text size="sm">A blacklisted customer receives no promotions until taken off the list.</Text>
        <Textarea label="Reason" data-autofocus {...blacklist.form.register('reason')} error={blacklist.form.formState.errors.reason?.message} />
      </FormModal>
      <FormModal title="New subscription" opened={dialog === 'subscription'} onClose={() => setDialog(null)} onSubmit={subscription.submit} submitting={subscription.fetching} formError={subscription.formError} submitLabel="Create">
        <SelectField control={subscription.form.control} name="billingFrequency" label="Billing frequency" data={[...FREQUENCIES]} />
        <TextInput label="Effective date" placeholder="YYYY-MM-DD" {...subscription.form.register('effectiveDate')} error={subscription.form.formState.errors.effectiveDate?.message} />
        <TextInput label="Currency" {...subscription.form.register('currency')} error={subscription.form.formState.errors.currency?.message} />
        <LinesField label="Services" withMain products={productOptions} {...linesProps(subscription.form)} />
      </FormModal>
      <FormModal title="New job" opened={dialog === 'job'} onClose={() => setDialog(null)} onSubmit={job.submit} submitting={job.fetching} formError={job.formError} submitLabel="Create">
        <TextInput label="Order date" placeholder="YYYY-MM-DD" {...job.form.register('orderDate')} error={job.form.formState.errors.orderDate?.message} />
        <TextInput label="Expected completion date" placeholder="YYYY-MM-DD" {...job.form.register('expectedCompletionDate')} error={job.form.formState.errors.expectedCompletionDate?.message} />
        <TextInput label="Currency" {...job.form.register('currency')} error={job.form.formState.errors.currency?.message} />
        <LinesField label="Lines" products={productOptions} {...linesProps(job.form)} />
      </FormModal>
      <FormModal title="Complete job" opened={completing !== null} onClose={() => setCompleting(null)} onSubmit={complete.submit} submitting={complete.fetching} formError={complete.formError} submitLabel="Complete">
        <TextInput label="Actual completion date" placeholder="YYYY-MM-DD" data-autofocus {...complete.form.register('actualCompletionDate')} error={complete.form.formState.errors.actualCompletionDate?.message} />
      </FormModal>
    </>
  );
}

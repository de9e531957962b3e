import { Badge, Button, Group, MultiSelect, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { z } from 'zod';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { MultiSelectField, SelectField } from '../../components/SelectField';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql } from '../../graphql';
import { classificationOptions, humanize, PERCENTAGE_CLASSIFICATIONS, WEEKDAYS } from './format';

const ConfigQuery = graphql(`
  query RewardConfig {
    rewardSchemes { id name code currency timezone description ownedByGroup { id name } }
    rewardOfferTypes { id name classification allowedCategories { id name } }
    rewardOfferCategories { id name }
    rewardOfferTemplates { id name classification award { kind amount percentage } spendConditions { days hourRanges { from to } } ownedByGroup { id name } }
    rewardsDefinition { isSet allowedOfferTypes { id } }
  }
`);
const CreateScheme = graphql(`
  mutation CreateRewardScheme($input: CreateRewardSchemeInput!) { createRewardScheme(input: $input) { id } }
`);
const CreateCategory = graphql(`
  mutation CreateRewardOfferCategory($name: String!) { createRewardOfferCategory(name: $name) { id } }
`);
const CreateType = graphql(`
  mutation CreateRewardOfferType($input: CreateRewardOfferTypeInput!) { createRewardOfferType(input: $input) { id } }
`);
const CreateTemplate = graphql(`
  mutation CreateRewardOfferTemplate($input: CreateRewardOfferTemplateInput!) { createRewardOfferTemplate(input: $input) { id } }
`);
const SetDefinition = graphql(`
  mutation SetRewardsDefinition($ids: [ID!]!) { setRewardsDefinition(allowedOfferTypeIds: $ids) { isSet allowedOfferTypes { id } } }
`);

const name = z.string().trim().min(1, 'Enter a name').max(200);
const decimal = z.string().trim().regex(/^(\d+(\.\d+)?)?$/, 'A decimal number, e.g. 5.00');
const schemeSchema = z.object({
  name,
  code: z.string().trim().max(64),
  currency: z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'A three-letter currency code'),
  timezone: z.string().trim().min(1, 'An IANA time zone, e.g. Europe/Athens'),
  description: z.string().trim().max(2000),
});
const typeSchema = z.object({ name, classification: z.string().min(1, 'Pick a classification'), allowedCategoryIds: z.array(z.string()) });
const templateSchema = z
  .object({
    name,
    classification: z.string().min(1, 'Pick a classification'),
    awardKind: z.string(),
    value: decimal,
    days: z.array(z.string()),
    hoursFrom: z.string().regex(/^(\d{2}:\d{2})?$/, 'HH:MM'),
    hoursTo: z.string().regex(/^(\d{2}:\d{2})?$/, 'HH:MM'),
  })
  .refine((v) => !v.awardKind || v.value, { path: ['value'], message: 'Enter the award' })
  .refine((v) => !v.hoursFrom === !v.hoursTo, { path: ['hoursTo'], message: 'Give both ends of the hour range' });

type Dialog = 'scheme' | 'type' | 'category' | 'template' | null;

/** Reward schemes, offer types with their classification and categories, templates, and the rewards definition. */
export function RewardConfigPage() {
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ConfigQuery });
  const [tab, setTab] = useState<string | null>('schemes');
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const done = () => {
    close();
    reload();
  };
  const categories = data?.rewardOfferCategories ?? [];
  const types = data?.rewardOfferTypes ?? [];
  const failed = errorMessage(error);
  return (
    <>
      <PageHeader title="Schemes, types & templates">
        {ability.can('create', 'RewardScheme') && <Button variant="default" onClick={() => setDialog('scheme')}>New scheme</Button>}
        {ability.can('create', 'RewardOfferCategory') && <Button variant="default" onClick={() => setDialog('category')}>New category</Button>}
        {ability.can('create', 'RewardOfferType') && <Button variant="default" onClick={() => setDialog('type')}>New offer type</Button>}
        {ability.can('create', 'RewardOfferTemplate') && <Button onClick={() => setDialog('template')}>New template</Button>}
      </PageHeader>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="md">
          <Tabs.Tab value="schemes">Schemes ({data?.rewardSchemes.length ?? 0})</Tabs.Tab>
          <Tabs.Tab value="types">Offer types ({types.length})</Tabs.Tab>
          <Tabs.Tab value="categories">Categories ({categories.length})</Tabs.Tab>
          <Tabs.Tab value="templates">Templates ({data?.rewardOfferTemplates.length ?? 0})</Tabs.Tab>
          <Tabs.Tab value="definition">Rewards definition</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="schemes">
          <ResourceTable
            label="reward schemes"
            rows={data?.rewardSchemes}
            fetching={fetching}
            error={failed}
            rowKey={(s) => s.id}
            searchText={(s) => `${s.name} ${s.code ?? ''}`}
            emptyText="No reward schemes yet."
            columns={[
              { key: 'name', header: 'Name', render: (s) => s.name, sortValue: (s) => s.name.toLowerCase() },
              { key: 'code', header: 'Code', render: (s) => s.code ?? '—' },
              { key: 'currency', header: 'Currency', render: (s) => s.currency },
              { key: 'tz', header: 'Time zone', render: (s) => s.timezone },
              { key: 'owner', header: 'Owned by', render: (s) => s.ownedByGroup.name },
            ]}
          />
        </Tabs.Panel>
        <Tabs.Panel value="types">
          <ResourceTable
            label="offer types"
            rows={types}
            fetching={fetching}
            error={failed}
            rowKey={(t) => t.id}
            searchText={(t) => `${t.name} ${t.classification}`}
            emptyText="No offer types yet."
            columns={[
              { key: 'name', header: 'Name', render: (t) => t.name, sortValue: (t) => t.name.toLowerCase() },
              { key: 'classification', header: 'Classification', render: (t) => humanize(t.classification), sortValue: (t) => t.classification },
              { key: 'award', header: 'Awards', render: (t) => (PERCENTAGE_CLASSIFICATIONS.includes(t.classification) ? 'amount or percentage' : 'amount only') },
              { key: 'categories', header: 'Allowed categories', render: (t) => t.allowedCategories.map((c) => c.name).join(', ') || 'none' },
            ]}
          />
        </Tabs.Panel>
        <Tabs.Panel value="categories">
          <ResourceTable label="offer categories" rows={categories} fetching={fetching} error={failed} rowKey={(c) => c.id} searchText={(c) => c.name} emptyText="No categories yet." columns={[{ key: 'name', header: 'Name', render: (c) => c.name, sortValue: (c) => c.name.toLowerCase() }]} />
        </Tabs.Panel>
        <Tabs.Panel value="templates">
          <ResourceTable
            label="offer templates"
            rows={data?.rewardOfferTemplates}
            fetching={fetching}
            error={failed}
            rowKey={(t) => t.id}
            searchText={(t) => t.name}
            emptyText="No templates yet."
            columns={[
              { key: 'name', header: 'Name', render: (t) => t.name, sortValue: (t) => t.name.toLowerCase() },
              { key: 'classification', header: 'Classification', render: (t) => humanize(t.classification) },
              { key: 'award', header: 'Award', render: (t) => (t.award ? (t.award.kind === 'AMOUNT' ? t.award.amount : `${t.award.percentage} %`) : '—') },
              {
                key: 'spend',
                header: 'Spend conditions',
                render: (t) =>
                  [t.spendConditions?.days.map((d) => d.slice(0, 3).toLowerCase()).join(' '), t.spendConditions?.hourRanges.map((h) => `${h.from}–${h.to}`).join(', ')].filter(Boolean).join(' · ') || 'none',
              },
            ]}
          />
        </Tabs.Panel>
        <Tabs.Panel value="definition">{data && <DefinitionForm types={types} definition={data.rewardsDefinition} canEdit={ability.can('update', 'RewardsDefinition')} onSaved={reload} />}</Tabs.Panel>
      </Tabs>
      {dialog === 'scheme' && <SchemeDialog onClose={close} onDone={done} />}
      {dialog === 'category' && <CategoryDialog onClose={close} onDone={done} />}
      {dialog === 'type' && <TypeDialog categories={categories} onClose={close} onDone={done} />}
      {dialog === 'template' && <TemplateDialog onClose={close} onDone={done} />}
    </>
  );
}

function DefinitionForm({ types, definition, canEdit, onSaved }: { types: readonly { id: string; name: string; classification: string }[]; definition: { isSet: boolean; allowedOfferTypes: readonly { id: string }[] }; canEdit: boolean; onSaved: () => void }) {
  const [selected, setSelected] = useState<string[]>(definition.allowedOfferTypes.map((t) => t.id));
  const [{ fetching }, save] = useMutation(SetDefinition);
  const onSave = async () => {
    const result = await save({ ids: selected });
    if (result.error) notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(result.error) });
    else {
      notifications.show({ color: 'green', message: 'Rewards definition saved' });
      onSaved();
    }
  };
  return (
    <Stack maw={640}>
      <Text size="sm">
        Reward offers may only use the offer types the rewards definition allows.{' '}
        {!definition.isSet && <Badge color="yellow">Not set yet: every type is allowed</Badge>}
      </Text>
      <MultiSelect label="Allowed offer types" data={types.map((t) => ({ value: t.id, label: `${t.name} (${humanize(t.classification)})` }))} value={selected} onChange={setSelected} disabled={!canEdit} searchable />
      {canEdit && (
        <Group>
          <Button onClick={onSave} loading={fetching}>
            Save definition
          </Button>
        </Group>
      )}
    </Stack>
  );
}

interface DialogProps {
  onClose: () => void;
  onDone: () => void;
}

function SchemeDialog({ onClose, onDone }: DialogProps) {
  const { form, submit, fetching, formError } = useMutationForm({
    schema: schemeSchema,
    defaultValues: { name: '', code: '', currency: 'EUR', timezone: 'Europe/Athens', description: '' },
    mutation: CreateScheme,
    toVariables: (v) => ({ input: { name: v.name, code: v.code || null, currency: v.currency, timezone: v.timezone, description: v.description || null } }),
    success: 'Reward scheme created',
    onDone,
  });
  const e = form.formState.errors;
  return (
    <FormModal title="New reward scheme" opened onClose={onClose} onSubmit={submit} submitting={fetching} formError={formError} submitLabel="Create">
      <TextInput label="Name" data-autofocus {...form.register('name')} error={e.name?.message} />
      <TextInput label="Code (optional)" {...form.register('code')} error={e.code?.message} />
      <TextInput label="Currency" description="Of every award and spend in the scheme" {...form.register('currency')} error={e.currency?.message} />
      <TextInput label="Time zone" description="Weekdays, hours, birthdays, name days and recurring periods are read in it" {...form.register('timezone')} error={e.timezone?.message} />
      <TextInput label="Description (optional)" {...form.register('description')} error={e.description?.message} />
    </FormModal>
  );
}

function CategoryDialog({ onClose, onDone }: DialogProps) {
  const { form, submit, fetching, formError } = useMutationForm({
    schema: z.object({ name }),
    defaultValues: { name: '' },
    mutation: CreateCategory,
    toVariables: (v) => v,
    success: 'Category created',
    onDone,
  });
  return (
    <FormModal title="New offer category" opened onClose={onClose} onSubmit={submit} submitting={fetching} formError={formError} submitLabel="Create">
      <TextInput label="Name" data-autofocus {...form.register('name')} error={form.formState.errors.name?.message} />
    </FormModal>
  );
}

function TypeDialog({ categories, onClose, onDone }: DialogProps & { categories: readonly { id: string; name: string }[] }) {
  const { form, submit, fetching, formError } = useMutationForm({
    schema: typeSchema,
    defaultValues: { name: '', classification: '', allowedCategoryIds: [] },
    mutation: CreateType,
    toVariables: (v) => ({ input: { name: v.name, classification: v.classification as never, allowedCategoryIds: v.allowedCategoryIds } }),
    success: 'Offer type created',
    onDone,
  });
  return (
    <FormModal title="New offer type" opened onClose={onClose} onSubmit={submit} submitting={fetching} formError={formError} submitLabel="Create">
      <TextInput label="Name" data-autofocus {...form.register('name')} error={form.formState.errors.name?.message} />
      <SelectField control={form.control} name="classification" label="Classification" data={classificationOptions} description="Decides the award kinds its offers may use" />
      <MultiSelectField control={form.control} name="allowedCategoryIds" label="Allowed categories" data={categories.map((c) => ({ value: c.id, label: c.name }))} />
    </FormModal>
  );
}

function TemplateDialog({ onClose, onDone }: DialogProps) {
  const { form, submit, fetching, formError } = useMutationForm({
    schema: templateSchema,
    defaultValues: { name: '', classification: '', awardKind: 'AMOUNT', value: '', days: [], hoursFrom: '', hoursTo: '' },
    mutation: CreateTemplate,
    toVariables: (v) => ({
      input: {
        name: v.name,
        classification: v.classification as never,
        award: v.awardKind ? (v.awardKind === 'AMOUNT' ? { kind: 'AMOUNT' as const, amount: v.value } : { kind: 'PERCENTAGE' as const, percentage: v.value }) : null,
        spendConditions: { days: v.days as never[], hourRanges: v.hoursFrom ? [{ from: v.hoursFrom, to: v.hoursTo }] : [] },
      },
    }),
    success: 'Template created',
    onDone,
    apiFieldAliases: { award: 'value' },
  });
  const classification = form.watch('classification');
  const e = form.formState.errors;
  return (
    <FormModal title="New offer template" opened onClose={onClose} onSubmit={submit} submitting={fetching} formError={formError} submitLabel="Create">
      <TextInput label="Name" data-autofocus {...form.register('name')} error={e.name?.message} />
      <SelectField control={form.control} name="classification" label="Classification" data={classificationOptions} />
      <SelectField
        control={form.control}
        name="awardKind"
        label="Award"
        clearable
        data={[{ value: 'AMOUNT', label: 'A fixed amount' }, ...(PERCENTAGE_CLASSIFICATIONS.includes(classification) ? [{ value: 'PERCENTAGE', label: "A percentage of the event's amount" }] : [])]}
      />
      <TextInput label="Amount or percentage" inputMode="decimal" {...form.register('value')} error={e.value?.message} />
      <MultiSelectField control={form.control} name="days" label="Spendable on" data={WEEKDAYS.map((d) => ({ value: d, label: humanize(d) }))} description="No day picked: every day" />
      <Group grow>
        <TextInput label="Spendable from (HH:MM)" {...form.register('hoursFrom')} error={e.hoursFrom?.message} />
        <TextInput label="until (HH:MM)" {...form.register('hoursTo')} error={e.hoursTo?.message} />
      </Group>
    </FormModal>
  );
}

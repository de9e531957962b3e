import { Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { z } from 'zod';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { SelectField } from '../../components/SelectField';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql, type ResultOf } from '../../graphql';
import { GroupsQuery } from './GroupsPage';

const UnitsQuery = graphql(`
  query Units { units { id name timezone group { id name } } }
`);
const CreateUnit = graphql(`
  mutation CreateUnit($input: CreateUnitInput!) { createUnit(input: $input) { id } }
`);
const UpdateUnit = graphql(`
  mutation UpdateUnit($id: ID!, $input: UpdateUnitInput!) { updateUnit(id: $id, input: $input) { id } }
`);

type UnitRow = ResultOf<typeof UnitsQuery>['units'][number];
const timeZones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];
const zoneSchema = z.string().refine((z) => z === 'UTC' || timeZones.includes(z), 'Pick an IANA time zone');

export function UnitsPage() {
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: UnitsQuery });
  const [{ data: groups }] = useQuery({ query: GroupsQuery });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UnitRow | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const create = useMutationForm({
    schema: z.object({ name: z.string().trim().min(1, 'Enter a name'), groupId: z.string().min(1, 'Pick a group'), timezone: zoneSchema }),
    defaultValues: { name: '', groupId: '', timezone: 'UTC' },
    mutation: CreateUnit,
    toVariables: (v) => ({ input: v }),
    success: 'Unit created',
    onDone: () => {
      setCreating(false);
      reload();
    },
  });
  const edit = useMutationForm({
    schema: z.object({ name: z.string().trim().min(1, 'Enter a name'), timezone: zoneSchema }),
    defaultValues: { name: editing?.name ?? '', timezone: editing?.timezone ?? 'UTC' },
    mutation: UpdateUnit,
    toVariables: (v) => ({ id: editing?.id ?? '', input: v }),
    success: 'Unit saved',
    onDone: () => {
      setEditing(null);
      reload();
    },
  });
  const zoneField = (form: typeof create.form | typeof edit.form) => (
    <SelectField control={form.control as typeof create.form.control} name="timezone" label="Time zone (IANA)" data={timeZones} />
  );
  return (
    <>
      <PageHeader title="Units">{ability.can('create', 'Unit') && <Button onClick={() => setCreating(true)}>New unit</Button>}</PageHeader>
      <ResourceTable
        label="units"
        rows={data?.units}
        fetching={fetching}
        error={errorMessage(error)}
        rowKey={(u) => u.id}
        searchText={(u) => `${u.name} ${u.group.name}`}
        emptyText="No units yet."
        columns={[
          { key: 'name', header: 'Name', render: (u) => u.name, sortValue: (u) => u.name.toLowerCase() },
          { key: 'group', header: 'Group', render: (u) => u.group.name, sortValue: (u) => u.group.name.toLowerCase() },
          { key: 'tz', header: 'Time zone', render: (u) => u.timezone },
          {
            key: 'actions',
            header: '',
            render: (u) =>
              ability.can('update', 'Unit') && (
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => {
                    edit.form.reset({ name: u.name, timezone: u.timezone });
                    setEditing(u);
                  }}
                >
                  Edit
                </Button>
              ),
          },
        ]}
      />
      <FormModal title="New unit" opened={creating} onClose={() => setCreating(false)} onSubmit={create.submit} submitting={create.fetching} formError={create.formError} submitLabel="Create">
        <TextInput label="Name" {...create.form.register('name')} error={create.form.formState.errors.name?.message} />
        <SelectField control={create.form.control} name="groupId" label="Group" data={(groups?.groups ?? []).map((g) => ({ value: g.id, label: g.name }))} />
        {zoneField(create.form)}
      </FormModal>
      <FormModal title={`Edit ${editing?.name ?? ''}`} opened={editing !== null} onClose={() => setEditing(null)} onSubmit={edit.submit} submitting={edit.fetching} formError={edit.formError}>
        <TextInput label="Name" {...edit.form.register('name')} error={edit.form.formState.errors.name?.message} />
        {zoneField(edit.form)}
      </FormModal>
    </>
  );
}

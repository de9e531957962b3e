import { Button, Group as Row, MultiSelect, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Controller } from 'react-hook-form';
import { useQuery } from 'urql';
import { z } from 'zod';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql, type ResultOf } from '../../graphql';

export const GroupsQuery = graphql(`
  query Groups {
    groups { id name collaboratingGroups { id name } }
  }
`);
const CreateGroup = graphql(`
  mutation CreateGroup($input: CreateGroupInput!) { createGroup(input: $input) { id name } }
`);
const UpdateGroup = graphql(`
  mutation UpdateGroup($id: ID!, $input: UpdateGroupInput!) { updateGroup(id: $id, input: $input) { id name } }
`);
const SetCollaborators = graphql(`
  mutation SetCollaborators($groupId: ID!, $ids: [ID!]!) {
    setCollaboratingGroups(groupId: $groupId, collaboratingGroupIds: $ids) { id collaboratingGroups { id name } }
  }
`);

type GroupRow = ResultOf<typeof GroupsQuery>['groups'][number];
const nameSchema = z.object({ name: z.string().trim().min(1, 'Enter a name').max(200) });

export function GroupsPage() {
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: GroupsQuery });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<GroupRow | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const create = useMutationForm({
    schema: nameSchema,
    defaultValues: { name: '' },
    mutation: CreateGroup,
    toVariables: (v) => ({ input: v }),
    success: 'Group created',
    onDone: () => {
      setCreating(false);
      reload();
    },
  });

  return (
    <>
      <PageHeader title="Groups">
        {ability.can('create', 'Group') && <Button onClick={() => setCreating(true)}>New group</Button>}
      </PageHeader>
      <ResourceTable
        label="groups"
        rows={data?.groups}
        fetching={fetching}
        error={errorMessage(error)}
        rowKey={(g) => g.id}
        searchText={(g) => g.name}
        emptyText="No groups yet."
        columns={[
          { key: 'name', header: 'Name', render: (g) => g.name, sortValue: (g) => g.name.toLowerCase() },
          { key: 'collab', header: 'Collaborating groups (see what this group owns)', render: (g) => g.collaboratingGroups.map((c) => c.name).join(', ') || '—' },
          {
            key: 'actions',
            header: '',
            render: (g) => ability.can('update', 'Group') && <Button size="xs" variant="light" onClick={() => setEditing(g)}>Edit</Button>,
          },
        ]}
      />
      <FormModal title="New group" opened={creating} onClose={() => setCreating(false)} onSubmit={create.submit} submitting={create.fetching} formError={create.formError} submitLabel="Create">
        <TextInput label="Name" data-autofocus {...create.form.register('name')} error={create.form.formState.errors.name?.message} />
      </FormModal>
      {editing && <EditGroup group={editing} groups={data?.groups ?? []} onClose={() => setEditing(null)} onSaved={reload} />}
    </>
  );
}

function EditGroup({ group, groups, onClose, onSaved }: { group: GroupRow; groups: readonly GroupRow[]; onClose: () => void; onSaved: () => void }) {
  const rename = useMutationForm({
    schema: nameSchema,
    defaultValues: { name: group.name },
    mutation: UpdateGroup,
    toVariables: (v) => ({ id: group.id, input: v }),
    success: 'Group renamed',
    onDone: onSaved,
  });
  const collaborators = useMutationForm({
    schema: z.object({ ids: z.array(z.string()) }),
    defaultValues: { ids: group.collaboratingGroups.map((c) => c.id) },
    mutation: SetCollaborators,
    toVariables: (v) => ({ groupId: group.id, ids: v.ids }),
    success: 'Collaborating groups saved',
    onDone: () => {
      onSaved();
      onClose();
    },
  });
  return (
    <FormModal title={`Edit ${group.name}`} opened onClose={onClose} onSubmit={collaborators.submit} submitting={collaborators.fetching} formError={rename.formError ?? collaborators.formError}>
      <Row align="flex-end">
        <TextInput label="Name" style={{ flex: 1 }} {...rename.form.register('name')} error={rename.form.formState.errors.name?.message} />
        <Button variant="light" onClick={() => rename.submit()} loading={rename.fetching}>
          Rename
        </Button>
      </Row>
      <Controller
        control={collaborators.form.control}
        name="ids"
        render={({ field, fieldState }) => (
          <MultiSelect
            label="Collaborating groups"
            description="These groups see what this group owns"
            data={groups.filter((g) => g.id !== group.id).map((g) => ({ value: g.id, label: g.name }))}
            value={field.value}
            onChange={field.onChange}
            error={fieldState.error?.message}
            searchable
          />
        )}
      />
    </FormModal>
  );
}

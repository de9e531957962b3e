import { Badge, Button, Group as Row, PasswordInput, Switch, TextInput } from '@mantine/core';
import { ROLES } from '@perkflow/authz';
import { useState } from 'react';
import { Controller } from 'react-hook-form';
import { useMutation, useQuery } from 'urql';
import { z } from 'zod';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { confirmMutation } from '../../components/confirm';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { MultiSelectField, SelectField } from '../../components/SelectField';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql, type ResultOf } from '../../graphql';

const UsersQuery = graphql(`
  query Users { users { id email name roles active isSuperUser group { id name } unit { id name } privacyClearance { id name } } }
`);
const Options = graphql(`
  query UserFormOptions { groups { id name } units { id name group { id } } privacyLevels { id name rank } }
`);
const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id } }
`);
const UpdateUser = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id active } }
`);

type UserRow = ResultOf<typeof UsersQuery>['users'][number];
type Role = (typeof ROLES)[number];

const userSchema = z.object({
  email: z.string().trim().email('Enter an e-mail address'),
  name: z.string().trim().min(1, 'Enter a name'),
  password: z.string().min(8, 'At least 8 characters'),
  roles: z.array(z.string()).min(1, 'Pick at least one role'),
  groupId: z.string().min(1, 'Pick a group'),
  unitId: z.string(),
  privacyClearanceId: z.string(),
});

export function UsersPage() {
  const { ability, me } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: UsersQuery });
  const [{ data: options }] = useQuery({ query: Options });
  const [, setActive] = useMutation(UpdateUser);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const roleOptions = ROLES.filter((r) => r !== 'SUPER_USER' || me.isSuperUser);
  const create = useMutationForm({
    schema: userSchema,
    defaultValues: { email: '', name: '', password: '', roles: [], groupId: '', unitId: '', privacyClearanceId: '' },
    mutation: CreateUser,
    toVariables: (v) => ({ input: { ...v, roles: v.roles as Role[], unitId: v.unitId || null, privacyClearanceId: v.privacyClearanceId || null } }),
    success: 'User created',
    onDone: () => {
      setCreating(false);
      reload();
    },
  });
  const edit = useMutationForm({
    schema: z.object({
      name: z.string().trim().min(1, 'Enter a name'),
      roles: z.array(z.string()).min(1, 'Pick at least one role'),
      password: z.string().refine((p) => p === '' || p.length >= 8, 'At least 8 characters'),
      active: z.boolean(),
      groupId: z.string().min(1, 'Pick a group'),
      unitId: z.string(),
      privacyClearanceId: z.string(),
    }),
    defaultValues: { name: '', roles: [], password: '', active: true, groupId: '', unitId: '', privacyClearanceId: '' },
    mutation: UpdateUser,
    toVariables: (v) => ({
      id: editing?.id ?? '',
      input: {
        name: v.name,
        roles: v.roles as Role[],
        active: v.active,
        password: v.password || null,
        // Only what changed: moving a user or changing their clearance are separate decisions.
        ...(v.groupId !== editing?.group.id && { groupId: v.groupId }),
        ...(v.unitId !== (editing?.unit?.id ?? '') && (v.unitId ? { unitId: v.unitId } : { clearUnit: true })),
        ...(v.privacyClearanceId !== (editing?.privacyClearance?.id ?? '') && (v.privacyClearanceId ? { privacyClearanceId: v.privacyClearanceId } : { clearPrivacyClearance: true })),
      },
    }),
    success: 'User saved',
    onDone: () => {
      setEditing(null);
      reload();
    },
  });
  const groupId = create.form.watch('groupId');
  const editGroupId = edit.form.watch('groupId');
  const groupOptions = (options?.groups ?? []).map((g) => ({ value: g.id, label: g.name }));
  const unitOptions = (group: string) => (options?.units ?? []).filter((u) => u.group.id === group).map((u) => ({ value: u.id, label: u.name }));
  const clearanceOptions = (options?.privacyLevels ?? []).map((l) => ({ value: l.id, label: `${l.name} (${l.rank})` }));
  return (
    <>
      <PageHeader title="Users">{ability.can('create', 'User') && <Button onClick={() => setCreating(true)}>New user</Button>}</PageHeader>
      <ResourceTable
        label="users"
        rows={data?.users}
        fetching={fetching}
        error={errorMessage(error)}
        rowKey={(u) => u.id}
        searchText={(u) => `${u.name} ${u.email} ${u.roles.join(' ')} ${u.group.name}`}
        emptyText="No users yet."
        columns={[
          { key: 'name', header: 'Name', render: (u) => u.name, sortValue: (u) => u.name.toLowerCase() },
          { key: 'email', header: 'E-mail', render: (u) => u.email, sortValue: (u) => u.email },
          { key: 'roles', header: 'Roles', render: (u) => <Row gap={4}>{u.roles.map((r) => <Badge key={r} size="sm" variant="light">{r}</Badge>)}</Row> },
          { key: 'group', header: 'Group / unit', render: (u) => `${u.group.name}${u.unit ? ` / ${u.unit.name}` : ''}`, sortValue: (u) => u.group.name },
          { key: 'clearance', header: 'Clearance', render: (u) => u.privacyClearance?.name ?? '—' },
          { key: 'active', header: 'Active', render: (u) => (u.active ? 'yes' : 'no') },
          {
            key: 'actions',
            header: '',
            render: (u) =>
              ability.can('update', 'User') && (!u.isSuperUser || me.isSuperUser) && (
                <Row gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => {
                      edit.form.reset({ name: u.name, roles: [...u.roles], password: '', active: u.active, groupId: u.group.id, unitId: u.unit?.id ?? '', privacyClearanceId: u.privacyClearance?.id ?? '' });
                      setEditing(u);
                    }}
                  >
                    Edit
                  </Button>
                  {u.id !== me.id && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color={u.active ? 'red' : 'green'}
                      onClick={() =>
                        confirmMutation(
                          u.active ? 'Deactivate user' : 'Reactivate user',
                          u.active ? `${u.email} can no longer sign in, and their API keys stop working.` : `${u.email} may sign in again.`,
                          () => setActive({ id: u.id, input: { active: !u.active } }),
                          { success: u.active ? 'User deactivated' : 'User reactivated', onDone: reload },
                        )
                      }
                    >
                      {u.active ? 'Deactivate' : 'Reactivate'}
                    </Button>
                  )}
                </Row>
              ),
          },
        ]}
      />
      <FormModal title="New user" opened={creating} onClose={() => setCreating(false)} onSubmit={create.submit} submitting={create.fetching} formError={create.formError} submitLabel="Create">
        <TextInput label="E-mail" {...create.form.register('email')} error={create.form.formState.errors.email?.message} />
        <TextInput label="Name" {...create.form.register('name')} error={create.form.formState.errors.name?.message} />
        <PasswordInput label="Password" {...create.form.register('password')} error={create.form.formState.errors.password?.message} />
        <MultiSelectField control={create.form.control} name="roles" label="Roles" data={roleOptions} />
        <SelectField control={create.form.control} name="groupId" label="Group" data={groupOptions} />
        <SelectField control={create.form.control} name="unitId" label="Unit (optional)" clearable data={unitOptions(groupId)} />
        <SelectField control={create.form.control} name="privacyClearanceId" label="Privacy clearance (optional)" clearable data={clearanceOptions} />
      </FormModal>
      <FormModal title={`Edit ${editing?.email ?? ''}`} opened={editing !== null} onClose={() => setEditing(null)} onSubmit={edit.submit} submitting={edit.fetching} formError={edit.formError}>
        <TextInput label="Name" {...edit.form.register('name')} error={edit.form.formState.errors.name?.message} />
        <MultiSelectField control={edit.form.control} name="roles" label="Roles" data={roleOptions} />
        <SelectField control={edit.form.control} name="groupId" label="Group" data={groupOptions} />
        <SelectField control={edit.form.control} name="unitId" label="Unit (optional)" clearable data={unitOptions(editGroupId)} />
        <SelectField control={edit.form.control} name="privacyClearanceId" label="Privacy clearance (optional)" clearable data={clearanceOptions} />
        <PasswordInput label="New password (leave empty to keep)" {...edit.form.register('password')} error={edit.form.formState.errors.password?.message} />
        <Controller control={edit.form.control} name="active" render={({ field }) => <Switch label="Active (may sign in)" checked={field.value} onChange={(e) => field.onChange(e.currentTarget.checked)} />} />
      </FormModal>
    </>
  );
}

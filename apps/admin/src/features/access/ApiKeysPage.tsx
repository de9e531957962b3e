import { Alert, Button, Code, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { z } from 'zod';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { confirmMutation } from '../../components/confirm';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { SelectField } from '../../components/SelectField';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql } from '../../graphql';

const KeysQuery = graphql(`
  query ApiKeys { apiKeys { id name createdAt revokedAt lastUsedAt user { id email } } users { id email roles active } }
`);
const CreateKey = graphql(`
  mutation CreateApiKey($name: String!, $userId: ID!) { createApiKey(name: $name, userId: $userId) { id secret } }
`);
const RevokeKey = graphql(`
  mutation RevokeApiKey($id: ID!) { revokeApiKey(id: $id) }
`);

export function ApiKeysPage() {
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: KeysQuery });
  const [, revoke] = useMutation(RevokeKey);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const create = useMutationForm({
    schema: z.object({ name: z.string().trim().min(1, 'Enter a name'), userId: z.string().min(1, 'Pick a portal user') }),
    defaultValues: { name: '', userId: '' },
    mutation: CreateKey,
    toVariables: (v) => v,
    success: 'API key created',
    onDone: (d) => {
      setSecret(d.createApiKey.secret ?? null);
      setCreating(false);
      reload();
    },
  });
  return (
    <>
      <PageHeader title="API keys">{ability.can('create', 'ApiKey') && <Button onClick={() => setCreating(true)}>New API key</Button>}</PageHeader>
      {secret && (
        <Alert color="yellow" title="Copy the key now: it is shown only once" withCloseButton onClose={() => setSecret(null)} mb="md">
          <Code block>{secret}</Code>
        </Alert>
      )}
      <ResourceTable
        label="API keys"
        rows={data?.apiKeys}
        fetching={fetching}
        error={errorMessage(error)}
        rowKey={(k) => k.id}
        searchText={(k) => `${k.name} ${k.user.email}`}
        emptyText="No API keys yet."
        columns={[
          { key: 'name', header: 'Name', render: (k) => k.name, sortValue: (k) => k.name },
          { key: 'user', header: 'Portal user', render: (k) => k.user.email },
          { key: 'created', header: 'Created', render: (k) => new Date(k.createdAt).toLocaleString(), sortValue: (k) => k.createdAt },
          { key: 'used', header: 'Last used', render: (k) => (k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : '—') },
          {
            key: 'state',
            header: '',
            render: (k) =>
              k.revokedAt ? (
                'revoked'
              ) : (
                <Button size="xs" color="red" variant="light" onClick={() => confirmMutation('Revoke API key', `Revoke "${k.name}"? Clients using it stop working at once.`, () => revoke({ id: k.id }), { success: 'API key revoked', onDone: reload })}>
                  Revoke
                </Button>
              ),
          },
        ]}
      />
      <FormModal title="New API key" opened={creating} onClose={() => setCreating(false)} onSubmit={create.submit} submitting={create.fetching} formError={create.formError} submitLabel="Create">
        <TextInput label="Name" {...create.form.register('name')} error={create.form.formState.errors.name?.message} />
        <SelectField control={create.form.control} name="userId" label="Portal user" data={(data?.users ?? []).filter((u) => u.active && u.roles.includes('PORTAL')).map((u) => ({ value: u.id, label: u.email }))} />
      </FormModal>
    </>
  );
}

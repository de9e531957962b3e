import { Alert, Anchor, Badge, Button, Center, Loader, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link, Route, Routes } from 'react-router';
import { useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { CursorPager, useCursorPages } from '../../components/CursorPager';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql } from '../../graphql';
import { CustomerDetailPage } from './CustomerDetailPage';
import { CustomerFields, customerInput, customerSchema, emptyCustomer } from './CustomerFields';

const CustomersQuery = graphql(`
  query Customers($search: String, $after: String) {
    customers(search: $search, first: 25, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id name email region signedUpAt blacklisted }
    }
  }
`);
const CreateCustomer = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }
`);

/** `/customers` (the list) and `/customers/:id` (one customer). */
export function CustomersSection() {
  return (
    <Routes>
      <Route index element={<CustomersPage />} />
      <Route path=":id" element={<CustomerDetailPage />} />
    </Routes>
  );
}

function CustomersPage() {
  const { ability } = useViewer();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const pages = useCursorPages();
  const [creating, setCreating] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({ query: CustomersQuery, variables: { search: debounced || null, after: pages.after } });
  const create = useMutationForm({
    schema: customerSchema,
    defaultValues: emptyCustomer,
    mutation: CreateCustomer,
    toVariables: (v) => ({ input: customerInput(v) }),
    success: 'Customer created',
    onDone: () => {
      setCreating(false);
      refetch({ requestPolicy: 'network-only' });
    },
  });
  const connection = data?.customers;
  return (
    <>
      <PageHeader title="Customers">{ability.can('create', 'Customer') && <Button onClick={() => setCreating(true)}>New customer</Button>}</PageHeader>
      <TextInput
        aria-label="Search customers"
        placeholder="Search by name or e-mail…"
        value={search}
        onChange={(e) => {
          setSearch(e.currentTarget.value);
          pages.reset();
        }}
        mb="sm"
        maw={360}
      />
      {error && (
        <Alert color="red" title="Could not load" mb="sm">
          {errorMessage(error)}
        </Alert>
      )}
      {fetching && !connection ? (
        <Center p="xl">
          <Loader aria-label="Loading" />
        </Center>
      ) : (
        <Table striped highlightOnHover aria-label="customers">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>E-mail</Table.Th>
              <Table.Th>Region</Table.Th>
              <Table.Th>Signed up</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connection?.nodes.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/customers/${c.id}`}>
                    {c.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.email ?? '—'}</Table.Td>
                <Table.Td>{c.region ?? '—'}</Table.Td>
                <Table.Td>{new Date(c.signedUpAt).toLocaleDateString()}</Table.Td>
                <Table.Td>{c.blacklisted ? <Badge color="red">Blacklisted</Badge> : <Badge variant="light">Active</Badge>}</Table.Td>
              </Table.Tr>
            ))}
            {connection?.nodes.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text c="dimmed">{debounced ? 'No customer matches the search.' : 'No customers yet.'}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}
      <CursorPager pages={pages} pageInfo={connection?.pageInfo} totalCount={connection?.totalCount} />
      <FormModal size="xl" title="New customer" opened={creating} onClose={() => setCreating(false)} onSubmit={create.submit} submitting={create.fetching} formError={create.formError} submitLabel="Create">
        <CustomerFields form={create.form} />
      </FormModal>
    </>
  );
}

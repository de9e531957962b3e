import { Alert, Center, Group, Loader, Pagination, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** Makes the column sortable by clicking its header. */
  sortValue?: (row: T) => string | number;
}

interface Props<T> {
  rows: readonly T[] | undefined;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** Text a row is searched by; omit for no search box. */
  searchText?: (row: T) => string;
  fetching?: boolean;
  error?: string | null;
  emptyText: string;
  pageSize?: number;
  label: string;
}

/** A list with search, sorting, pagination and loading, error and empty states. */
export function ResourceTable<T>({ rows, columns, rowKey, searchText, fetching, error, emptyText, pageSize = 20, label }: Props<T>) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<{ key: string; asc: boolean } | null>(null);
  const [page, setPage] = useState(1);
  const visible = useMemo(() => {
    let list = [...(rows ?? [])];
    if (search && searchText) {
      const needle = search.toLowerCase();
      list = list.filter((r) => searchText(r).toLowerCase().includes(needle));
    }
    const column = sort && columns.find((c) => c.key === sort.key);
    if (sort && column?.sortValue) {
      const value = column.sortValue;
      list.sort((a, b) => {
        const x = value(a);
        const y = value(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (sort.asc ? 1 : -1);
      });
    }
    return list;
  }, [rows, search, searchText, sort, columns]);
  const pages = Math.max(1, Math.ceil(visible.length / pageSize));
  const current = Math.min(page, pages);
  const shown = visible.slice((current - 1) * pageSize, current * pageSize);

  return (
    <>
      {searchText && (
        <TextInput
          aria-label={`Search ${label}`}
          placeholder="Search…"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setPage(1);
          }}
          mb="sm"
          maw={320}
        />
      )}
      {error && (
        <Alert color="red" title="Could not load" mb="sm">
          {error}
        </Alert>
      )}
      {fetching && !rows ? (
        <Center p="xl">
          <Loader aria-label="Loading" />
        </Center>
      ) : (
        <Table striped highlightOnHover aria-label={label}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.key} aria-sort={sort?.key === c.key ? (sort.asc ? 'ascending' : 'descending') : undefined}>
                  {c.sortValue ? (
                    <UnstyledButton onClick={() => setSort((s) => ({ key: c.key, asc: s?.key === c.key ? !s.asc : true }))}>
                      <Text fw={700} size="sm">
                        {c.header} {sort?.key === c.key ? (sort.asc ? '▲' : '▼') : ''}
                      </Text>
                    </UnstyledButton>
                  ) : (
                    c.header
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((row) => (
              <Table.Tr key={rowKey(row)}>
                {columns.map((c) => (
                  <Table.Td key={c.key}>{c.render(row)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
            {shown.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={columns.length}>
                  <Text c="dimmed">{search ? 'Nothing matches the search.' : emptyText}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}
      {pages > 1 && (
        <Group justify="flex-end" mt="sm">
          <Pagination total={pages} value={current} onChange={setPage} />
        </Group>
      )}
    </>
  );
}

import { Anchor, Badge, Button, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link, Route, Routes } from 'react-router';
import { useQuery } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { CursorPager, useCursorPages } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { graphql } from '../../graphql';
import { classificationOptions, dateTime, humanize } from './format';
import { OfferEditorPage } from './OfferEditor';

const OffersQuery = graphql(`
  query RewardOffers($filter: RewardOfferFilter, $after: String) {
    rewardOffers(filter: $filter, first: 25, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id number name alternativeCode classification lifeCycleState latestEffectiveDate evaluationMethod scheme { id name } type { id name } category { id name } award { kind amount percentage } }
    }
    rewardSchemes { id name }
    rewardOfferTypes { id name }
  }
`);

/** `/reward-offers` (the list), `/reward-offers/new` and `/reward-offers/:id` (the editor). */
export function RewardOffersSection() {
  return (
    <Routes>
      <Route index element={<OffersPage />} />
      <Route path="new" element={<OfferEditorPage />} />
      <Route path=":id" element={<OfferEditorPage />} />
    </Routes>
  );
}

function OffersPage() {
  const { ability } = useViewer();
  const pages = useCursorPages();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [filters, setFilters] = useState<{ schemeId: string | null; typeId: string | null; classification: string | null; lifeCycleState: string | null; evaluationMethod: string | null }>({
    schemeId: null,
    typeId: null,
    classification: null,
    lifeCycleState: null,
    evaluationMethod: null,
  });
  const filter = { ...filters, search: debounced || null } as never;
  const [{ data, fetching, error }] = useQuery({ query: OffersQuery, variables: { filter, after: pages.after }, requestPolicy: 'cache-and-network' });
  const setFilter = (key: keyof typeof filters) => (value: string | null) => {
    setFilters((f) => ({ ...f, [key]: value }));
    pages.reset();
  };
  const connection = data?.rewardOffers;
  return (
    <>
      <PageHeader title="Reward offers">
        {ability.can('create', 'RewardOffer') && (
          <Button component={Link} to="new">
            New offer
          </Button>
        )}
      </PageHeader>
      <Group mb="sm" align="flex-end">
        <TextInput
          aria-label="Search offers"
          label="Search"
          placeholder="Name, code or number…"
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            pages.reset();
          }}
          w={220}
        />
        <Select label="Scheme" clearable data={(data?.rewardSchemes ?? []).map((s) => ({ value: s.id, label: s.name }))} value={filters.schemeId} onChange={setFilter('schemeId')} w={180} />
        <Select label="Type" clearable data={(data?.rewardOfferTypes ?? []).map((t) => ({ value: t.id, label: t.name }))} value={filters.typeId} onChange={setFilter('typeId')} w={180} />
        <Select label="Classification" clearable data={classificationOptions} value={filters.classification} onChange={setFilter('classification')} w={220} />
        <Select label="Life cycle" clearable data={[{ value: 'EFFECTIVE', label: 'Effective' }, { value: 'NOT_EFFECTIVE', label: 'Not effective' }]} value={filters.lifeCycleState} onChange={setFilter('lifeCycleState')} w={150} />
        <Select label="Evaluation" clearable data={[{ value: 'BATCH', label: 'Batch (reward run)' }, { value: 'IMMEDIATE', label: 'Immediate' }]} value={filters.evaluationMethod} onChange={setFilter('evaluationMethod')} w={170} />
      </Group>
      <ResourceTable
        label="reward offers"
        rows={connection?.nodes}
        fetching={fetching && !data}
        error={errorMessage(error)}
        rowKey={(o) => o.id}
        pageSize={25}
        emptyText="No reward offers match."
        columns={[
          {
            key: 'number',
            header: 'Number',
            render: (o) => (
              <Anchor component={Link} to={o.id}>
                {o.number}
              </Anchor>
            ),
          },
          { key: 'name', header: 'Name', render: (o) => o.name },
          { key: 'code', header: 'Code', render: (o) => o.alternativeCode ?? '—' },
          { key: 'scheme', header: 'Scheme', render: (o) => o.scheme.name },
          { key: 'type', header: 'Type', render: (o) => `${o.type.name} · ${humanize(o.classification)}` },
          { key: 'award', header: 'Award', render: (o) => (o.award.kind === 'AMOUNT' ? o.award.amount : o.award.kind === 'PERCENTAGE' ? `${o.award.percentage} %` : `${o.award.percentage} % of awarded`) },
          { key: 'method', header: 'Evaluation', render: (o) => humanize(o.evaluationMethod) },
          {
            key: 'state',
            header: 'Life cycle',
            render: (o) => (
              <Group gap={4}>
                <Badge color={o.lifeCycleState === 'EFFECTIVE' ? 'green' : 'gray'}>{humanize(o.lifeCycleState)}</Badge>
                {o.latestEffectiveDate && <span title="Latest effective date">{dateTime(o.latestEffectiveDate)}</span>}
              </Group>
            ),
          },
        ]}
      />
      <CursorPager pages={pages} pageInfo={connection?.pageInfo} totalCount={connection?.totalCount} />
    </>
  );
}

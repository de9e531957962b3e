import { Alert, Badge, Button, Code, Group, Loader, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Controller } from 'react-hook-form';
import { useClient, useMutation, useQuery } from 'urql';
import { z } from 'zod';
import { applyApiErrors, errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { confirmMutation } from '../../components/confirm';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { SelectField } from '../../components/SelectField';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql, readFragment, type FragmentOf, type ResultOf } from '../../graphql';

const SegmentsQuery = graphql(`
  query Segments { segments { id name entity rule memberIds } }
`);
const CreateSegment = graphql(`
  mutation CreateSegment($input: CreateSegmentInput!) { createSegment(input: $input) { id } }
`);
const DeleteSegment = graphql(`
  mutation DeleteSegment($id: ID!) { deleteSegment(id: $id) }
`);
const MemberPageFields = graphql(`
  fragment MemberPageFields on SegmentMemberPage {
    entity
    totalCount
    memberIds
    customers { id name }
    subscriptions { id billingFrequency customer { name } }
    jobs { id orderDate expectedCompletionDate actualCompletionDate customer { name } }
  }
`);
const SegmentMembers = graphql(
  `
    query SegmentMembers($segmentId: ID!) { segmentMembers(segmentId: $segmentId, first: 20) { ...MemberPageFields } }
  `,
  [MemberPageFields],
);
const PreviewSegment = graphql(
  `
    query PreviewSegment($entity: SegmentEntity!, $rule: JSONObject!) { previewSegment(entity: $entity, rule: $rule, first: 20) { ...MemberPageFields } }
  `,
  [MemberPageFields],
);

type SegmentRow = ResultOf<typeof SegmentsQuery>['segments'][number];
const ENTITIES = ['CUSTOMER', 'SUBSCRIPTION', 'JOB'] as const;
const LATE_JOB = '{\n  ">": [{ "var": "actualCompletionDate" }, { "var": "expectedCompletionDate" }]\n}';

/** Parses a JsonLogic rule typed as JSON: it must be one JSON object. */
export function parseRule(text: string): { rule: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'A rule is a JSON object, e.g. {"==": [{"var": "region"}, "North"]}' };
  return { rule: value as Record<string, unknown> };
}

const splitIds = (text: string) => text.split(/[\s,]+/).filter(Boolean);

const segmentSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name').max(200),
    entity: z.enum(ENTITIES),
    kind: z.enum(['dynamic', 'static']),
    rule: z.string(),
    memberIds: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'dynamic') {
      const parsed = parseRule(v.rule);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', path: ['rule'], message: parsed.error });
    } else if (splitIds(v.memberIds).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['memberIds'], message: 'List at least one member id' });
    }
  });

/** Segments: static (explicit members) or dynamic (a JsonLogic rule over the entity's facts). */
export function SegmentsPage() {
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: SegmentsQuery });
  const [creating, setCreating] = useState(false);
  const [preview, setPreview] = useState<SegmentRow | null>(null);
  const create = useMutationForm({
    schema: segmentSchema,
    defaultValues: { name: '', entity: 'JOB', kind: 'dynamic', rule: LATE_JOB, memberIds: '' },
    mutation: CreateSegment,
    toVariables: (v) => ({
      input: {
        name: v.name,
        entity: v.entity,
        rule: v.kind === 'dynamic' ? (parseRule(v.rule) as { rule: Record<string, unknown> }).rule : null,
        memberIds: v.kind === 'static' ? splitIds(v.memberIds) : null,
      },
    }),
    success: 'Segment created',
    onDone: () => {
      setCreating(false);
      refetch({ requestPolicy: 'network-only' });
    },
  });
  const kind = create.form.watch('kind');
  const client = useClient();
  const [, deleteSegment] = useMutation(DeleteSegment);
  const [previewing, setPreviewing] = useState<{ fetching: boolean; page?: FragmentOf<typeof MemberPageFields> }>({ fetching: false });
  /** Validates the rule as JSON here, then asks the API which records it matches (the API validates it as on save). */
  const previewRule = async () => {
    const values = create.form.getValues();
    const parsed = parseRule(values.rule);
    if ('error' in parsed) {
      create.form.setError('rule', { type: 'client', message: parsed.error });
      return;
    }
    create.form.clearErrors('rule');
    setPreviewing({ fetching: true });
    const result = await client.query(PreviewSegment, { entity: values.entity, rule: parsed.rule }, { requestPolicy: 'network-only' }).toPromise();
    create.setFormError(applyApiErrors(result.error, create.form.setError, ['rule', 'entity']));
    setPreviewing({ fetching: false, page: result.data?.previewSegment });
  };
  return (
    <>
      <PageHeader title="Segments">{ability.can('create', 'Segment') && <Button onClick={() => setCreating(true)}>New segment</Button>}</PageHeader>
      <ResourceTable
        label="segments"
        rows={data?.segments}
        fetching={fetching}
        error={errorMessage(error)}
        rowKey={(s) => s.id}
        searchText={(s) => `${s.name} ${s.entity}`}
        emptyText="No segments yet."
        columns={[
          { key: 'name', header: 'Name', render: (s) => s.name, sortValue: (s) => s.name.toLowerCase() },
          { key: 'entity', header: 'Of', render: (s) => s.entity, sortValue: (s) => s.entity },
          { key: 'kind', header: 'Kind', render: (s) => (s.rule ? <Badge variant="light">dynamic</Badge> : <Badge variant="light" color="gray">static · {s.memberIds.length}</Badge>) },
          {
            key: 'actions',
            header: '',
            render: (s) => (
              <Group gap="xs" justify="flex-end">
                <Button size="xs" variant="subtle" onClick={() => setPreview(s)}>
                  Members
                </Button>
                {ability.can('delete', 'Segment') && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => confirmMutation('Delete segment', `Delete "${s.name}"? Promotions using it lose it.`, () => deleteSegment({ id: s.id }), { success: 'Segment deleted', onDone: () => refetch({ requestPolicy: 'network-only' }) })}>
                    Delete
                  </Button>
                )}
              </Group>
            ),
          },
        ]}
      />
      <Modal opened={preview !== null} onClose={() => setPreview(null)} title={preview?.name} size="lg">
        {preview && (
          <Stack>
            {preview.rule ? (
              <>
                <Text size="sm">Dynamic: the {preview.entity.toLowerCase()}s whose facts satisfy this rule now.</Text>
                <Code block>{JSON.stringify(preview.rule, null, 2)}</Code>
              </>
            ) : (
              <Text size="sm">Static: explicit {preview.entity.toLowerCase()}s.</Text>
            )}
            <SavedSegmentMembers segment={preview} />
          </Stack>
        )}
      </Modal>
      <FormModal title="New segment" opened={creating} onClose={() => setCreating(false)} onSubmit={create.submit} submitting={create.fetching} formError={create.formError} submitLabel="Create">
        <TextInput label="Name" data-autofocus {...create.form.register('name')} error={create.form.formState.errors.name?.message} />
        <SelectField control={create.form.control} name="entity" label="Members are" data={ENTITIES.map((e) => ({ value: e, label: e.toLowerCase() + 's' }))} />
        <Controller
          control={create.form.control}
          name="kind"
          render={({ field }) => (
            <SegmentedControl aria-label="Kind" value={field.value} onChange={field.onChange} data={[{ value: 'dynamic', label: 'Dynamic (rule)' }, { value: 'static', label: 'Static (members)' }]} />
          )}
        />
        {kind === 'dynamic' ? (
          <>
            <Textarea
              label="Rule (JsonLogic)"
              description='Facts by their contract names, e.g. {"var": "actualCompletionDate"}'
              autosize
              minRows={4}
              styles={{ input: { fontFamily: 'monospace' } }}
              {...create.form.register('rule')}
              error={create.form.formState.errors.rule?.message}
            />
            <Group>
              <Button variant="default" size="xs" loading={previewing.fetching} onClick={() => void previewRule()}>
                Preview members
              </Button>
            </Group>
            {previewing.page && <Members page={previewing.page} />}
          </>
        ) : (
          <Textarea label="Member ids" description="Separated by commas, spaces or new lines" autosize minRows={3} {...create.form.register('memberIds')} error={create.form.formState.errors.memberIds?.message} />
        )}
      </FormModal>
    </>
  );
}

/** The first members of a segment (or of a rule being edited), by name, with the total. */
function Members({ page }: { page: FragmentOf<typeof MemberPageFields> }) {
  const m = readFragment(MemberPageFields, page);
  const labels =
    m.entity === 'CUSTOMER'
      ? m.customers.map((c) => c.name)
      : m.entity === 'JOB'
        ? m.jobs.map((j) => `${j.customer.name}: ordered ${j.orderDate}, expected ${j.expectedCompletionDate}, done ${j.actualCompletionDate ?? '—'}`)
        : m.subscriptions.map((x) => `${x.customer.name}: ${x.billingFrequency.toLowerCase()}`);
  return (
    <Stack gap={4} data-testid="segment-members">
      <Text size="sm" fw={600}>
        {m.totalCount} member{m.totalCount === 1 ? '' : 's'}
        {m.totalCount > labels.length ? ` (first ${labels.length} shown)` : ''}
      </Text>
      {labels.map((l, i) => (
        <Text size="sm" key={i}>
          {l}
        </Text>
      ))}
    </Stack>
  );
}

function SavedSegmentMembers({ segment }: { segment: SegmentRow }) {
  const [{ data, fetching, error }] = useQuery({ query: SegmentMembers, variables: { segmentId: segment.id } });
  if (error) return <Alert color="red">{errorMessage(error)}</Alert>;
  if (fetching || !data) return <Loader size="sm" aria-label="Loading members" />;
  return <Members page={data.segmentMembers} />;
}

import { Alert, Badge, Button, Code, Group, Loader, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Controller, type UseFormReturn } from 'react-hook-form';
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
const UpdateSegment = graphql(`
  mutation UpdateSegment($id: ID!, $input: UpdateSegmentInput!) { updateSegment(id: $id, input: $input) { id } }
`);
const DeleteSegment = graphql(`
  mutation DeleteSegment($id: ID!) { deleteSegment(id: $id) }
`);
const MemberPageFields = graphql(`
  fragment MemberPageFields on SegmentMemberPage {
    entity
    totalCount
    complete
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
const ruleOf = (v: { kind: string; rule: string }) => (v.kind === 'dynamic' ? (parseRule(v.rule) as { rule: Record<string, unknown> }).rule : null);

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
  const [dialog, setDialog] = useState<SegmentRow | 'new' | null>(null);
  const [members, setMembers] = useState<SegmentRow | null>(null);
  const [, deleteSegment] = useMutation(DeleteSegment);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const saved = () => {
    setDialog(null);
    reload();
  };
  return (
    <>
      <PageHeader title="Segments">{ability.can('create', 'Segment') && <Button onClick={() => setDialog('new')}>New segment</Button>}</PageHeader>
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
              <Group gap="xs" justify="flex-end" wrap="nowrap">
                <Button size="xs" variant="subtle" onClick={() => setMembers(s)}>
                  Members
                </Button>
                {ability.can('update', 'Segment') && (
                  <Button size="xs" variant="light" onClick={() => setDialog(s)}>
                    Edit
                  </Button>
                )}
                {ability.can('delete', 'Segment') && (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => confirmMutation('Delete segment', `Delete "${s.name}"? Promotions using it lose it.`, () => deleteSegment({ id: s.id }), { success: 'Segment deleted', onDone: reload })}
                  >
                    Delete
                  </Button>
                )}
              </Group>
            ),
          },
        ]}
      />
      <Modal opened={members !== null} onClose={() => setMembers(null)} title={members?.name} size="lg">
        {members && (
          <Stack>
            {members.rule ? (
              <>
                <Text size="sm">Dynamic: the {members.entity.toLowerCase()}s whose facts satisfy this rule now.</Text>
                <Code block>{JSON.stringify(members.rule, null, 2)}</Code>
              </>
            ) : (
              <Text size="sm">Static: explicit {members.entity.toLowerCase()}s.</Text>
            )}
            <SavedSegmentMembers segment={members} />
          </Stack>
        )}
      </Modal>
      {dialog === 'new' && <CreateSegmentDialog onClose={() => setDialog(null)} onSaved={saved} />}
      {dialog && dialog !== 'new' && <EditSegmentDialog key={dialog.id} segment={dialog} onClose={() => setDialog(null)} onSaved={saved} />}
    </>
  );
}

interface SegmentForm {
  form: UseFormReturn<z.input<typeof segmentSchema>, unknown, z.output<typeof segmentSchema>>;
  setFormError: (message: string | null) => void;
}

function CreateSegmentDialog({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const create = useMutationForm({
    schema: segmentSchema,
    defaultValues: { name: '', entity: 'JOB', kind: 'dynamic', rule: LATE_JOB, memberIds: '' },
    mutation: CreateSegment,
    toVariables: (v) => ({ input: { name: v.name, entity: v.entity, rule: ruleOf(v), memberIds: v.kind === 'static' ? splitIds(v.memberIds) : null } }),
    success: 'Segment created',
    onDone: onSaved,
  });
  return (
    <FormModal title="New segment" opened onClose={onClose} onSubmit={create.submit} submitting={create.fetching} formError={create.formError} submitLabel="Create">
      <SegmentFields mutationForm={create} />
    </FormModal>
  );
}

/** Renames a segment and changes its rule or members; its kind and entity stay. */
function EditSegmentDialog({ segment, onClose, onSaved }: { segment: SegmentRow; onClose: () => void; onSaved: () => void }) {
  const edit = useMutationForm({
    schema: segmentSchema,
    defaultValues: { name: segment.name, entity: segment.entity, kind: segment.rule ? 'dynamic' : 'static', rule: segment.rule ? JSON.stringify(segment.rule, null, 2) : '', memberIds: segment.memberIds.join('\n') },
    mutation: UpdateSegment,
    toVariables: (v) => ({ id: segment.id, input: v.kind === 'dynamic' ? { name: v.name, rule: ruleOf(v) } : { name: v.name, memberIds: splitIds(v.memberIds) } }),
    success: 'Segment saved',
    onDone: onSaved,
  });
  return (
    <FormModal title={`Edit ${segment.name}`} opened onClose={onClose} onSubmit={edit.submit} submitting={edit.fetching} formError={edit.formError}>
      <SegmentFields mutationForm={edit} fixed />
    </FormModal>
  );
}

/** The segment form's fields; a dynamic rule is checked as JSON here and can be previewed against the API before saving. */
function SegmentFields({ mutationForm, fixed = false }: { mutationForm: SegmentForm; fixed?: boolean }) {
  const { form, setFormError } = mutationForm;
  const kind = form.watch('kind');
  const client = useClient();
  const [previewing, setPreviewing] = useState<{ fetching: boolean; page?: FragmentOf<typeof MemberPageFields> }>({ fetching: false });
  const previewRule = async () => {
    const values = form.getValues();
    const parsed = parseRule(values.rule);
    if ('error' in parsed) {
      form.setError('rule', { type: 'client', message: parsed.error });
      return;
    }
    form.clearErrors('rule');
    setPreviewing({ fetching: true });
    const result = await client.query(PreviewSegment, { entity: values.entity, rule: parsed.rule }, { requestPolicy: 'network-only' }).toPromise();
    setFormError(applyApiErrors(result.error, form.setError, ['rule', 'entity']));
    setPreviewing({ fetching: false, page: result.data?.previewSegment });
  };
  return (
    <>
      <TextInput label="Name" data-autofocus {...form.register('name')} error={form.formState.errors.name?.message} />
      {!fixed && (
        <>
          <SelectField control={form.control} name="entity" label="Members are" data={ENTITIES.map((e) => ({ value: e, label: e.toLowerCase() + 's' }))} />
          <Controller
            control={form.control}
            name="kind"
            render={({ field }) => (
              <SegmentedControl aria-label="Kind" value={field.value} onChange={field.onChange} data={[{ value: 'dynamic', label: 'Dynamic (rule)' }, { value: 'static', label: 'Static (members)' }]} />
            )}
          />
        </>
      )}
      {kind === 'dynamic' ? (
        <>
          <Textarea
            label="Rule (JsonLogic)"
            description='Facts by their contract names, e.g. {"var": "actualCompletionDate"}'
            autosize
            minRows={4}
            styles={{ input: { fontFamily: 'monospace' } }}
            {...form.register('rule')}
            error={form.formState.errors.rule?.message}
          />
          <Group>
            <Button variant="default" size="xs" loading={previewing.fetching} onClick={() => void previewRule()}>
              Preview members
            </Button>
          </Group>
          {previewing.page && <Members page={previewing.page} />}
        </>
      ) : (
        <Textarea label="Member ids" description="Separated by commas, spaces or new lines" autosize minRows={3} {...form.register('memberIds')} error={form.formState.errors.memberIds?.message} />
      )}
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
        {m.complete ? '' : 'At least '}
        {m.totalCount} member{m.totalCount === 1 ? '' : 's'}
        {m.totalCount > labels.length ? ` (first ${labels.length} shown)` : ''}
        {m.complete ? '' : ' — evaluation stopped at its time budget; the count covers the records read so far'}
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

import { Button, NumberInput, TextInput, Title } from '@mantine/core';
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
import { SelectField } from '../../components/SelectField';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql } from '../../graphql';

const PrivacyQuery = graphql(`
  query Privacy {
    privacyLevels { id name rank }
    privacyLevelAssignmentRules { id position entity classification ownedByGroup { id name } privacyLevel { id name } }
    groups { id name }
  }
`);
const CreateLevel = graphql(`
  mutation CreatePrivacyLevel($input: CreatePrivacyLevelInput!) { createPrivacyLevel(input: $input) { id } }
`);
const CreateRule = graphql(`
  mutation CreateRule($input: CreatePrivacyLevelAssignmentRuleInput!) { createPrivacyLevelAssignmentRule(input: $input) { id } }
`);
const DeleteRule = graphql(`
  mutation DeleteRule($id: ID!) { deletePrivacyLevelAssignmentRule(id: $id) }
`);

const ENTITIES = ['REWARD_SCHEME', 'REWARD_OFFER', 'REWARD_OFFER_TEMPLATE', 'ADDITIVE_DISCOUNT_DEFINITION', 'CAMPAIGN'] as const;

export function PrivacyPage() {
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: PrivacyQuery });
  const [, deleteRule] = useMutation(DeleteRule);
  const [dialog, setDialog] = useState<'level' | 'rule' | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const done = () => {
    setDialog(null);
    reload();
  };
  const level = useMutationForm({
    schema: z.object({ name: z.string().trim().min(1, 'Enter a name'), rank: z.number({ message: 'Enter a rank' }).int().min(0) }),
    defaultValues: { name: '', rank: 10 },
    mutation: CreateLevel,
    toVariables: (v) => ({ input: v }),
    success: 'Privacy level created',
    onDone: done,
  });
  const rule = useMutationForm({
    schema: z.object({ entity: z.enum(ENTITIES), privacyLevelId: z.string().min(1, 'Pick a level'), ownedByGroupId: z.string(), classification: z.string() }),
    defaultValues: { entity: 'CAMPAIGN', privacyLevelId: '', ownedByGroupId: '', classification: '' },
    mutation: CreateRule,
    toVariables: (v) => ({ input: { entity: v.entity, privacyLevelId: v.privacyLevelId, ownedByGroupId: v.ownedByGroupId || null, classification: v.classification || null } }),
    success: 'Rule added',
    onDone: done,
  });
  const canManage = ability.can('create', 'PrivacyLevel');
  return (
    <>
      <PageHeader title="Privacy levels">{canManage && <Button onClick={() => setDialog('level')}>New level</Button>}</PageHeader>
      <ResourceTable
        label="privacy levels"
        rows={data?.privacyLevels}
        fetching={fetching}
        error={errorMessage(error)}
        rowKey={(l) => l.id}
        emptyText="No privacy levels yet."
        columns={[
          { key: 'name', header: 'Name', render: (l) => l.name, sortValue: (l) => l.name },
          { key: 'rank', header: 'Rank (higher is more restricted)', render: (l) => l.rank, sortValue: (l) => l.rank },
        ]}
      />
      <PageHeader title="Assignment rules">{canManage && <Button onClick={() => setDialog('rule')}>New rule</Button>}</PageHeader>
      <Title order={6} c="dimmed" mb="sm">
        A new entity gets the level of the first rule, in this order, that matches it.
      </Title>
      <ResourceTable
        label="assignment rules"
        rows={data?.privacyLevelAssignmentRules}
        rowKey={(r) => r.id}
        emptyText="No rules: new entities get no privacy level."
        columns={[
          { key: 'pos', header: '#', render: (r) => r.position },
          { key: 'entity', header: 'Entity', render: (r) => r.entity },
          { key: 'cond', header: 'When', render: (r) => [r.ownedByGroup && `owned by ${r.ownedByGroup.name}`, r.classification && `classification ${r.classification}`].filter(Boolean).join(', ') || 'always' },
          { key: 'level', header: 'Level', render: (r) => r.privacyLevel.name },
          {
            key: 'actions',
            header: '',
            render: (r) =>
              ability.can('delete', 'PrivacyLevelAssignmentRule') && (
                <Button size="xs" color="red" variant="light" onClick={() => confirmMutation('Delete rule', `Delete rule #${r.position}?`, () => deleteRule({ id: r.id }), { success: 'Rule deleted', onDone: reload })}>
                  Delete
                </Button>
              ),
          },
        ]}
      />
      <FormModal title="New privacy level" opened={dialog === 'level'} onClose={() => setDialog(null)} onSubmit={level.submit} submitting={level.fetching} formError={level.formError} submitLabel="Create">
        <TextInput label="Name" {...level.form.register('name')} error={level.form.formState.errors.name?.message} />
        <Controller control={level.form.control} name="rank" render={({ field, fieldState }) => <NumberInput label="Rank" value={field.value} onChange={(v) => field.onChange(typeof v === 'number' ? v : Number.NaN)} error={fieldState.error?.message} />} />
      </FormModal>
      <FormModal title="New assignment rule" opened={dialog === 'rule'} onClose={() => setDialog(null)} onSubmit={rule.submit} submitting={rule.fetching} formError={rule.formError} submitLabel="Add">
        <SelectField control={rule.form.control} name="entity" label="Entity" data={[...ENTITIES]} />
        <SelectField control={rule.form.control} name="ownedByGroupId" label="Only when owned by (optional)" clearable data={(data?.groups ?? []).map((g) => ({ value: g.id, label: g.name }))} />
        <TextInput label="Only for classification (optional, offers and templates)" {...rule.form.register('classification')} error={rule.form.formState.errors.classification?.message} />
        <SelectField control={rule.form.control} name="privacyLevelId" label="Privacy level" data={(data?.privacyLevels ?? []).map((l) => ({ value: l.id, label: l.name }))} />
      </FormModal>
    </>
  );
}

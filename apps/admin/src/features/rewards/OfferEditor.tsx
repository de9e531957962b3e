import { Alert, Badge, Button, Card, Checkbox, Group, MultiSelect, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { confirmMutation } from '../../components/confirm';
import { PageHeader } from '../../components/PageHeader';
import { graphql, type ResultOf } from '../../graphql';
import { dateTime, humanize, PERCENTAGE_CLASSIFICATIONS, TIME_UNITS, WEEKDAYS } from './format';

const EditorQuery = graphql(`
  query RewardOfferEditor($id: ID!, $isNew: Boolean!) {
    rewardOffer(id: $id) @skip(if: $isNew) {
      id number name alternativeCode description classification lifeCycleState latestEffectiveDate evaluationMethod applyIfBestAward
      scheme { id } type { id } category { id } template { id name }
      award { kind amount percentage within { count unit } considerOfferTypes { id } considerSchemes { id } }
      validity { kind validFrom validTo daysBefore daysAfter fromDay fromMonth toDay toMonth }
      awardValidity { kind after { count unit } until }
      awardConditions { numberOfAwards includedSegments { id } excludedSegments { id } allowedGroups { id } allowedUnits { id } allowedAreas allowedCities allowedDistricts }
      spendConditions { days hourRanges { from to } afterAwarding { count unit } products { id } productTypes { id } productFamilies { id } allowedGroups { id } allowedUnits { id } }
      ownedByGroup { name }
    }
    rewardSchemes { id name currency timezone }
    rewardOfferTypes { id name classification allowedCategories { id name } }
    rewardOfferTemplates { id name classification award { kind amount percentage } spendConditions { days hourRanges { from to } afterAwarding { count unit } products { id } productTypes { id } productFamilies { id } allowedGroups { id } allowedUnits { id } } }
    segments(entity: CUSTOMER) { id name }
    groups { id name }
    units { id name }
    products { id name }
    productTypes { id name }
    productFamilies { id name }
  }
`);
const CreateOffer = graphql(`
  mutation CreateRewardOffer($input: CreateRewardOfferInput!) { createRewardOffer(input: $input) { id number } }
`);
const UpdateOffer = graphql(`
  mutation UpdateRewardOffer($id: ID!, $input: UpdateRewardOfferInput!) { updateRewardOffer(id: $id, input: $input) { id } }
`);
const SetEffective = graphql(`
  mutation SetRewardOfferEffective($id: ID!, $effective: Boolean!) { setRewardOfferEffective(id: $id, effective: $effective) { id lifeCycleState latestEffectiveDate } }
`);
const DeleteOffer = graphql(`
  mutation DeleteRewardOffer($id: ID!) { deleteRewardOffer(id: $id) }
`);

type Data = ResultOf<typeof EditorQuery>;
type Offer = NonNullable<Data['rewardOffer']>;
type Template = Data['rewardOfferTemplates'][number];
type SpendConditions = Offer['spendConditions'];

interface Form {
  name: string;
  alternativeCode: string;
  description: string;
  schemeId: string;
  typeId: string;
  categoryId: string;
  templateId: string;
  evaluationMethod: string;
  applyIfBestAward: boolean;
  awardKind: string;
  amount: string;
  percentage: string;
  withinCount: number | string;
  withinUnit: string;
  considerOfferTypeIds: string[];
  considerSchemeIds: string[];
  validityKind: string;
  validFrom: string;
  validTo: string;
  daysBefore: number | string;
  daysAfter: number | string;
  fromDay: number | string;
  fromMonth: number | string;
  toDay: number | string;
  toMonth: number | string;
  awardValidityKind: string;
  afterCount: number | string;
  afterUnit: string;
  until: string;
  numberOfAwards: string;
  includedSegmentIds: string[];
  excludedSegmentIds: string[];
  awardGroupIds: string[];
  awardUnitIds: string[];
  areas: string[];
  cities: string[];
  districts: string[];
  days: string[];
  hourRanges: { from: string; to: string }[];
  afterAwardingCount: number | string;
  afterAwardingUnit: string;
  productIds: string[];
  productTypeIds: string[];
  productFamilyIds: string[];
  spendGroupIds: string[];
  spendUnitIds: string[];
}

const EMPTY: Form = {
  name: '',
  alternativeCode: '',
  description: '',
  schemeId: '',
  typeId: '',
  categoryId: '',
  templateId: '',
  evaluationMethod: 'BATCH',
  applyIfBestAward: false,
  awardKind: 'AMOUNT',
  amount: '',
  percentage: '',
  withinCount: 1,
  withinUnit: 'MONTH',
  considerOfferTypeIds: [],
  considerSchemeIds: [],
  validityKind: 'FROM_LATEST_EFFECTIVE_DATE',
  validFrom: '',
  validTo: '',
  daysBefore: 0,
  daysAfter: 0,
  fromDay: 1,
  fromMonth: 1,
  toDay: 31,
  toMonth: 12,
  awardValidityKind: 'ALWAYS',
  afterCount: 1,
  afterUnit: 'MONTH',
  until: '',
  numberOfAwards: 'MULTIPLE',
  includedSegmentIds: [],
  excludedSegmentIds: [],
  awardGroupIds: [],
  awardUnitIds: [],
  areas: [],
  cities: [],
  districts: [],
  days: [],
  hourRanges: [],
  afterAwardingCount: '',
  afterAwardingUnit: 'DAY',
  productIds: [],
  productTypeIds: [],
  productFamilyIds: [],
  spendGroupIds: [],
  spendUnitIds: [],
};

/** ISO instant → the value of a datetime-local input (the browser's time zone), and back. */
const toLocalInput = (iso: string | null | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : null);
const ids = (list: readonly { id: string }[] | undefined) => (list ?? []).map((x) => x.id);
const int = (value: number | string) => (value === '' ? null : Number(value));

function spendFields(s: SpendConditions | Template['spendConditions']): Partial<Form> {
  if (!s) return {};
  return {
    days: [...s.days],
    hourRanges: s.hourRanges.map((h) => ({ from: h.from, to: h.to })),
    afterAwardingCount: s.afterAwarding?.count ?? '',
    afterAwardingUnit: s.afterAwarding?.unit ?? 'DAY',
    productIds: ids(s.products),
    productTypeIds: ids(s.productTypes),
    productFamilyIds: ids(s.productFamilies),
    spendGroupIds: ids(s.allowedGroups),
    spendUnitIds: ids(s.allowedUnits),
  };
}

function formOf(o: Offer): Form {
  return {
    ...EMPTY,
    name: o.name,
    alternativeCode: o.alternativeCode ?? '',
    description: o.description ?? '',
    schemeId: o.scheme.id,
    typeId: o.type.id,
    categoryId: o.category?.id ?? '',
    templateId: o.template?.id ?? '',
    evaluationMethod: o.evaluationMethod,
    applyIfBestAward: o.applyIfBestAward,
    awardKind: o.award.kind,
    amount: o.award.amount ?? '',
    percentage: o.award.percentage ?? '',
    withinCount: o.award.within?.count ?? 1,
    withinUnit: o.award.within?.unit ?? 'MONTH',
    considerOfferTypeIds: ids(o.award.considerOfferTypes),
    considerSchemeIds: ids(o.award.considerSchemes),
    validityKind: o.validity.kind,
    validFrom: toLocalInput(o.validity.validFrom),
    validTo: toLocalInput(o.validity.validTo),
    daysBefore: o.validity.daysBefore ?? 0,
    daysAfter: o.validity.daysAfter ?? 0,
    fromDay: o.validity.fromDay ?? 1,
    fromMonth: o.validity.fromMonth ?? 1,
    toDay: o.validity.toDay ?? 31,
    toMonth: o.validity.toMonth ?? 12,
    awardValidityKind: o.awardValidity.kind,
    afterCount: o.awardValidity.after?.count ?? 1,
    afterUnit: o.awardValidity.after?.unit ?? 'MONTH',
    until: toLocalInput(o.awardValidity.until),
    numberOfAwards: o.awardConditions.numberOfAwards,
    includedSegmentIds: ids(o.awardConditions.includedSegments),
    excludedSegmentIds: ids(o.awardConditions.excludedSegments),
    awardGroupIds: ids(o.awardConditions.allowedGroups),
    awardUnitIds: ids(o.awardConditions.allowedUnits),
    areas: [...o.awardConditions.allowedAreas],
    cities: [...o.awardConditions.allowedCities],
    districts: [...o.awardConditions.allowedDistricts],
    ...spendFields(o.spendConditions),
  };
}

/** The rules part of the create and update inputs (the API checks everything again and names the field it refuses). */
function rulesInput(f: Form) {
  return {
    description: f.description || null,
    evaluationMethod: f.evaluationMethod as never,
    applyIfBestAward: f.applyIfBestAward,
    categoryId: f.categoryId || null,
    award:
      f.awardKind === 'AMOUNT'
        ? { kind: 'AMOUNT' as const, amount: f.amount }
        : f.awardKind === 'PERCENTAGE'
          ? { kind: 'PERCENTAGE' as const, percentage: f.percentage }
          : { kind: 'PERCENTAGE_OF_AWARDED_WITHIN' as const, percentage: f.percentage, within: { count: Number(f.withinCount), unit: f.withinUnit as never }, considerOfferTypeIds: f.considerOfferTypeIds, considerSchemeIds: f.considerSchemeIds },
    validity: {
      kind: f.validityKind as never,
      ...(f.validityKind === 'SPECIFIC_PERIOD' ? { validFrom: fromLocalInput(f.validFrom), validTo: fromLocalInput(f.validTo) } : {}),
      ...(f.validityKind === 'BIRTHDAY_PERIOD' || f.validityKind === 'NAME_DAY_PERIOD' ? { daysBefore: int(f.daysBefore), daysAfter: int(f.daysAfter) } : {}),
      ...(f.validityKind === 'RECURRING_PERIOD' ? { fromDay: int(f.fromDay), fromMonth: int(f.fromMonth), toDay: int(f.toDay), toMonth: int(f.toMonth) } : {}),
    },
    awardValidity: {
      kind: f.awardValidityKind as never,
      ...(f.awardValidityKind === 'AFTER_AWARD' ? { after: { count: Number(f.afterCount), unit: f.afterUnit as never } } : {}),
      ...(f.awardValidityKind === 'UNTIL_DATE' ? { until: fromLocalInput(f.until) } : {}),
    },
    awardConditions: {
      numberOfAwards: f.numberOfAwards as never,
      includedSegmentIds: f.includedSegmentIds,
      excludedSegmentIds: f.excludedSegmentIds,
      allowedGroupIds: f.awardGroupIds,
      allowedUnitIds: f.awardUnitIds,
      allowedAreas: f.areas,
      allowedCities: f.cities,
      allowedDistricts: f.districts,
    },
    spendConditions: {
      days: f.days as never[],
      hourRanges: f.hourRanges,
      afterAwarding: f.afterAwardingCount === '' ? null : { count: Number(f.afterAwardingCount), unit: f.afterAwardingUnit as never },
      productIds: f.productIds,
      productTypeIds: f.productTypeIds,
      productFamilyIds: f.productFamilyIds,
      allowedGroupIds: f.spendGroupIds,
      allowedUnitIds: f.spendUnitIds,
    },
  };
}

/** `input.awardConditions.allowedUnitIds.0` → `awardConditions.allowedUnitIds` */
function fieldErrors(error: CombinedError | undefined): { byField: Record<string, string>; general: string | null } {
  const byField: Record<string, string> = {};
  const general: string[] = [];
  for (const e of error?.graphQLErrors ?? []) {
    const field = typeof e.extensions?.field === 'string' ? e.extensions.field : null;
    if (field) byField[field.replace(/^input\./, '').replace(/\.\d+$/, '')] = e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
    else general.push(e.message);
  }
  if (error?.networkError) general.push(error.networkError.message);
  return { byField, general: general.join('\n') || (Object.keys(byField).length ? null : null) };
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={4}>{title}</Title>
      {description && (
        <Text size="sm" c="dimmed" mb="xs">
          {description}
        </Text>
      )}
      <Stack gap="sm">{children}</Stack>
    </Card>
  );
}

/** Creates or edits a reward offer: sections follow the type's classification and the validity kinds; a template pre-fills the award and spend conditions. */
export function OfferEditorPage() {
  const { id } = useParams();
  const isNew = !id;
  const navigate = useNavigate();
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: EditorQuery, variables: { id: id ?? '0', isNew }, requestPolicy: 'network-only' });
  const [form, setForm] = useState<Form>(EMPTY);
  const [loadedId, setLoadedId] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ byField: Record<string, string>; general: string | null }>({ byField: {}, general: null });
  const [create, createOffer] = useMutation(CreateOffer);
  const [update, updateOffer] = useMutation(UpdateOffer);
  const [, setEffective] = useMutation(SetEffective);
  const [, deleteOffer] = useMutation(DeleteOffer);
  const offer = data?.rewardOffer ?? null;
  // the form starts from the offer once it has loaded (state adjusted while rendering, not in an effect)
  if (offer && offer.id !== loadedId) {
    setLoadedId(offer.id);
    setForm(formOf(offer));
  }
  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const types = useMemo(() => data?.rewardOfferTypes ?? [], [data]);
  const type = types.find((t) => t.id === form.typeId);
  const template = data?.rewardOfferTemplates.find((t) => t.id === form.templateId);
  const classification = type?.classification ?? template?.classification ?? null;
  const percentageAllowed = classification !== null && PERCENTAGE_CLASSIFICATIONS.includes(classification);
  const options = useMemo(() => {
    const o = (list: readonly { id: string; name: string }[] | undefined) => (list ?? []).map((x) => ({ value: x.id, label: x.name }));
    return { segments: o(data?.segments), groups: o(data?.groups), units: o(data?.units), products: o(data?.products), productTypes: o(data?.productTypes), productFamilies: o(data?.productFamilies), schemes: o(data?.rewardSchemes), types: o(types) };
  }, [data, types]);
  const err = (path: string) => errors.byField[path];
  const canEdit = isNew ? ability.can('create', 'RewardOffer') : ability.can('update', 'RewardOffer');

  if (fetching && !data) return <Text>Loading…</Text>;
  if (error) return <Alert color="red">{errorMessage(error)}</Alert>;
  if (!isNew && !offer) return <Alert color="yellow">This reward offer does not exist or is not visible to you.</Alert>;

  const pickTemplate = (templateId: string | null) => {
    const picked = data?.rewardOfferTemplates.find((t) => t.id === templateId);
    setForm((f) => {
      const next: Form = { ...f, templateId: templateId ?? '' };
      if (!picked) return next;
      // the template's classification decides which types fit
      const typeFits = types.find((t) => t.id === f.typeId)?.classification === picked.classification;
      return {
        ...next,
        typeId: typeFits ? f.typeId : (types.find((t) => t.classification === picked.classification)?.id ?? ''),
        ...(picked.award ? { awardKind: picked.award.kind, amount: picked.award.amount ?? '', percentage: picked.award.percentage ?? '' } : {}),
        ...spendFields(picked.spendConditions),
      };
    });
  };
  const pickType = (typeId: string | null) => {
    const picked = types.find((t) => t.id === typeId);
    setForm((f) => ({
      ...f,
      typeId: typeId ?? '',
      categoryId: picked?.allowedCategories.some((c) => c.id === f.categoryId) ? f.categoryId : '',
      awardKind: picked && !PERCENTAGE_CLASSIFICATIONS.includes(picked.classification) && f.awardKind === 'PERCENTAGE' ? 'AMOUNT' : f.awardKind,
      validityKind: picked?.classification === 'REWARD_ON_BIRTHDAY' && f.validityKind === 'FROM_LATEST_EFFECTIVE_DATE' ? 'BIRTHDAY_PERIOD' : f.validityKind,
      templateId: f.templateId && data?.rewardOfferTemplates.find((t) => t.id === f.templateId)?.classification !== picked?.classification ? '' : f.templateId,
    }));
  };

  const save = async () => {
    setErrors({ byField: {}, general: null });
    const rules = rulesInput(form);
    if (isNew) {
      const result = await createOffer({ input: { ...rules, name: form.name, alternativeCode: form.alternativeCode || null, schemeId: form.schemeId, typeId: form.typeId, templateId: form.templateId || null } as never });
      if (result.error) return setErrors(fieldErrors(result.error));
      notifications.show({ color: 'green', message: `Reward offer ${result.data?.createRewardOffer.number} created (not effective yet)` });
      navigate(`/reward-offers/${result.data?.createRewardOffer.id}`);
      return;
    }
    const result = await updateOffer({ id: offer!.id, input: { ...rules, name: form.name, alternativeCode: form.alternativeCode || null } as never });
    if (result.error) return setErrors(fieldErrors(result.error));
    notifications.show({ color: 'green', message: 'Reward offer saved' });
    refetch({ requestPolicy: 'network-only' });
  };

  const templates = (data?.rewardOfferTemplates ?? []).filter((t) => !type || t.classification === type.classification);
  return (
    <>
      <PageHeader title={isNew ? 'New reward offer' : `${offer!.number} ${offer!.name}`}>
        {offer && (
          <Badge size="lg" color={offer.lifeCycleState === 'EFFECTIVE' ? 'green' : 'gray'}>
            {humanize(offer.lifeCycleState)}
          </Badge>
        )}
        {offer && ability.can('update', 'RewardOffer') && (
          <Button
            variant="default"
            onClick={async () => {
              const result = await setEffective({ id: offer.id, effective: offer.lifeCycleState !== 'EFFECTIVE' });
              if (result.error) notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(result.error) });
              else notifications.show({ color: 'green', message: offer.lifeCycleState === 'EFFECTIVE' ? 'The offer is not effective any more' : 'The offer is effective' });
              refetch({ requestPolicy: 'network-only' });
            }}
          >
            {offer.lifeCycleState === 'EFFECTIVE' ? 'Make not effective' : 'Make effective'}
          </Button>
        )}
        {offer && ability.can('delete', 'RewardOffer') && (
          <Button
            color="red"
            variant="light"
            onClick={() =>
              confirmMutation('Delete reward offer', `Delete ${offer.number} ${offer.name}? An offer that has awarded cannot be deleted.`, () => deleteOffer({ id: offer.id }), {
                success: 'Reward offer deleted',
                onDone: () => navigate('/reward-offers'),
              })
            }
          >
            Delete
          </Button>
        )}
      </PageHeader>
      <Stack>
        {offer && (
          <Text size="sm" c="dimmed">
            Owned by {offer.ownedByGroup.name}
            {offer.latestEffectiveDate ? ` · latest effective date ${dateTime(offer.latestEffectiveDate)}` : ''}
            {offer.template ? ` · from template ${offer.template.name}` : ''}
          </Text>
        )}
        <Section title="Main information">
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput label="Name" required value={form.name} onChange={(e) => set('name')(e.currentTarget.value)} error={err('name')} />
            <TextInput label="Alternative code" value={form.alternativeCode} onChange={(e) => set('alternativeCode')(e.currentTarget.value)} error={err('alternativeCode')} />
            <Select label="Template" description="Pre-fills the award and the spend conditions" clearable disabled={!isNew} data={templates.map((t) => ({ value: t.id, label: `${t.name} (${humanize(t.classification)})` }))} value={form.templateId || null} onChange={pickTemplate} error={err('templateId')} />
            <Select label="Scheme" required disabled={!isNew} data={options.schemes} value={form.schemeId || null} onChange={(v) => set('schemeId')(v ?? '')} error={err('schemeId')} />
            <Select label="Type" required disabled={!isNew} description={classification ? `Classification: ${humanize(classification)}` : undefined} data={options.types} value={form.typeId || null} onChange={pickType} error={err('typeId')} />
            <Select label="Category" clearable data={(type?.allowedCategories ?? []).map((c) => ({ value: c.id, label: c.name }))} value={form.categoryId || null} onChange={(v) => set('categoryId')(v ?? '')} error={err('categoryId')} nothingFoundMessage="The type allows no category" />
            <Select label="Evaluation method" data={[{ value: 'BATCH', label: 'Batch: awarded in reward runs' }, { value: 'IMMEDIATE', label: 'Immediate: awarded as the event arrives' }]} value={form.evaluationMethod} onChange={(v) => set('evaluationMethod')(v ?? 'BATCH')} />
          </SimpleGrid>
          <Textarea label="Description" value={form.description} onChange={(e) => set('description')(e.currentTarget.value)} error={err('description')} />
        </Section>

        <Section title="Award" description={classification ? (percentageAllowed ? 'This classification awards an amount or a percentage of the event amount.' : 'This classification awards an amount only.') : 'Pick a type first.'}>
          <SegmentedControl
            aria-label="Award kind"
            value={form.awardKind}
            onChange={set('awardKind')}
            data={[
              { value: 'AMOUNT', label: 'Amount' },
              ...(percentageAllowed ? [{ value: 'PERCENTAGE', label: 'Percentage of event amount' }] : []),
              { value: 'PERCENTAGE_OF_AWARDED_WITHIN', label: 'Percentage of awarded within a period' },
            ]}
          />
          {form.awardKind === 'AMOUNT' && <TextInput label="Award amount" inputMode="decimal" value={form.amount} onChange={(e) => set('amount')(e.currentTarget.value)} error={err('award.amount') ?? err('award.kind') ?? err('award')} maw={240} />}
          {form.awardKind !== 'AMOUNT' && <TextInput label="Percentage" inputMode="decimal" value={form.percentage} onChange={(e) => set('percentage')(e.currentTarget.value)} error={err('award.percentage') ?? err('award.kind') ?? err('award')} maw={240} />}
          {form.awardKind === 'PERCENTAGE_OF_AWARDED_WITHIN' && (
            <>
              <Group>
                <NumberInput label="Within the last" min={1} value={form.withinCount} onChange={set('withinCount')} error={err('award.within.count')} w={140} />
                <Select label="Unit" data={TIME_UNITS.map((u) => ({ value: u, label: humanize(u) }))} value={form.withinUnit} onChange={(v) => set('withinUnit')(v ?? 'MONTH')} w={140} />
              </Group>
              <MultiSelect label="Only awards of these offer types" description="None: all awards" data={options.types} value={form.considerOfferTypeIds} onChange={set('considerOfferTypeIds')} error={err('award.considerOfferTypeIds')} />
              <MultiSelect label="Only awards of these schemes" data={options.schemes} value={form.considerSchemeIds} onChange={set('considerSchemeIds')} error={err('award.considerSchemeIds')} />
            </>
          )}
          <Checkbox label="Apply only if it is the best award (the highest among the offers matching the same event)" checked={form.applyIfBestAward} onChange={(e) => set('applyIfBestAward')(e.currentTarget.checked)} />
        </Section>

        <Section title="Offer validity" description="Checked against the event's performed date, in the scheme's time zone.">
          <Select
            label="Valid"
            data={[
              { value: 'FROM_LATEST_EFFECTIVE_DATE', label: 'From the latest effective date on' },
              { value: 'SPECIFIC_PERIOD', label: 'For a specific period' },
              { value: 'BIRTHDAY_PERIOD', label: "During the participant's birthday period" },
              { value: 'NAME_DAY_PERIOD', label: "During the participant's name day period" },
              { value: 'RECURRING_PERIOD', label: 'During a recurring period every year' },
            ]}
            value={form.validityKind}
            onChange={(v) => set('validityKind')(v ?? 'FROM_LATEST_EFFECTIVE_DATE')}
            error={err('validity.kind') ?? err('validity')}
            maw={420}
          />
          {form.validityKind === 'SPECIFIC_PERIOD' && (
            <Group>
              <TextInput type="datetime-local" label="Valid from (inclusive)" value={form.validFrom} onChange={(e) => set('validFrom')(e.currentTarget.value)} error={err('validity.validFrom')} />
              <TextInput type="datetime-local" label="Valid to (exclusive)" value={form.validTo} onChange={(e) => set('validTo')(e.currentTarget.value)} error={err('validity.validTo')} />
            </Group>
          )}
          {(form.validityKind === 'BIRTHDAY_PERIOD' || form.validityKind === 'NAME_DAY_PERIOD') && (
            <Group>
              <NumberInput label="Days before" min={0} max={366} value={form.daysBefore} onChange={set('daysBefore')} error={err('validity.daysBefore')} w={140} />
              <NumberInput label="Days after" min={0} max={366} value={form.daysAfter} onChange={set('daysAfter')} error={err('validity.daysAfter')} w={140} />
              <Text size="sm" c="dimmed">
                Both ends inclusive
              </Text>
            </Group>
          )}
          {form.validityKind === 'RECURRING_PERIOD' && (
            <Group>
              <NumberInput label="From day" min={1} max={31} value={form.fromDay} onChange={set('fromDay')} error={err('validity.fromDay')} w={110} />
              <NumberInput label="From month" min={1} max={12} value={form.fromMonth} onChange={set('fromMonth')} error={err('validity.fromMonth')} w={110} />
              <NumberInput label="To day" min={1} max={31} value={form.toDay} onChange={set('toDay')} error={err('validity.toDay')} w={110} />
              <NumberInput label="To month" min={1} max={12} value={form.toMonth} onChange={set('toMonth')} error={err('validity.toMonth')} w={110} />
              <Text size="sm" c="dimmed">
                Both inclusive; wraps the year end when from is after to
              </Text>
            </Group>
          )}
        </Section>

        <Section title="Award validity" description="How long an award may be spent; the end is exclusive.">
          <SegmentedControl
            aria-label="Award validity"
            value={form.awardValidityKind}
            onChange={set('awardValidityKind')}
            data={[
              { value: 'ALWAYS', label: 'Always' },
              { value: 'AFTER_AWARD', label: 'For a period after the award' },
              { value: 'UNTIL_DATE', label: 'Until a date' },
            ]}
          />
          {form.awardValidityKind === 'AFTER_AWARD' && (
            <Group>
              <NumberInput label="Spendable for" min={1} value={form.afterCount} onChange={set('afterCount')} error={err('awardValidity.after.count') ?? err('awardValidity.after')} w={140} />
              <Select label="Unit" data={TIME_UNITS.map((u) => ({ value: u, label: humanize(u) }))} value={form.afterUnit} onChange={(v) => set('afterUnit')(v ?? 'MONTH')} w={140} />
            </Group>
          )}
          {form.awardValidityKind === 'UNTIL_DATE' && <TextInput type="datetime-local" label="Spendable until (exclusive)" value={form.until} onChange={(e) => set('until')(e.currentTarget.value)} error={err('awardValidity.until')} maw={260} />}
        </Section>

        <Section title="Award conditions">
          <Select label="Number of awards per participant" data={[{ value: 'MULTIPLE', label: 'Multiple' }, { value: 'ONLY_ONE', label: 'Only one' }]} value={form.numberOfAwards} onChange={(v) => set('numberOfAwards')(v ?? 'MULTIPLE')} maw={300} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <MultiSelect label="Only participants in these segments" data={options.segments} value={form.includedSegmentIds} onChange={set('includedSegmentIds')} error={err('awardConditions.includedSegmentIds')} searchable />
            <MultiSelect label="Not participants in these segments" data={options.segments} value={form.excludedSegmentIds} onChange={set('excludedSegmentIds')} error={err('awardConditions.excludedSegmentIds')} searchable />
            <MultiSelect label="Events submitted by these groups" data={options.groups} value={form.awardGroupIds} onChange={set('awardGroupIds')} error={err('awardConditions.allowedGroupIds')} searchable />
            <MultiSelect label="Events submitted by these units" data={options.units} value={form.awardUnitIds} onChange={set('awardUnitIds')} error={err('awardConditions.allowedUnitIds')} searchable />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TagsInput label="Allowed areas" description="Of an active address of the participant" value={form.areas} onChange={set('areas')} error={err('awardConditions.allowedAreas')} />
            <TagsInput label="Allowed cities" value={form.cities} onChange={set('cities')} error={err('awardConditions.allowedCities')} />
            <TagsInput label="Allowed districts" value={form.districts} onChange={set('districts')} error={err('awardConditions.allowedDistricts')} />
          </SimpleGrid>
        </Section>

        <Section title="Spend conditions" description="An award is spent only when all of them hold at the time, unit and products of the spend.">
          <MultiSelect label="Days of the week" description="None: every day" data={WEEKDAYS.map((d) => ({ value: d, label: humanize(d) }))} value={form.days} onChange={set('days')} error={err('spendConditions.days')} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Hour ranges
            </Text>
            {form.hourRanges.map((range, i) => (
              <Group key={i}>
                <TextInput aria-label={`Hour range ${i + 1} from`} placeholder="09:00" value={range.from} onChange={(e) => set('hourRanges')(form.hourRanges.map((r, j) => (j === i ? { ...r, from: e.currentTarget.value } : r)))} w={100} />
                <Text>to</Text>
                <TextInput aria-label={`Hour range ${i + 1} to`} placeholder="17:00" value={range.to} onChange={(e) => set('hourRanges')(form.hourRanges.map((r, j) => (j === i ? { ...r, to: e.currentTarget.value } : r)))} w={100} />
                <Button variant="subtle" color="red" size="xs" onClick={() => set('hourRanges')(form.hourRanges.filter((_, j) => j !== i))}>
                  Remove
                </Button>
              </Group>
            ))}
            {err('spendConditions.hourRanges') && (
              <Text c="red" size="sm">
                {err('spendConditions.hourRanges')}
              </Text>
            )}
            <Group>
              <Button variant="light" size="xs" onClick={() => set('hourRanges')([...form.hourRanges, { from: '09:00', to: '17:00' }])}>
                Add hour range
              </Button>
            </Group>
          </Stack>
          <Group>
            <NumberInput label="Only after (optional)" min={1} value={form.afterAwardingCount} onChange={set('afterAwardingCount')} error={err('spendConditions.afterAwarding.count') ?? err('spendConditions.afterAwarding')} w={160} />
            <Select label="Unit after the award" data={TIME_UNITS.map((u) => ({ value: u, label: humanize(u) }))} value={form.afterAwardingUnit} onChange={(v) => set('afterAwardingUnit')(v ?? 'DAY')} w={180} />
          </Group>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <MultiSelect label="Products" data={options.products} value={form.productIds} onChange={set('productIds')} error={err('spendConditions.productIds')} searchable />
            <MultiSelect label="Product types" data={options.productTypes} value={form.productTypeIds} onChange={set('productTypeIds')} error={err('spendConditions.productTypeIds')} searchable />
            <MultiSelect label="Product families" data={options.productFamilies} value={form.productFamilyIds} onChange={set('productFamilyIds')} error={err('spendConditions.productFamilyIds')} searchable />
            <MultiSelect label="Spent at these groups" data={options.groups} value={form.spendGroupIds} onChange={set('spendGroupIds')} error={err('spendConditions.allowedGroupIds')} searchable />
            <MultiSelect label="Spent at these units" data={options.units} value={form.spendUnitIds} onChange={set('spendUnitIds')} error={err('spendConditions.allowedUnitIds')} searchable />
          </SimpleGrid>
        </Section>

        {(errors.general || Object.keys(errors.byField).length > 0) && (
          <Alert color="red" role="alert">
            {errors.general ?? 'The offer was not saved: see the fields marked above.'}
            {Object.entries(errors.byField)
              .filter(([field]) => !document.querySelector(`[data-field="${field}"]`))
              .map(([field, message]) => (
                <div key={field}>
                  {field}: {message}
                </div>
              ))}
          </Alert>
        )}
        {canEdit && (
          <Group>
            <Button onClick={save} loading={create.fetching || update.fetching}>
              {isNew ? 'Create offer' : 'Save offer'}
            </Button>
            <Button variant="default" onClick={() => navigate('/reward-offers')}>
              Back to offers
            </Button>
          </Group>
        )}
      </Stack>
    </>
  );
}

import { Button, Tabs, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { useQuery, type TypedDocumentNode } from 'urql';
import { z } from 'zod';
import { errorMessage } from '../../app/api-errors';
import { useViewer } from '../../app/viewer';
import { FormModal } from '../../components/FormModal';
import { PageHeader } from '../../components/PageHeader';
import { ResourceTable } from '../../components/ResourceTable';
import { SelectField } from '../../components/SelectField';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql, type ResultOf } from '../../graphql';

const ProductsQuery = graphql(`
  query Products {
    products { id code name type { id name } family { id name } price { amount currency } }
    productTypes { id name }
    productFamilies { id name }
  }
`);
const CreateProduct = graphql(`
  mutation CreateProduct($input: CreateProductInput!) { createProduct(input: $input) { id } }
`);
const UpdateProduct = graphql(`
  mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }
`);
const CreateProductType = graphql(`
  mutation CreateProductType($name: String!) { createProductType(name: $name) { id name } }
`);
const CreateProductFamily = graphql(`
  mutation CreateProductFamily($name: String!) { createProductFamily(name: $name) { id name } }
`);

type ProductRow = ResultOf<typeof ProductsQuery>['products'][number];

interface Named {
  id: string;
  name: string;
}

const nameSchema = z.object({ name: z.string().trim().min(1, 'Enter a name').max(200) });
const productSchema = z
  .object({
    code: z.string().trim().min(1, 'Enter a code').max(64),
    name: z.string().trim().min(1, 'Enter a name').max(200),
    typeId: z.string().min(1, 'Pick a product type'),
    familyId: z.string(),
    price: z.string().trim().regex(/^(\d+(\.\d{1,2})?)?$/, 'A decimal amount, e.g. 19.90'),
    currency: z.string().trim().toUpperCase().regex(/^([A-Z]{3})?$/, 'A three-letter currency code, e.g. EUR'),
  })
  .refine((v) => !v.price || v.currency, { path: ['currency'], message: 'A price needs a currency' });

/** Products, and the product types and families they are classified by. */
export function ProductsPage() {
  const { ability } = useViewer();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProductsQuery });
  const [dialog, setDialog] = useState<'product' | 'type' | 'family' | null>(null);
  const [tab, setTab] = useState<string | null>('products');
  const [editing, setEditing] = useState<ProductRow | null>(null);
  const types = data?.productTypes ?? [];
  const families = data?.productFamilies ?? [];
  const close = () => setDialog(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  return (
    <>
      <PageHeader title="Products">
        {ability.can('create', 'ProductType') && <Button variant="default" onClick={() => setDialog('type')}>New product type</Button>}
        {ability.can('create', 'ProductFamily') && <Button variant="default" onClick={() => setDialog('family')}>New product family</Button>}
        {ability.can('create', 'Product') && <Button onClick={() => setDialog('product')}>New product</Button>}
      </PageHeader>
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="md">
          <Tabs.Tab value="products">Products</Tabs.Tab>
          <Tabs.Tab value="types">Types ({types.length})</Tabs.Tab>
          <Tabs.Tab value="families">Families ({families.length})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="products">
          <ResourceTable
            label="products"
            rows={data?.products}
            fetching={fetching}
            error={errorMessage(error)}
            rowKey={(p) => p.id}
            searchText={(p) => `${p.code} ${p.name} ${p.type.name} ${p.family?.name ?? ''}`}
            emptyText="No products yet."
            columns={[
              { key: 'code', header: 'Code', render: (p) => p.code, sortValue: (p) => p.code },
              { key: 'name', header: 'Name', render: (p) => p.name, sortValue: (p) => p.name.toLowerCase() },
              { key: 'type', header: 'Type', render: (p) => p.type.name, sortValue: (p) => p.type.name },
              { key: 'family', header: 'Family', render: (p) => p.family?.name ?? '—', sortValue: (p) => p.family?.name ?? '' },
              { key: 'price', header: 'Price', render: (p) => (p.price ? `${p.price.amount} ${p.price.currency}` : '—'), sortValue: (p) => Number(p.price?.amount ?? -1) },
              {
                key: 'actions',
                header: '',
                render: (p) =>
                  ability.can('update', 'Product') && (
                    <Button size="xs" variant="light" onClick={() => setEditing(p)}>
                      Edit
                    </Button>
                  ),
              },
            ]}
          />
        </Tabs.Panel>
        <Tabs.Panel value="types">
          <NamesTable label="product types" rows={data?.productTypes} fetching={fetching} />
        </Tabs.Panel>
        <Tabs.Panel value="families">
          <NamesTable label="product families" rows={data?.productFamilies} fetching={fetching} />
        </Tabs.Panel>
      </Tabs>
      {dialog === 'product' && <CreateProductDialog types={types} families={families} onClose={close} onSaved={reload} />}
      {editing && <EditProductDialog key={editing.id} product={editing} types={types} families={families} onClose={() => setEditing(null)} onSaved={reload} />}
      {dialog === 'type' && <NewNameDialog title="New product type" mutation={CreateProductType} success="Product type created" onClose={close} onDone={reload} />}
      {dialog === 'family' && <NewNameDialog title="New product family" mutation={CreateProductFamily} success="Product family created" onClose={close} onDone={reload} />}
    </>
  );
}

function NamesTable({ label, rows, fetching }: { label: string; rows: readonly Named[] | undefined; fetching: boolean }) {
  return (
    <ResourceTable
      label={label}
      rows={rows}
      fetching={fetching}
      rowKey={(r) => r.id}
      searchText={(r) => r.name}
      emptyText={`No ${label} yet.`}
      columns={[{ key: 'name', header: 'Name', render: (r) => r.name, sortValue: (r) => r.name.toLowerCase() }]}
    />
  );
}

/** A dialog creating a record that has only a name (product types and families). */
function NewNameDialog({ title, mutation, success, onClose, onDone }: { title: string; mutation: TypedDocumentNode<unknown, { name: string }>; success: string; onClose: () => void; onDone: () => void }) {
  const { form, submit, fetching, formError } = useMutationForm({
    schema: nameSchema,
    defaultValues: { name: '' },
    mutation,
    toVariables: (v) => v,
    success,
    onDone: () => {
      onClose();
      onDone();
    },
  });
  return (
    <FormModal title={title} opened onClose={onClose} onSubmit={submit} submitting={fetching} formError={formError} submitLabel="Create">
      <TextInput label="Name" data-autofocus {...form.register('name')} error={form.formState.errors.name?.message} />
    </FormModal>
  );
}

interface ProductDialogProps {
  types: readonly Named[];
  families: readonly Named[];
  onClose: () => void;
  onSaved: () => void;
}

function CreateProductDialog({ types, families, onClose, onSaved }: ProductDialogProps) {
  const create = useMutationForm({
    schema: productSchema,
    defaultValues: { code: '', name: '', typeId: '', familyId: '', price: '', currency: '' },
    mutation: CreateProduct,
    toVariables: (v) => ({ input: { code: v.code, name: v.name, typeId: v.typeId, familyId: v.familyId || null, price: v.price || null, currency: v.currency || null } }),
    success: 'Product created',
    onDone: () => {
      onClose();
      onSaved();
    },
  });
  return (
    <FormModal title="New product" opened onClose={onClose} onSubmit={create.submit} submitting={create.fetching} formError={create.formError} submitLabel="Create">
      <ProductFields form={create.form} types={types} families={families} />
    </FormModal>
  );
}

/** Changes a product's name, type, family and price; the code stays (it is how other systems know it). */
function EditProductDialog({ product, types, families, onClose, onSaved }: ProductDialogProps & { product: ProductRow }) {
  const edit = useMutationForm({
    schema: productSchema,
    defaultValues: { code: product.code, name: product.name, typeId: product.type.id, familyId: product.family?.id ?? '', price: product.price?.amount ?? '', currency: product.price?.currency ?? '' },
    mutation: UpdateProduct,
    toVariables: (v) => ({
      id: product.id,
      input: {
        name: v.name,
        typeId: v.typeId,
        ...(v.familyId ? { familyId: v.familyId } : { clearFamily: true }),
        ...(v.price ? { price: v.price, currency: v.currency } : { clearPrice: true }),
      },
    }),
    success: 'Product saved',
    onDone: () => {
      onClose();
      onSaved();
    },
  });
  return (
    <FormModal title={`Edit ${product.code}`} opened onClose={onClose} onSubmit={edit.submit} submitting={edit.fetching} formError={edit.formError}>
      <ProductFields form={edit.form} types={types} families={families} codeFixed />
    </FormModal>
  );
}

function ProductFields({ form, types, families, codeFixed = false }: { form: UseFormReturn<z.input<typeof productSchema>, unknown, z.output<typeof productSchema>>; types: readonly Named[]; families: readonly Named[]; codeFixed?: boolean }) {
  const errors = form.formState.errors;
  return (
    <>
      <TextInput label="Code" data-autofocus={codeFixed ? undefined : true} readOnly={codeFixed} {...form.register('code')} error={errors.code?.message} />
      <TextInput label="Name" data-autofocus={codeFixed ? true : undefined} {...form.register('name')} error={errors.name?.message} />
      <SelectField control={form.control} name="typeId" label="Product type" data={types.map((t) => ({ value: t.id, label: t.name }))} />
      <SelectField control={form.control} name="familyId" label="Product family (optional)" clearable data={families.map((f) => ({ value: f.id, label: f.name }))} />
      <TextInput label="Price (optional)" inputMode="decimal" {...form.register('price')} error={errors.price?.message} />
      <TextInput label="Currency" placeholder="EUR" {...form.register('currency')} error={errors.currency?.message} />
    </>
  );
}

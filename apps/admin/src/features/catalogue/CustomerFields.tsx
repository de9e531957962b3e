import { ActionIcon, Button, Checkbox, Group, Input, Stack, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useFieldArray, type UseFormReturn } from 'react-hook-form';
import { z } from 'zod';

const optionalDate = z.string().trim().regex(/^(\d{4}-\d{2}-\d{2})?$/, 'A date as YYYY-MM-DD');
const optionalText = z.string().trim().max(200);

export const customerSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(200),
  email: z.union([z.literal(''), z.string().trim().email('Enter an e-mail address')]),
  region: optionalText,
  birthday: optionalDate,
  nameDay: optionalDate,
  addresses: z.array(z.object({ area: optionalText, city: optionalText, district: optionalText, active: z.boolean() })),
});
export type CustomerValues = z.input<typeof customerSchema>;
export type CustomerForm = UseFormReturn<CustomerValues, unknown, z.output<typeof customerSchema>>;

export const emptyCustomer: CustomerValues = { name: '', email: '', region: '', birthday: '', nameDay: '', addresses: [] };

/** What the API takes for a customer: empty texts are left out (null). */
export function customerInput(v: z.output<typeof customerSchema>) {
  return {
    name: v.name,
    email: v.email || null,
    region: v.region || null,
    birthday: v.birthday || null,
    nameDay: v.nameDay || null,
    addresses: v.addresses.map((a) => ({ area: a.area || null, city: a.city || null, district: a.district || null, active: a.active })),
  };
}

/** A customer's fields, with their addresses (add, remove, mark inactive). */
export function CustomerFields({ form }: { form: CustomerForm }) {
  const { register, control } = form;
  const errors = form.formState.errors;
  const { fields, append, remove } = useFieldArray({ control, name: 'addresses' });
  return (
    <>
      <TextInput label="Name" data-autofocus {...register('name')} error={errors.name?.message} />
      <TextInput label="E-mail (optional)" {...register('email')} error={errors.email?.message} />
      <TextInput label="Region (optional)" {...register('region')} error={errors.region?.message} />
      <Group grow>
        <TextInput label="Birthday (optional)" placeholder="YYYY-MM-DD" {...register('birthday')} error={errors.birthday?.message} />
        <TextInput label="Name day (optional)" placeholder="YYYY-MM-DD" {...register('nameDay')} error={errors.nameDay?.message} />
      </Group>
      <Input.Wrapper label="Addresses" error={errors.addresses?.message}>
        <Stack gap="xs" mt={4}>
          {fields.map((field, i) => (
            <Group key={field.id} align="flex-end" wrap="nowrap" gap="xs">
              <TextInput label={`Area ${i + 1}`} {...register(`addresses.${i}.area`)} error={errors.addresses?.[i]?.area?.message} />
              <TextInput label={`City ${i + 1}`} {...register(`addresses.${i}.city`)} error={errors.addresses?.[i]?.city?.message} />
              <TextInput label={`District ${i + 1}`} {...register(`addresses.${i}.district`)} error={errors.addresses?.[i]?.district?.message} />
              <Checkbox mb={8} label="Active" {...register(`addresses.${i}.active`)} />
              <ActionIcon mb={4} variant="subtle" color="red" aria-label={`Remove address ${i + 1}`} onClick={() => remove(i)}>
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button size="xs" variant="default" onClick={() => append({ area: '', city: '', district: '', active: true })}>
              Add address
            </Button>
          </Group>
        </Stack>
      </Input.Wrapper>
    </>
  );
}

import { ActionIcon, Button, Checkbox, Group, Input, Stack, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useFieldArray, useWatch, type Control, type FieldErrors, type UseFormRegister, type UseFormReturn, type UseFormSetValue } from 'react-hook-form';
import { z } from 'zod';
import { SelectField } from '../../components/SelectField';

export const amount = z.string().trim().regex(/^\d+(\.\d{1,2})?$/, 'A decimal amount, e.g. 19.90');
export const lineSchema = z.object({ productId: z.string().min(1, 'Pick a product'), price: amount, isMain: z.boolean() });
export type Line = z.infer<typeof lineSchema>;
export const emptyLine = (isMain = false): Line => ({ productId: '', price: '', isMain });

/** The fields of a form that has product lines. */
interface LinesForm {
  lines: Line[];
}

interface Props {
  control: Control<LinesForm>;
  register: UseFormRegister<LinesForm>;
  setValue: UseFormSetValue<LinesForm>;
  errors: FieldErrors<LinesForm>;
  products: { value: string; label: string }[];
  label: string;
  /** Subscriptions mark one line as the main service. */
  withMain?: boolean;
}

/** Product lines (a subscription's services, a job's lines): add, remove, product and price each. */
export function LinesField({ control, register, setValue, errors, products, label, withMain = false }: Props) {
  const { fields, append, remove } = useFieldArray({ control, name: 'lines' });
  const lines = useWatch({ control, name: 'lines' });
  return (
    <Input.Wrapper label={label} error={errors.lines?.message ?? errors.lines?.root?.message}>
      <Stack gap="xs" mt={4}>
        {fields.map((field, i) => (
          <Group key={field.id} align="flex-end" wrap="nowrap" gap="xs">
            <div style={{ flex: 2 }}>
              <SelectField control={control} name={`lines.${i}.productId`} label={`Product ${i + 1}`} data={products} />
            </div>
            <TextInput style={{ flex: 1 }} label={`Price ${i + 1}`} inputMode="decimal" {...register(`lines.${i}.price`)} error={errors.lines?.[i]?.price?.message} />
            {withMain && (
              <Checkbox
                mb={8}
                label="Main"
                checked={lines?.[i]?.isMain ?? false}
                onChange={() => fields.forEach((_, j) => setValue(`lines.${j}.isMain`, j === i))}
              />
            )}
            <ActionIcon mb={4} variant="subtle" color="red" aria-label={`Remove line ${i + 1}`} disabled={fields.length === 1} onClick={() => remove(i)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button size="xs" variant="default" onClick={() => append(emptyLine(withMain && fields.length === 0))}>
            Add line
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}


/** The LinesField props from any form that has `lines` (react-hook-form's types are per form). */
export function linesProps<F extends LinesForm>(form: UseFormReturn<F, unknown, F>): Pick<Props, 'control' | 'register' | 'setValue' | 'errors'> {
  const f = form as unknown as UseFormReturn<LinesForm, unknown, LinesForm>;
  return { control: f.control, register: f.register, setValue: f.setValue, errors: f.formState.errors };
}

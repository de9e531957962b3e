import { MultiSelect, Select } from '@mantine/core';
import { Controller, type Control, type FieldValues, type Path } from 'react-hook-form';

type Option = { value: string; label: string } | string;

interface Props<T extends FieldValues> {
  control: Control<T>;
  name: Path<T>;
  label: string;
  data: readonly Option[];
  description?: string;
  clearable?: boolean;
}

/** A Mantine Select bound to a react-hook-form string field ('' when nothing is picked). */
export function SelectField<T extends FieldValues>({ control, name, label, data, description, clearable }: Props<T>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <Select
          label={label}
          description={description}
          searchable
          clearable={clearable}
          // Picking the chosen option again keeps it; only a clearable select can be emptied.
          allowDeselect={clearable ?? false}
          data={data as Option[]}
          value={field.value || null}
          onChange={(v) => field.onChange(v ?? '')}
          onBlur={field.onBlur}
          error={fieldState.error?.message}
        />
      )}
    />
  );
}

/** A Mantine MultiSelect bound to a react-hook-form string[] field. */
export function MultiSelectField<T extends FieldValues>({ control, name, label, data, description }: Omit<Props<T>, 'clearable'>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <MultiSelect label={label} description={description} searchable data={data as Option[]} value={field.value} onChange={field.onChange} onBlur={field.onBlur} error={fieldState.error?.message} />
      )}
    />
  );
}

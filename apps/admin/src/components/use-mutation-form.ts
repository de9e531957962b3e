import { zodResolver } from '@hookform/resolvers/zod';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useForm, type DefaultValues, type FieldValues } from 'react-hook-form';
import { useMutation, type AnyVariables, type TypedDocumentNode } from 'urql';
import type { z } from 'zod';
import { applyApiErrors } from '../app/api-errors';

/**
 * One form bound to one mutation: validates with zod before sending, then shows the API's errors on
 * the right field (or for the form as a whole), and reports success.
 */
export function useMutationForm<S extends z.ZodType<FieldValues, FieldValues>, Data, Variables extends AnyVariables>(options: {
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  mutation: TypedDocumentNode<Data, Variables>;
  toVariables: (values: z.output<S>) => Variables;
  success: string;
  onDone?: (data: Data) => void;
  /** API input names the form calls otherwise, e.g. `{ services: 'lines' }`. */
  apiFieldAliases?: Readonly<Record<string, string>>;
}) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({ resolver: zodResolver(options.schema as never) as never, defaultValues: options.defaultValues });
  const [{ fetching }, execute] = useMutation(options.mutation);
  const [formError, setFormError] = useState<string | null>(null);
  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    const result = await execute(options.toVariables(values));
    if (result.error) {
      setFormError(applyApiErrors(result.error, form.setError as never, Object.keys(options.defaultValues as object), options.apiFieldAliases));
      return;
    }
    notifications.show({ color: 'green', message: options.success });
    form.reset(options.defaultValues);
    if (result.data) options.onDone?.(result.data);
  });
  return { form, submit, fetching, formError, setFormError };
}

import type { CombinedError } from 'urql';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';

/**
 * Shows the API's errors where they belong: an error naming `input.email` lands on the form's
 * `email` field; anything else is returned as a message for the form as a whole.
 */
export function applyApiErrors<T extends FieldValues>(
  error: CombinedError | undefined,
  setError: UseFormSetError<T>,
  fields: readonly string[],
  /** API input names the form calls otherwise, e.g. `{ services: 'lines' }`. */
  aliases: Readonly<Record<string, string>> = {},
): string | null {
  if (!error) return null;
  const general: string[] = [];
  for (const e of error.graphQLErrors) {
    const field = typeof e.extensions?.field === 'string' ? e.extensions.field : undefined;
    // `input.services[1].price` is the form's `services.1.price`; a list's own error (`input.roles[0]`) goes on the list.
    const path = field?.replace(/^input\./, '').replace(/\[(\d+)\]/g, '.$1').replace(/^[^.]+/, (top) => aliases[top] ?? top);
    const name = path?.replace(/\.\d+$/, '');
    const message = field && e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
    if (name && fields.includes(name.split('.')[0]!)) setError(name as Path<T>, { type: 'server', message });
    else general.push(e.message);
  }
  if (error.networkError) general.push(`Network error: ${error.networkError.message}`);
  return general.length ? general.join('\n') : null;
}

export function errorMessage(error: CombinedError | undefined): string | null {
  if (!error) return null;
  return error.graphQLErrors.map((e) => e.message).join('\n') || error.networkError?.message || error.message;
}

import { CombinedError } from 'urql';
import { describe, expect, it, vi } from 'vitest';
import { applyApiErrors } from './api-errors';

describe('applyApiErrors', () => {
  it('puts an error naming input.<field> on that field, without the path prefix', () => {
    const setError = vi.fn();
    const error = new CombinedError({ graphQLErrors: [{ message: 'input.name: A group named "Marketing" exists already', extensions: { code: 'BAD_USER_INPUT', field: 'input.name' } }] });
    expect(applyApiErrors(error, setError, ['name'])).toBeNull();
    expect(setError).toHaveBeenCalledWith('name', { type: 'server', message: 'A group named "Marketing" exists already' });
  });

  it('puts an error on a list item field on that item', () => {
    const setError = vi.fn();
    const error = new CombinedError({ graphQLErrors: [{ message: 'input.services[1].price: must be positive', extensions: { field: 'input.services[1].price' } }] });
    expect(applyApiErrors(error, setError, ['services'])).toBeNull();
    expect(setError).toHaveBeenCalledWith('services.1.price', { type: 'server', message: 'must be positive' });
  });

  it('returns errors for fields the form does not have, and others, as a form-level message', () => {
    const setError = vi.fn();
    const error = new CombinedError({
      graphQLErrors: [
        { message: 'input.addresses[0].city: too long', extensions: { field: 'input.addresses[0].city' } },
        { message: 'You may not do that', extensions: { code: 'FORBIDDEN' } },
      ],
    });
    expect(applyApiErrors(error, setError, ['name'])).toBe('input.addresses[0].city: too long\nYou may not do that');
    expect(setError).not.toHaveBeenCalled();
  });

  it('does nothing without an error', () => {
    expect(applyApiErrors(undefined, vi.fn(), [])).toBeNull();
  });
});

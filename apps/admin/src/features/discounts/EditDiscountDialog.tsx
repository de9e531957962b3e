import { TextInput } from '@mantine/core';
import { z } from 'zod';
import { FormModal } from '../../components/FormModal';
import { useMutationForm } from '../../components/use-mutation-form';
import { graphql } from '../../graphql';

const Update = graphql(`
  mutation UpdateAdHocDiscount($id: ID!, $input: UpdateAdHocDiscountInput!) { updateAdHocDiscount(id: $id, input: $input) { id amount } }
`);

/** Changes the amount of one's own pending AMOUNT_RANGE discount (the API re-checks the range). */
export function EditDiscountDialog({ discount, onClose, onDone }: { discount: { id: string; number: string; amount: string | null }; onClose: () => void; onDone: () => void }) {
  const edit = useMutationForm({
    schema: z.object({ amount: z.string().trim().regex(/^\d+(\.\d+)?$/, 'A decimal amount, e.g. 15.00') }),
    defaultValues: { amount: discount.amount ?? '' },
    mutation: Update,
    toVariables: (v) => ({ id: discount.id, input: { amount: v.amount } }),
    success: 'Discount changed',
    onDone,
  });
  return (
    <FormModal title={`Change ${discount.number}`} opened onClose={onClose} onSubmit={edit.submit} submitting={edit.fetching} formError={edit.formError}>
      <TextInput label="Amount" data-autofocus {...edit.form.register('amount')} error={edit.form.formState.errors.amount?.message} />
    </FormModal>
  );
}

import { Badge, Table, Text } from '@mantine/core';
import { graphql, readFragment, type FragmentOf } from '../../graphql';

export const BillFields = graphql(`
  fragment BillFields on BillPreview {
    currency periodStart periodEnd subtotal discountTotal total
    lines { product { id code name } amount net discounts { application definitionId definitionName adHocDiscountId amount } }
  }
`);

/** A bill (preview): each product line with its price, every discount applied to it, and the net. */
export function BillView({ bill: masked }: { bill: FragmentOf<typeof BillFields> }) {
  const bill = readFragment(BillFields, masked);
  return (
    <Table aria-label="bill preview" mb="md" withTableBorder>
      <Table.Thead>
        <Table.Tr><Table.Th>Product</Table.Th><Table.Th ta="right">Price</Table.Th><Table.Th>Discounts</Table.Th><Table.Th ta="right">Net</Table.Th></Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {bill.lines.map((line, i) => (
          <Table.Tr key={`${line.product.id}-${i}`}>
            <Table.Td>{line.product.code} · {line.product.name}</Table.Td>
            <Table.Td ta="right">{line.amount}</Table.Td>
            <Table.Td>
              {line.discounts.length === 0 && <Text size="sm" c="dimmed">—</Text>}
              {line.discounts.map((d, j) => (
                <Text size="sm" key={j}>
                  <Badge size="xs" variant="light" color={d.application === 'AD_HOC' ? 'blue' : 'grape'} mr={4}>{d.application === 'AD_HOC' ? 'ad hoc' : 'auto'}</Badge>
                  {d.definitionName}: −{d.amount}
                </Text>
              ))}
            </Table.Td>
            <Table.Td ta="right">{line.net}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr><Table.Th colSpan={3}>Subtotal{bill.periodStart ? ` (${bill.periodStart} – ${bill.periodEnd ?? ''}, end exclusive)` : ''}</Table.Th><Table.Th ta="right">{bill.subtotal}</Table.Th></Table.Tr>
        <Table.Tr><Table.Th colSpan={3}>Discounts</Table.Th><Table.Th ta="right">−{bill.discountTotal}</Table.Th></Table.Tr>
        <Table.Tr><Table.Th colSpan={3}>Total ({bill.currency})</Table.Th><Table.Th ta="right" data-testid="bill-total">{bill.total}</Table.Th></Table.Tr>
      </Table.Tfoot>
    </Table>
  );
}

import { Button, Group, Text } from '@mantine/core';
import { useCallback, useState } from 'react';

/** Server-side cursor paging: a stack of `after` cursors, so "previous" goes back exactly. */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const reset = useCallback(() => setCursors([null]), []);
  return {
    after: cursors[cursors.length - 1] ?? null,
    page: cursors.length,
    reset,
    back: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    forward: (endCursor: string | null | undefined) => endCursor && setCursors((c) => [...c, endCursor]),
  };
}

interface Props {
  pages: ReturnType<typeof useCursorPages>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined;
  totalCount?: number;
  previousLabel?: string;
  nextLabel?: string;
}

export function CursorPager({ pages, pageInfo, totalCount, previousLabel = 'Previous', nextLabel = 'Next' }: Props) {
  return (
    <Group justify="flex-end" mt="sm">
      <Text c="dimmed" size="sm">
        Page {pages.page}
        {totalCount !== undefined ? ` · ${totalCount} in all` : ''}
      </Text>
      <Button variant="default" disabled={pages.page < 2} onClick={pages.back}>
        {previousLabel}
      </Button>
      <Button variant="default" disabled={!pageInfo?.hasNextPage} onClick={() => pages.forward(pageInfo?.endCursor)}>
        {nextLabel}
      </Button>
    </Group>
  );
}

// Types of the privacy sweep (index.mjs), for the API test.
export interface SweepLeak {
  viewer: string;
  operation: string;
  path: string;
  how: string;
}

export interface SweepResult {
  marker: string;
  tag: string;
  roles: number;
  operations: number;
  viewerCalls: number;
  coverage: number;
  perViewer: { viewer: string; operations: number; leaks: number }[];
  leaks: SweepLeak[];
  ownerReach: SweepLeak[];
  uncovered: { operation: string; why: string }[];
  requests: number;
  durationMs: number;
  slowest: { operation: string; ms: number }[];
  world: { ids: Record<string, string[]>; codes: string[]; bogusId: string };
}

export interface SweepOptions {
  url: string;
  token?: string;
  email?: string;
  password?: string;
  concurrency?: number;
  maxDepth?: number;
  maxVariants?: number;
  roles?: string[];
  log?: (line: string) => void;
}

export function runPrivacySweep(options: SweepOptions): Promise<SweepResult>;
export function formatReport(result: SweepResult, options?: { maxLines?: number }): string;
export const ROUTE_PATTERNS: string[];
export const VIEWER_ROLES: string[];
export const EXPLICIT_KINDS: string[];
export const DEPENDENT_KINDS: string[];

/** Expected failures are values, not exceptions: `{ ok: false, reason, explanation }`. */
export type Ok<T> = { ok: true; value: T };
export type Failure<R extends string> = { ok: false; reason: R; explanation: string; field?: string };
export type Result<T, R extends string = string> = Ok<T> | Failure<R>;

export function succeed<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function fail<R extends string>(reason: R, explanation: string, field?: string): Failure<R> {
  return field === undefined ? { ok: false, reason, explanation } : { ok: false, reason, explanation, field };
}

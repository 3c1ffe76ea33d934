import { useCallback, useState } from 'react';

export type KeyedStateSetter<T> = (update: T | ((current: T) => T)) => void;

/**
 * State that belongs to one `key` (a timeline, its lanes): when the key changes, the state starts
 * again from `initial` without an effect and a second render.
 */
export function useKeyedState<T>(key: unknown, initial: T): [T, KeyedStateSetter<T>] {
  const [state, setState] = useState<{ key: unknown; value: T }>({ key, value: initial });
  const value = state.key === key ? state.value : initial;
  const set = useCallback(
    (update: T | ((current: T) => T)) =>
      setState((current) => {
        const base = current.key === key ? current.value : initial;
        return { key, value: typeof update === 'function' ? (update as (current: T) => T)(base) : update };
      }),
    [key, initial]
  );
  return [value, set];
}

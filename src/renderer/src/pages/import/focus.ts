import { useEffect, useRef } from 'react';

/** A step's heading, focused when the step appears, so keyboard and screen-reader users start there (the button they pressed is gone). */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

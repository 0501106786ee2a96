/**
 * Calls a host-supplied hook (logger, metrics) so that its failure can never break a stream:
 * a throwing logger must not leave a stream without its terminal event or crash a timer.
 */
export function safeCall<A extends unknown[]>(
  hook: ((...args: A) => void) | undefined,
  ...args: A
) {
  try {
    hook?.(...args)
  } catch {
    // Nothing sensible to do: the hook is how we would have reported it.
  }
}

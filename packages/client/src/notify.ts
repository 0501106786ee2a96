/**
 * Calls an application callback. Its errors are the application's bugs: they are reported (as
 * an uncaught error in browsers, on the console elsewhere), never taken for a network failure,
 * and never change how the stream ends.
 */
export function notify<A extends unknown[]>(
  callback: ((...args: A) => void) | undefined,
  ...args: A
): void {
  try {
    callback?.(...args)
  } catch (error) {
    const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
    if (report) report(error)
    else console.error('Sluice: a stream callback threw', error)
  }
}

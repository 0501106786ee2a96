import type { SluiceClient } from '@sluice/client'
import type { SluiceStreamHandle } from '@sluice/react'
import { useEffect, useState } from 'react'

type Check =
  | { state: 'checking' }
  | { state: 'exact'; chars: number }
  | { state: 'differs'; detail: string }

/**
 * Once a stream is done, reads it again from its first event over a clean connection and
 * compares: the text shown, after whatever the network did, must be the server's, exactly.
 */
export function ExactnessCheck({
  handle,
  verifier,
}: {
  handle: SluiceStreamHandle
  verifier: SluiceClient
}) {
  const [check, setCheck] = useState<Check>()
  const { status, cursor, text } = handle
  const streamId = status === 'done' ? cursor?.streamId : undefined
  const resumeToken = cursor?.resumeToken
  useEffect(() => {
    setCheck(undefined)
    if (!streamId || !resumeToken) return
    const aborter = new AbortController()
    setCheck({ state: 'checking' })
    verifier.resume({ streamId, resumeToken, lastSeq: 0 }, { signal: aborter.signal }).result.then(
      (logged) =>
        setCheck(
          logged.text === text
            ? { state: 'exact', chars: text.length }
            : {
                state: 'differs',
                detail: `the server's log has ${logged.text.length} characters, the page ${text.length}`,
              },
        ),
      (error: Error) => {
        if (!aborter.signal.aborted)
          setCheck({ state: 'differs', detail: `could not read the log: ${error.message}` })
      },
    )
    return () => aborter.abort()
  }, [streamId, resumeToken, text, verifier])
  // Always there, empty until a check: a live region announces only changes to what it holds.
  return (
    <p className="exactness" role="status" data-testid="exactness" data-state={check?.state}>
      {check?.state === 'checking' && 'Comparing with the server’s log…'}
      {check?.state === 'exact' &&
        `✓ Text exact: all ${check.chars} characters match the server’s log.`}
      {check?.state === 'differs' && `✗ Text differs: ${check.detail}.`}
    </p>
  )
}

import type { ProvidersResponse } from '@sluice/client'
import { useEffect, useState } from 'react'
import { serverUrl } from '../server-url.js'

/** The server's providers; the unconfigured ones are listed with what they need. */
export function ProviderPicker({
  value,
  onChange,
}: {
  value: string
  onChange: (id: string) => void
}) {
  const [listing, setListing] = useState<ProvidersResponse>()
  const [problem, setProblem] = useState<string>()
  useEffect(() => {
    const aborter = new AbortController()
    fetch(`${serverUrl()}/v1/providers`, { signal: aborter.signal })
      .then((response) => {
        // An error's body is no listing: reading it as one would break the page.
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        return response.json() as Promise<ProvidersResponse>
      })
      .then(setListing, (error: Error) => {
        if (!aborter.signal.aborted)
          setProblem(`Cannot list the server's providers: ${error.message}`)
      })
    return () => aborter.abort()
  }, [])
  return (
    <div>
      <span className="field">
        <label htmlFor="provider">Provider</label>
        <select id="provider" value={value} onChange={(event) => onChange(event.target.value)}>
          {(listing?.available ?? [{ id: 'mock' }]).map(({ id }) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
          {listing?.unavailable.map(({ id }) => (
            <option key={id} value={id} disabled>
              {id} (unavailable)
            </option>
          ))}
        </select>
      </span>
      {problem && <p className="note">{problem}</p>}
      {listing?.unavailable.map(({ id, reason }) => (
        <p key={id} className="note">
          {reason}
        </p>
      ))}
    </div>
  )
}

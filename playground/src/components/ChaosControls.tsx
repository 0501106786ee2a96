import { useState, useSyncExternalStore } from 'react'
import type { PageNetwork } from '../page-network.js'
import type { Settings } from '../settings.js'
import { type NumberSetting, SettingFields } from './SettingFields.js'

const THROTTLE_BYTES_PER_SECOND = 200

/** Capped at the answer's length when the request is made. */
const MODEL_FAULTS: NumberSetting[] = [
  { key: 'failAt', label: 'Fail at token', min: 0, max: 5000 },
  { key: 'stallAt', label: 'Stall at token', min: 0, max: 5000 },
  { key: 'stallMs', label: 'Stall ms', min: 0, max: 600_000 },
]

interface Props {
  network: PageNetwork
  settings: Settings
  onChange: (settings: Settings) => void
  /** Tells the event log what was done. */
  onFault: (what: string) => void
}

/** Faults of the network (now, in this page) and of the mock model (for the next answer). */
export function ChaosControls({ network, settings, onChange, onFault }: Props) {
  const [throttled, setThrottled] = useState(false)
  const [buffered, setBuffered] = useState(false)
  const heldBytes = useSyncExternalStore(network.subscribe, network.heldBytes)
  const cut = () => {
    const count = network.cutNow()
    onFault(count ? 'Cut the connection' : 'Nothing to cut: no connection open')
  }
  const throttle = (on: boolean) => {
    setThrottled(on)
    network.throttle(on ? THROTTLE_BYTES_PER_SECOND : undefined)
    onFault(on ? `Throttled to ${THROTTLE_BYTES_PER_SECOND} B/s` : 'Throttle off')
  }
  const buffer = (on: boolean) => {
    setBuffered(on)
    const released = network.buffer(on)
    onFault(
      on
        ? 'Buffering like a bad proxy: event streams are held back until they end'
        : `Buffering off: ${released} bytes held back passed on`,
    )
  }
  return (
    <section className="panel" aria-labelledby="chaos-title">
      <h2 id="chaos-title">Chaos</h2>
      <div className="row">
        <button type="button" onClick={cut}>
          Cut the connection now
        </button>
        <label className="choice">
          <input type="checkbox" checked={throttled} onChange={(e) => throttle(e.target.checked)} />
          Throttle ({THROTTLE_BYTES_PER_SECOND} B/s)
        </label>
        <label className="choice">
          <input type="checkbox" checked={buffered} onChange={(e) => buffer(e.target.checked)} />
          Buffer like a bad proxy
        </label>
      </div>
      {buffered && (
        <p className="note" data-testid="held-bytes" data-bytes={heldBytes}>
          The proxy holds back {heldBytes} bytes.
        </p>
      )}
      <p className="note">The mock model, for the next answer (0 is off):</p>
      <SettingFields fields={MODEL_FAULTS} settings={settings} onChange={onChange} />
    </section>
  )
}

import { createSluiceClient } from '@sluice/client'
import { useResumedStream } from '@sluice/react'
import { useState } from 'react'
import { AnswerView } from './components/AnswerView.js'
import { ChaosControls } from './components/ChaosControls.js'
import { EventLog } from './components/EventLog.js'
import { ExactnessCheck } from './components/ExactnessCheck.js'
import { MetricsPanel } from './components/MetricsPanel.js'
import { PromptForm } from './components/PromptForm.js'
import { PageNetwork } from './page-network.js'
import { serverUrl } from './server-url.js'
import { type AnswerMode, DEFAULT_SETTINGS, streamRequest } from './settings.js'
import { isRunning } from './stream-running.js'
import { useEventLog } from './use-event-log.js'

/** The answer survives reloads under this key (in `sessionStorage`). */
const PERSIST_KEY = 'sluice-playground'
/** Whether the persisted answer is JSON: a resumed stream must know to parse it. */
const MODE_KEY = 'sluice-playground-mode'

const network = new PageNetwork()
const client = createSluiceClient({ baseUrl: serverUrl(), fetch: network.fetch })
/** Reads streams again over a clean connection, to check the text shown. */
const verifier = createSluiceClient({ baseUrl: serverUrl() })

export function App() {
  const [settings, setSettings] = useState(DEFAULT_SETTINGS)
  const [streamMode, setStreamMode] = useState(
    () => (sessionStorage.getItem(MODE_KEY) as AnswerMode | null) ?? 'text',
  )
  const handle = useResumedStream(client, PERSIST_KEY, { json: streamMode === 'json' })
  const log = useEventLog(handle)
  const running = isRunning(handle.status)

  const send = () => {
    sessionStorage.setItem(MODE_KEY, settings.mode)
    setStreamMode(settings.mode)
    handle.start(streamRequest(settings))
  }
  const actions = [
    {
      label: 'Stop reading',
      log: 'Stop reading (abort): the generation goes on',
      enabled: running,
      run: handle.abort,
    },
    {
      label: 'Stop generating',
      log: 'Stop generating (cancel)',
      enabled: running,
      run: handle.cancel,
    },
    { label: 'Retry', log: 'Retry', enabled: handle.status === 'error', run: handle.retry },
  ]

  return (
    <main>
      <header>
        <h1>Sluice playground</h1>
        <p className="lede">
          An answer streamed from the reference server ({serverUrl()}). Cut the network, stall or
          fail the model, reload the page: the text stays exact, and the model runs once.
        </p>
      </header>
      <div className="layout">
        <div className="column">
          <PromptForm settings={settings} onChange={setSettings} onSend={send} />
          <fieldset className="actions">
            <legend className="visually-hidden">Stream actions</legend>
            {actions.map(({ label, log: message, enabled, run }) => (
              <button
                key={label}
                type="button"
                disabled={!enabled}
                onClick={() => {
                  log.add(message)
                  run()
                }}
              >
                {label}
              </button>
            ))}
          </fieldset>
          <p className="status" role="status" data-testid="status" data-status={handle.status}>
            {handle.status}
          </p>
          <AnswerView handle={handle} />
          <ExactnessCheck handle={handle} verifier={verifier} />
        </div>
        <div className="column">
          <ChaosControls
            network={network}
            settings={settings}
            onChange={setSettings}
            onFault={log.add}
          />
          <MetricsPanel handle={handle} />
          <EventLog entries={log.entries} />
        </div>
      </div>
    </main>
  )
}

import { createSluiceClient, SluiceError, type SluiceStream } from '@sluice/client'

const client = createSluiceClient({
  baseUrl: import.meta.env.VITE_SLUICE_URL ?? 'http://127.0.0.1:8787',
})

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const form = byId<HTMLFormElement>('prompt-form')
const output = byId<HTMLPreElement>('output')
const status = byId<HTMLParagraphElement>('status')
const abortButton = byId<HTMLButtonElement>('abort')
const cancelButton = byId<HTMLButtonElement>('cancel')
let current: SluiceStream | undefined

function setRunning(running: boolean) {
  byId<HTMLButtonElement>('send').disabled = running
  abortButton.disabled = !running
  cancelButton.disabled = !running
}

form.addEventListener('submit', async (event) => {
  event.preventDefault()
  output.textContent = ''
  status.textContent = 'Connecting…'
  setRunning(true)
  const stream = client.start(
    {
      messages: [{ role: 'user', content: byId<HTMLTextAreaElement>('prompt').value }],
      mock: {
        tokens: Number(byId<HTMLInputElement>('tokens').value),
        seed: Number(byId<HTMLInputElement>('seed').value),
      },
    },
    {
      onText: (_delta, text) => {
        output.textContent = text
        status.textContent = 'Streaming…'
      },
    },
  )
  current = stream
  try {
    const result = await stream.result
    const { reconnects, timeToFirstTokenMs } = stream.metrics
    status.textContent = `Done (${result.finishReason}): first token after ${timeToFirstTokenMs ?? '–'} ms, ${reconnects} reconnects`
  } catch (error) {
    status.textContent = SluiceError.is(error)
      ? `Stopped: ${error.code}: ${error.message}`
      : String(error)
  } finally {
    if (current === stream) setRunning(false)
  }
})

abortButton.addEventListener('click', () => current?.abort())
cancelButton.addEventListener('click', () => {
  status.textContent = 'Cancelling…'
  current?.cancel().catch((error: unknown) => {
    status.textContent = `Cancel failed: ${String(error)}`
  })
})

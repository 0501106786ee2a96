import type { SluiceStreamHandle } from '@sluice/react'
import { isRunning } from '../stream-running.js'
import { JsonTree } from './JsonTree.js'

/** The answer: text, or a JSON object as it grows, and tool calls with their arguments. */
export function AnswerView({ handle }: { handle: SluiceStreamHandle }) {
  const streaming = isRunning(handle.status)
  return (
    <section className="panel answer" aria-labelledby="answer-title">
      <h2 id="answer-title">Answer</h2>
      {handle.json ? (
        <div className="json" data-testid="json" aria-live="polite" aria-busy={streaming}>
          <JsonTree value={handle.json.value} isComplete={handle.json.isComplete} />
          {handle.json.done && (
            <p className="note" data-testid="json-done">
              The object is complete.
            </p>
          )}
        </div>
      ) : (
        <div className="text" data-testid="answer" aria-live="polite" aria-busy={streaming}>
          {handle.text}
        </div>
      )}
      {handle.toolCalls.length > 0 && (
        <div data-testid="tool-calls">
          <h3>Tool calls</h3>
          {handle.toolCalls.map((call) => {
            const view = handle.stream?.toolCallArgs(call.toolCallId)
            return (
              <div key={call.toolCallId} className="tool-call">
                <code>{call.name ?? '…'}</code>(
                <JsonTree
                  value={call.args}
                  isComplete={(path) => view?.isComplete(path) ?? false}
                />
                )
              </div>
            )
          })}
        </div>
      )}
    </section>
  )
}

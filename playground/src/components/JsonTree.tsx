import type { JsonPath, JsonValue } from '@sluice/client'
import { memo } from 'react'

interface Props {
  value: JsonValue | undefined
  /** Read when rendering: a live answer, so it cannot tell a memo what was shown before. */
  isComplete: (path: JsonPath) => boolean
}

/**
 * A JSON value as it grows: members appear as they start, strings fill in, and finished values
 * are marked. A finished subtree is rendered once; only the open path to the growing edge is
 * rendered again as it grows.
 */
export function JsonTree({ value, isComplete }: Props) {
  return <JsonNode value={value} path={[]} done={isComplete([])} isComplete={isComplete} />
}

interface NodeProps extends Props {
  path: JsonPath
  done: boolean
}

const JsonNode = memo(
  function JsonNode({ value, path, done, isComplete }: NodeProps) {
    if (value === undefined) return <span className="pending">…</span>
    const mark = done ? <CompleteMark /> : null
    if (value === null || typeof value !== 'object') {
      return (
        <span className={done ? 'leaf complete' : 'leaf partial'}>
          {JSON.stringify(value)}
          {mark}
        </span>
      )
    }
    const entries: [string | number, JsonValue][] = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value)
    return (
      <span className={done ? 'node complete' : 'node partial'}>
        {Array.isArray(value) ? '[' : '{'}
        {mark}
        <ul>
          {entries.map(([key, item]) => {
            const itemPath = [...path, key]
            return (
              <li key={key}>
                {typeof key === 'string' && <span className="key">{JSON.stringify(key)}: </span>}
                <JsonNode
                  value={item}
                  path={itemPath}
                  done={isComplete(itemPath)}
                  isComplete={isComplete}
                />
              </li>
            )
          })}
        </ul>
        {Array.isArray(value) ? ']' : '}'}
      </span>
    )
  },
  // A finished value never changes again; an unfinished one may finish without changing.
  (before, after) => before.done && after.done && before.value === after.value,
)

function CompleteMark() {
  return (
    <span className="check" title="complete">
      {' ✓'}
      <span className="visually-hidden"> complete</span>
    </span>
  )
}

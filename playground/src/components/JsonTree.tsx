import type { JsonPath, JsonValue } from '@sluice/client'
import { memo } from 'react'

interface Props {
  value: JsonValue | undefined
  isComplete: (path: JsonPath) => boolean
  path?: JsonPath
}

/**
 * A JSON value as it grows: members appear as they start, strings fill in, and finished values
 * are marked. Memoised: a subtree whose value kept its identity is not rendered again, unless
 * its completion may have changed.
 */
export const JsonTree = memo(
  function JsonTree({ value, isComplete, path = [] }: Props) {
    if (value === undefined) return <span className="pending">…</span>
    const done = isComplete(path)
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
          {entries.map(([key, item]) => (
            <li key={key}>
              {typeof key === 'string' && <span className="key">{JSON.stringify(key)}: </span>}
              <JsonTree value={item} isComplete={isComplete} path={[...path, key]} />
            </li>
          ))}
        </ul>
        {Array.isArray(value) ? ']' : '}'}
      </span>
    )
  },
  // A finished subtree never changes again; an unfinished one may complete without changing.
  (before, after) =>
    before.value === after.value &&
    before.isComplete(before.path ?? []) &&
    after.isComplete(after.path ?? []),
)

function CompleteMark() {
  return (
    <span className="check" title="complete">
      {' ✓'}
      <span className="visually-hidden"> complete</span>
    </span>
  )
}

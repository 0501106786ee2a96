/** Redis key names. A stream's keys share a hash tag, so they would sit in one cluster slot. */
export function streamKeys(prefix: string, streamId: string) {
  const base = `${prefix}{${streamId}}`
  return {
    /** Hash: `record` (JSON), `last` (newest seq), `ended` (0/1), `idem` (its idempotency key). */
    meta: `${base}:meta`,
    /** Stream: one entry per event, entry id `<seq>-0`, fields `f` (frame) and `t` (terminal). */
    log: `${base}:log`,
    /** String: the id of the instance whose producer may append; lapses unless renewed. */
    lease: `${base}:lease`,
    /** Sorted set: instance id → time its readers' presence lapses. */
    readers: `${base}:readers`,
    /** Pub/Sub channel told the newest seq after every append. */
    appended: `${base}:appended`,
  }
}

export const idempotencyKey = (prefix: string, key: string) => `${prefix}idem:${key}`

/** Pub/Sub channel carrying ids of streams whose producer must stop. */
export const stopChannel = (prefix: string) => `${prefix}stop`

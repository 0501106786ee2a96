// Lua scripts: each runs atomically in Redis, which is what makes create, append and the
// producer lease safe with many server instances.

/**
 * KEYS: meta, log, lease, idempotency key (or '' for none).
 * ARGV: record JSON, lease holder, lease ms, ms an unfinished stream is kept.
 * Returns nil when created, or the record JSON that already holds the idempotency key.
 */
export const createScript = `
if KEYS[4] ~= '' then
  local existing = redis.call('GET', KEYS[4])
  if existing then return existing end
  redis.call('SET', KEYS[4], ARGV[1], 'PX', ARGV[4])
end
redis.call('HSET', KEYS[1], 'record', ARGV[1], 'last', 0, 'ended', 0, 'idem', KEYS[4])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
return nil
`

/**
 * KEYS: meta, log, lease, readers.
 * ARGV: fence, retention ms, channel, then seq, frame, terminal ('1'/'0') per entry.
 * The fence is the appending instance's id, which must hold the lease, or '' for an append
 * allowed only once the lease has lapsed (the `producer-lost` ending).
 * The whole batch is checked before any of it is stored.
 */
export const appendScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('unknown-stream No such stream')
end
local holder = redis.call('GET', KEYS[3])
if ARGV[1] == '' then
  if holder then return redis.error_reply('lease-lost The producer still holds its lease') end
elseif holder ~= ARGV[1] then
  return redis.error_reply('lease-lost This instance no longer holds the producer lease')
end
local state = redis.call('HMGET', KEYS[1], 'last', 'ended', 'idem')
local last = tonumber(state[1])
local ended = state[2] == '1'
for i = 4, #ARGV, 3 do
  if ended then return redis.error_reply('stream-ended The stream already ended') end
  local seq = tonumber(ARGV[i])
  if seq ~= last + 1 then
    return redis.error_reply('out-of-order Expected seq ' .. (last + 1) .. ', got ' .. ARGV[i])
  end
  last = seq
  ended = ARGV[i + 2] == '1'
end
for i = 4, #ARGV, 3 do
  redis.call('XADD', KEYS[2], ARGV[i] .. '-0', 'f', ARGV[i + 1], 't', ARGV[i + 2])
end
redis.call('HSET', KEYS[1], 'last', last, 'ended', ended and 1 or 0)
if tonumber(state[1]) == 0 then
  -- The log is born now: it lives no longer than its stream's record.
  redis.call('PEXPIRE', KEYS[2], redis.call('PTTL', KEYS[1]))
end
if ended then
  redis.call('DEL', KEYS[3], KEYS[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  if state[3] ~= '' then redis.call('PEXPIRE', state[3], ARGV[2]) end
end
redis.call('PUBLISH', ARGV[3], last)
return last
`

/** KEYS: lease. ARGV: holder, lease ms. Returns 1 if renewed, 0 if the lease is not ours. */
export const renewScript = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`

/** KEYS: lease. ARGV: holder. Deletes the lease if it is ours. */
export const releaseScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`

/**
 * KEYS: meta, lease. Returns the newest seq of a stream that has not ended and whose producer's
 * lease has lapsed, or -1.
 */
export const lostScript = `
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local state = redis.call('HMGET', KEYS[1], 'last', 'ended')
if not state[1] or state[2] == '1' then return -1 end
return tonumber(state[1])
`

/** KEYS: readers. ARGV: instance id, presence ms. Uses Redis' clock, shared by all instances. */
export const presentScript = `
local now = redis.call('TIME')
local ms = now[1] * 1000 + math.floor(now[2] / 1000)
redis.call('ZADD', KEYS[1], ms + ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0
`

/** KEYS: readers. Returns how many instances have readers attached. */
export const countReadersScript = `
local now = redis.call('TIME')
local ms = now[1] * 1000 + math.floor(now[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms)
return redis.call('ZCARD', KEYS[1])
`

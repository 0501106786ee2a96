import { type DestinationStream, type Logger, pino } from 'pino'
import type { ServerObserver } from '../observer.js'

/**
 * Fields that may carry a secret, censored wherever a host's own log call puts them. The
 * server's own lines never include resume tokens, headers or prompt text.
 */
const REDACTED_PATHS = [
  'resumeToken',
  '*.resumeToken',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  'messages',
  '*.messages',
]

/**
 * A JSON-lines logger at `level` (pino's: fatal, error, warn, info, debug, trace, or silent),
 * on stdout unless given another `destination`.
 */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'sluice' }, redact: REDACTED_PATHS }
  return destination ? pino(options, destination) : pino(options)
}

/**
 * Observer hooks that log: one line when a stream starts, one when it ends (time to first
 * token, tokens, duration, reason), and every error and refusal. Never a line per token.
 */
export function createLogObserver(logger: Logger): ServerObserver {
  return {
    streamStarted: (info) => logger.info({ event: 'stream-start', ...info }, 'stream started'),
    streamEnded(info) {
      const line = { event: 'stream-end', ...info }
      if (info.outcome === 'error') logger.warn(line, `stream failed: ${info.errorCode}`)
      else logger.info(line, `stream ended: ${info.outcome}`)
    },
    streamCancelled: (info) => logger.info({ event: 'stream-cancel', ...info }, 'stream cancelled'),
    readerAttached: (info) => logger.debug({ event: 'reader-attach', ...info }, 'reader attached'),
    readerDetached: (info) => logger.debug({ event: 'reader-detach', ...info }, 'reader detached'),
    readerDropped: (info) => logger.warn({ event: 'reader-drop', ...info }, 'slow reader dropped'),
    streamReaped: (info) =>
      logger.info({ event: 'stream-reap', ...info }, 'no reader: stream cancelled'),
    streamTimedOut: (info) =>
      logger.warn({ event: 'stream-timeout', ...info }, 'stream stopped at its max duration'),
    streamTruncated: (info) =>
      logger.warn({ event: 'stream-truncate', ...info }, `stream cut at its ${info.limit} limit`),
    requestRefused(info) {
      const line = { event: 'request-refused', ...info }
      if (info.status >= 500) logger.error(line, `request failed: ${info.code}`)
      else logger.info(line, `request refused: ${info.code}`)
    },
    internalError: (error) =>
      logger.error({ event: 'internal-error', err: error }, 'internal error'),
  }
}

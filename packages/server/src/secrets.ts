function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** `bytes` random bytes from the platform CSPRNG, base64url-encoded. */
function randomToken(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)))
}

/** 128 random bits: unguessable, and short enough for a URL. */
export const newStreamId = () => `str_${randomToken(16)}`

/** 192 random bits. */
export const newResumeToken = () => randomToken(24)

/**
 * Compares two secrets in time that depends only on their lengths, so that a client cannot
 * learn a token a character at a time from response latency.
 */
export function secretsEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length
  for (let i = 0; i < a.length; i++) {
    difference |= a.charCodeAt(i) ^ b.charCodeAt(i % Math.max(b.length, 1))
  }
  return difference === 0
}

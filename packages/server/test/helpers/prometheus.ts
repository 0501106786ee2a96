/** The samples of a Prometheus text exposition, by `name{labels}` as written. */
export function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const split = line.lastIndexOf(' ')
    samples.set(line.slice(0, split), Number(line.slice(split + 1)))
  }
  return samples
}

/** Reads one sample; a missing one fails the test rather than reading as 0. */
export function sample(samples: Map<string, number>, key: string): number {
  const value = samples.get(key)
  if (value === undefined) throw new Error(`no sample ${key} in the scrape`)
  return value
}

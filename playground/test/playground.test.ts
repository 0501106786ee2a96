import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { mockText, mockTokens, mockToolCalls } from '@sluice/mock-provider'
import {
  type ChaosProxy,
  fetchMockStats,
  startChaosProxy,
  startTestServer,
  type TestServer,
} from '@sluice/test-utils'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, launchChromium, type Page } from './browser.js'

const chromiumPath = inject('chromiumPath')
const playgroundUrl = inject('playgroundUrl')
const OPENAI_MISSING = 'The openai provider is not configured: set OPENAI_API_KEY on the server'
const SCREENSHOT = fileURLToPath(new URL('../../docs/playground.png', import.meta.url))
/** The whole text answer the mock gives to `mock`. */
const textOf = (mock: { tokens: number; tokenDelayMs: number; seed: number }) =>
  mockText({ ...mock, json: false })

describe.skipIf(!chromiumPath)('the playground in Chromium', () => {
  let server: TestServer
  let browser: Awaited<ReturnType<typeof launchChromium>>
  let page: Page
  let errors: string[]
  /** Errors the test causes on purpose: Chromium logs the body a cut broke off. */
  let expectedErrors: string[]

  beforeAll(async () => {
    server = await startTestServer({
      // As the reference server answers without OPENAI_API_KEY (see providersFromEnv).
      unavailableProviders: { openai: OPENAI_MISSING },
      corsOrigin: [new URL(playgroundUrl).origin],
    })
    browser = await launchChromium(chromiumPath)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  beforeEach(async () => {
    page = await browser.context.newPage()
    errors = collectPageErrors(page)
    expectedErrors = []
  })
  afterEach(async () => {
    await page.close()
    expect(errors).toEqual(expectedErrors)
  })

  const open = async (sluiceUrl = server.url) => {
    await page.goto(`${playgroundUrl}?server=${encodeURIComponent(sluiceUrl)}`)
    await page.getByRole('heading', { name: 'Sluice playground' }).waitFor()
  }
  const ask = async (mock: { tokens: number; tokenDelayMs: number; seed: number }) => {
    const field = (name: string) => page.getByRole('spinbutton', { name, exact: true })
    await field('Tokens').fill(String(mock.tokens))
    await field('ms per token').fill(String(mock.tokenDelayMs))
    await field('Seed').fill(String(mock.seed))
    await page.getByRole('button', { name: 'Send' }).click()
  }
  const status = () => page.getByTestId('status')
  const untilStatus = (value: string) =>
    page.locator(`[data-testid="status"][data-status="${value}"]`).waitFor({ timeout: 30_000 })
  const answer = () => page.getByTestId('answer').textContent()
  /** Until the page shows more than `length` characters of the answer. */
  const untilAnswerLonger = (length: number) =>
    page.waitForFunction(
      (min) => (document.querySelector('[data-testid="answer"]')?.textContent?.length ?? 0) > min,
      length,
    )
  const untilExact = () =>
    page.locator('[data-testid="exactness"][data-state="exact"]').waitFor({ timeout: 30_000 })
  const modelCalls = async () => (await fetchMockStats(server.url)).calls
  const untilModelCompleted = async (count: number, url = server.url) => {
    while ((await fetchMockStats(url)).completed < count) await page.waitForTimeout(20)
  }
  /** A metric as the page shows it, by its exact name. */
  const metric = (name: string) =>
    page
      .getByTestId('metrics')
      .locator('div')
      .filter({ has: page.getByText(name, { exact: true }) })
      .locator('dd')
      .textContent()
  const chartLabel = () =>
    page.getByRole('img', { name: /^Token arrival/ }).getAttribute('aria-label')
  const logText = () => page.getByTestId('log').textContent()
  const chaosSwitch = (name: string) => page.getByRole('checkbox', { name })

  it('streams a whole answer, exact, from the reference server on the mock provider', async () => {
    const mock = { tokens: 80, tokenDelayMs: 5, seed: 21 }
    const callsBefore = await modelCalls()
    await open()
    await ask(mock)
    await untilStatus('done')
    expect(await answer()).toBe(textOf(mock))
    await untilExact()
    expect(await modelCalls()).toBe(callsBefore + 1)
    expect(await status().textContent()).toBe('done')
    expect(await metric('Tokens')).toBe(String(mock.tokens))
    expect(await chartLabel()).toMatch(
      new RegExp(`^Token arrival: ${mock.tokens} tokens in \\d+ ms$`),
    )
  })

  it('the provider picker offers the configured providers and says why the others are not', async () => {
    await open()
    const picker = page.getByRole('combobox', { name: 'Provider' })
    await expect(picker.inputValue()).resolves.toBe('mock')
    await page.getByText(OPENAI_MISSING).waitFor()
    await expect(
      picker.locator('option', { hasText: 'openai (unavailable)' }).isDisabled(),
    ).resolves.toBe(true)
  })

  it('a server that cannot list its providers leaves the picker on the mock, and says why', async () => {
    const origin = new URL(playgroundUrl).origin
    const failing = createServer((_request, response) => {
      response.writeHead(503, {
        'content-type': 'application/json',
        'access-control-allow-origin': origin,
      })
      response.end('{"error":{"code":"unavailable","message":"down for maintenance"}}')
    })
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = failing.address() as AddressInfo
      await open(`http://127.0.0.1:${port}`)
      await page.getByText("Cannot list the server's providers: HTTP 503").waitFor()
      const picker = page.getByRole('combobox', { name: 'Provider' })
      await expect(picker.inputValue()).resolves.toBe('mock')
      // Chromium logs each refused request; how many the page makes to a dead server is not
      // the point here (it sometimes fetches the listing twice), only that nothing else fails.
      await page.waitForLoadState('networkidle')
      const refused =
        'console: Failed to load resource: the server responded with a status of 503 (Service Unavailable)'
      expect(errors.length).toBeGreaterThan(0)
      expectedErrors = errors.map(() => refused)
    } finally {
      // Chromium may hold a preconnected socket that never sent a request: `close()` alone
      // would wait for it until Node's 60 s headers timeout.
      const closed = new Promise((resolve) => failing.close(resolve))
      failing.closeAllConnections()
      await closed
    }
  })

  describe('through the chaos proxy', () => {
    let proxy: ChaosProxy
    afterEach(() => proxy?.close())

    it('a cut connection resumes and the text stays exact, with one generation', async () => {
      proxy = await startChaosProxy({
        target: server.url,
        // The page's first requests are the provider listing, then the stream: cut the stream.
        plan: (_index, head) =>
          head.method === 'POST' ? { kind: 'cut', afterBytes: 900 } : { kind: 'none' },
      })
      const mock = { tokens: 120, tokenDelayMs: 3, seed: 22 }
      const callsBefore = await modelCalls()
      await open(proxy.url)
      await ask(mock)
      await untilStatus('done')
      expect(await answer()).toBe(textOf(mock))
      await untilExact()
      const methods = proxy.exchanges.map((exchange) => exchange.requestLine.split(' ')[0])
      expect(methods.filter((method) => method === 'POST')).toHaveLength(1)
      expect(methods).toContain('GET')
      expect(proxy.exchanges.filter((exchange) => exchange.cut)).toHaveLength(1)
      expect(await page.getByTestId('metrics').textContent()).toContain('Reconnects1')
      expect(await modelCalls()).toBe(callsBefore + 1)
      expectedErrors = ['console: Failed to load resource: net::ERR_INCOMPLETE_CHUNKED_ENCODING']
    })
  })

  it('a reload mid-stream resumes where the answer was, with one generation', async () => {
    const mock = { tokens: 150, tokenDelayMs: 20, seed: 23 }
    const callsBefore = await modelCalls()
    await open()
    await ask(mock)
    await untilAnswerLonger(40)
    const posts: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url())
    })
    await page.reload()
    await untilStatus('done')
    expect(await answer()).toBe(textOf(mock))
    await untilExact()
    expect(Number(await metric('Replayed events'))).toBeGreaterThan(0)
    expect(posts).toEqual([])
    expect(await modelCalls()).toBe(callsBefore + 1)
  })

  it('stop generating cancels the model and the answer ends there', async () => {
    const mock = { tokens: 400, tokenDelayMs: 20, seed: 24 }
    await open()
    await ask(mock)
    await untilAnswerLonger(20)
    await page.getByRole('button', { name: 'Stop generating' }).click()
    await untilStatus('done')
    const text = (await answer()) ?? ''
    expect(textOf(mock).startsWith(text)).toBe(true)
    expect(text.length).toBeLessThan(textOf(mock).length)
    expect(await page.getByTestId('log').textContent()).toContain('Done (cancelled)')
    await untilExact()
  })

  it('stop reading leaves the generation running, and Retry reads it on from where it stopped', async () => {
    const mock = { tokens: 100, tokenDelayMs: 10, seed: 32 }
    const before = await fetchMockStats(server.url)
    await open()
    await ask(mock)
    await untilAnswerLonger(20)
    await page.getByRole('button', { name: 'Stop reading' }).click()
    await untilStatus('error')
    // The model runs on to its end while nobody reads.
    await untilModelCompleted(before.completed + 1)
    await page.getByRole('button', { name: 'Retry' }).click()
    await untilStatus('done')
    expect(await answer()).toBe(textOf(mock))
    await untilExact()
    expect(await logText()).toContain('Stop reading (abort): the generation goes on')
    expect(Number(await metric('Replayed events'))).toBeGreaterThan(0)
    const after = await fetchMockStats(server.url)
    expect([after.calls, after.cancellations]).toEqual([before.calls + 1, before.cancellations])
  })

  it('the chaos controls: a cut in the page resumes exactly, and a model failing at token n stops there', async () => {
    const mock = { tokens: 150, tokenDelayMs: 15, seed: 26 }
    await open()
    await ask(mock)
    await untilAnswerLonger(20)
    await page.getByRole('button', { name: 'Cut the connection now' }).click()
    await untilStatus('done')
    expect(await answer()).toBe(textOf(mock))
    await untilExact()
    expect(await page.getByTestId('metrics').textContent()).toContain('Reconnects1')
    expect(await page.getByTestId('log').textContent()).toContain('Cut the connection')

    const failing = { tokens: 30, tokenDelayMs: 5, seed: 27 }
    await page.getByRole('spinbutton', { name: 'Fail at token', exact: true }).fill('10')
    await ask(failing)
    await untilStatus('error')
    expect(await answer()).toBe(
      mockTokens({ ...failing, json: false })
        .slice(0, 10)
        .join(''),
    )
    expect(await page.getByTestId('log').textContent()).toContain('Stopped: stream-error')
    await expect(page.getByRole('button', { name: 'Retry' }).isEnabled()).resolves.toBe(true)
  })

  it('the throttle trickles the stream out slowly, and switched off lets the rest through exact', async () => {
    // The model has nothing to wait for: only the throttle paces what the page gets.
    const mock = { tokens: 60, tokenDelayMs: 0, seed: 29 }
    const full = textOf(mock)
    const callsBefore = await modelCalls()
    const completedBefore = (await fetchMockStats(server.url)).completed
    await open()
    await chaosSwitch('Throttle (200 B/s)').check()
    await ask(mock)
    await untilModelCompleted(completedBefore + 1)
    // Some text trickled through (a throttle, not a hold), long after the model was done.
    await untilAnswerLonger(0)
    expect(await status().getAttribute('data-status')).toBe('streaming')
    const shown = (await answer()) ?? ''
    expect(full.startsWith(shown) && shown.length < full.length).toBe(true)
    await chaosSwitch('Throttle (200 B/s)').uncheck()
    await untilStatus('done')
    expect(await answer()).toBe(full)
    await untilExact()
    expect(await metric('Reconnects')).toBe('0')
    expect(await logText()).toContain('Throttled to 200 B/s')
    expect(await logText()).toContain('Throttle off')
    expect(await modelCalls()).toBe(callsBefore + 1)
  })

  it('buffering like a bad proxy holds the whole stream back, and switched off passes it on in order', async () => {
    const mock = { tokens: 60, tokenDelayMs: 10, seed: 30 }
    const callsBefore = await modelCalls()
    await open()
    await chaosSwitch('Buffer like a bad proxy').check()
    await ask(mock)
    // The page shows the proxy holding bytes back while the answer stays empty.
    await page.locator('[data-testid="held-bytes"]:not([data-bytes="0"])').waitFor()
    expect(await answer()).toBe('')
    expect(await metric('Tokens')).toBe('0')
    await chaosSwitch('Buffer like a bad proxy').uncheck()
    await untilStatus('done')
    expect(await answer()).toBe(textOf(mock))
    await untilExact()
    expect(await logText()).toContain('Buffering like a bad proxy')
    expect(await logText()).toMatch(/Buffering off: [1-9]\d* bytes held back passed on/)
    expect(await metric('Reconnects')).toBe('0')
    expect(await modelCalls()).toBe(callsBefore + 1)
  })

  it('a stalled model keeps the connection alive with heartbeats: no reconnect, the text exact', async () => {
    // Heartbeats every 100 ms: a stall of 2 s is many heartbeat intervals, and the client
    // (stalled after 3 silent intervals) must not take it for a dead connection.
    const heartbeating = await startTestServer({
      heartbeatMs: 100,
      corsOrigin: [new URL(playgroundUrl).origin],
    })
    try {
      const mock = { tokens: 30, tokenDelayMs: 5, seed: 31 }
      const stallMs = 2000
      await open(heartbeating.url)
      await page.getByRole('spinbutton', { name: 'Stall at token', exact: true }).fill('10')
      await page.getByRole('spinbutton', { name: 'Stall ms', exact: true }).fill(String(stallMs))
      await ask(mock)
      // While the model is silent, the page shows it: no new token for a while, heartbeats
      // arriving, still streaming.
      await page.waitForFunction(() => {
        const shown = new Map(
          [...document.querySelectorAll('[data-testid="metrics"] div')].map((row) => [
            row.querySelector('dt')?.textContent,
            row.querySelector('dd')?.textContent ?? '',
          ]),
        )
        return (
          shown.get('Tokens') === '10' &&
          Number(shown.get('Heartbeats')) > 0 &&
          Number.parseInt(shown.get('Since the last token') ?? '', 10) >= 500 &&
          document.querySelector('[data-testid="status"]')?.textContent === 'streaming'
        )
      })
      await untilStatus('done')
      expect(await answer()).toBe(textOf(mock))
      await untilExact()
      expect(
        Number.parseInt((await metric('Inter-token latency (longest)')) ?? '', 10),
      ).toBeGreaterThanOrEqual(stallMs - 50)
      expect(Number(await metric('Heartbeats'))).toBeGreaterThan(0)
      expect(await metric('Reconnects')).toBe('0')
      // The chart spans the stall (a flat stretch).
      const [, chartMs] = /tokens in (\d+) ms/.exec((await chartLabel()) ?? '') ?? []
      expect(Number(chartMs)).toBeGreaterThanOrEqual(stallMs - 50)
      expect((await fetchMockStats(heartbeating.url)).calls).toBe(1)
    } finally {
      await heartbeating.close()
    }
  })

  it('streams a tool call whose arguments fill in to completion', async () => {
    const mock = { tokens: 20, tokenDelayMs: 5, seed: 28 }
    await open()
    await page.getByLabel('Text, then a tool call').check()
    await ask(mock)
    await untilStatus('done')
    const [call] = mockToolCalls({ seed: mock.seed, toolCalls: 1 })
    const toolCalls = page.getByTestId('tool-calls')
    expect(await toolCalls.locator('code').textContent()).toBe(call?.name)
    const args = JSON.parse(call?.argsText ?? '{}') as Record<string, unknown>
    const keys = await toolCalls.locator('.key').allTextContents()
    for (const key of Object.keys(args)) expect(keys).toContain(`${JSON.stringify(key)}: `)
    // The arguments, complete, are marked so at their root.
    await expect(toolCalls.locator('.node.complete').count()).resolves.toBeGreaterThan(0)
  })

  it('works by keyboard on a narrow screen, with the answer in a live region', async () => {
    await page.setViewportSize({ width: 360, height: 740 })
    await open()
    // Live regions exist before they change, or screen readers miss the change.
    expect(await page.getByTestId('exactness').getAttribute('role')).toBe('status')
    expect(await chartLabel()).toBe('Token arrival: 0 tokens in 0 ms')
    const overflow = () =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
    expect(await overflow()).toBe(0)
    await page.getByRole('spinbutton', { name: 'Tokens', exact: true }).focus()
    await page.keyboard.press('Control+A')
    await page.keyboard.type('30')
    // Enter in a field submits the prompt form.
    await page.keyboard.press('Enter')
    await untilStatus('done')
    expect(await answer()).toBe(mockText({ seed: 1, tokens: 30, json: false }))
    expect(await page.getByTestId('answer').getAttribute('aria-live')).toBe('polite')
    await page.getByRole('status').filter({ hasText: 'Text exact' }).waitFor()
    // Filled in (answer, metrics, chart, log), the page still fits.
    expect(await overflow()).toBe(0)
    // Focus moves through the actions in order, and is visible.
    await page.getByRole('button', { name: 'Send' }).focus()
    await page.keyboard.press('Tab')
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    )
    expect(outline).toBe('solid')
  })

  it('renders a JSON response as a growing object, to completion', async () => {
    const mock = { tokens: 60, tokenDelayMs: 10, seed: 25 }
    await open()
    await page.getByLabel('JSON object').check()
    await ask(mock)
    await page.getByTestId('json-done').waitFor({ timeout: 30_000 })
    await untilExact()
    const document = JSON.parse(mockText({ ...mock, json: true })) as Record<string, unknown>
    const keys = await page.locator('[data-testid="json"] .key').allTextContents()
    for (const key of Object.keys(document)) expect(keys).toContain(`${JSON.stringify(key)}: `)
    await expect(page.locator('[data-testid="json"] > .node.complete').count()).resolves.toBe(1)
    expect(await page.locator('[data-testid="json"] .check').count()).toBeGreaterThan(
      Object.keys(document).length,
    )
    if (process.env.UPDATE_SCREENSHOT) {
      await page.screenshot({ path: SCREENSHOT, fullPage: false })
    }
  })
})

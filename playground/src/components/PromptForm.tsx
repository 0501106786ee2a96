import type { FormEvent } from 'react'
import type { AnswerMode, Settings } from '../settings.js'
import { ProviderPicker } from './ProviderPicker.js'

const MODES: { value: AnswerMode; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'json', label: 'JSON object' },
  { value: 'tool-call', label: 'Text, then a tool call' },
]

interface Props {
  settings: Settings
  onChange: (settings: Settings) => void
  onSend: () => void
}

export function PromptForm({ settings, onChange, onSend }: Props) {
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) =>
    onChange({ ...settings, [key]: value })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSend()
  }
  return (
    <form className="panel" onSubmit={submit} aria-label="Prompt">
      <label htmlFor="prompt">Prompt</label>
      <textarea
        id="prompt"
        rows={2}
        required
        value={settings.prompt}
        onChange={(event) => set('prompt', event.target.value)}
      />
      <fieldset>
        <legend>Answer</legend>
        {MODES.map(({ value, label }) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="mode"
              value={value}
              checked={settings.mode === value}
              onChange={() => set('mode', value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <ProviderPicker value={settings.provider} onChange={(id) => set('provider', id)} />
      {settings.provider === 'mock' && (
        <div className="row">
          <NumberField
            label="Tokens"
            value={settings.tokens}
            min={1}
            max={5000}
            onChange={(v) => set('tokens', v)}
          />
          <NumberField
            label="ms per token"
            value={settings.tokenDelayMs}
            min={0}
            max={1000}
            onChange={(v) => set('tokenDelayMs', v)}
          />
          <NumberField
            label="Seed"
            value={settings.seed}
            min={0}
            max={1_000_000}
            onChange={(v) => set('seed', v)}
          />
        </div>
      )}
      <button type="submit" className="primary">
        Send
      </button>
    </form>
  )
}

export function NumberField(props: {
  label: string
  value: number
  min: number
  max: number
  onChange: (value: number) => void
}) {
  const id = `field-${props.label.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <span className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        min={props.min}
        max={props.max}
        value={props.value}
        onChange={(event) => props.onChange(Number(event.target.value))}
      />
    </span>
  )
}

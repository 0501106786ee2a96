import type { FormEvent } from 'react'
import type { AnswerMode, Settings } from '../settings.js'
import { ProviderPicker } from './ProviderPicker.js'
import { type NumberSetting, SettingFields } from './SettingFields.js'

const MODES: { value: AnswerMode; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'json', label: 'JSON object' },
  { value: 'tool-call', label: 'Text, then a tool call' },
]

const MOCK_FIELDS: NumberSetting[] = [
  { key: 'tokens', label: 'Tokens', min: 1, max: 5000 },
  { key: 'tokenDelayMs', label: 'ms per token', min: 0, max: 1000 },
  { key: 'seed', label: 'Seed', min: 0, max: 1_000_000 },
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
        <SettingFields fields={MOCK_FIELDS} settings={settings} onChange={onChange} />
      )}
      <button type="submit" className="primary">
        Send
      </button>
    </form>
  )
}

import type { Settings } from '../settings.js'

type NumericSetting = {
  [K in keyof Settings]: Settings[K] extends number ? K : never
}[keyof Settings]

export interface NumberSetting {
  key: NumericSetting
  label: string
  min: number
  max: number
}

/** A row of labelled number inputs, each editing one setting. */
export function SettingFields({
  fields,
  settings,
  onChange,
}: {
  fields: NumberSetting[]
  settings: Settings
  onChange: (settings: Settings) => void
}) {
  return (
    <div className="row">
      {fields.map(({ key, label, min, max }) => (
        <span key={key} className="field">
          <label htmlFor={`setting-${key}`}>{label}</label>
          <input
            id={`setting-${key}`}
            type="number"
            min={min}
            max={max}
            value={settings[key]}
            onChange={(event) => onChange({ ...settings, [key]: Number(event.target.value) })}
          />
        </span>
      ))}
    </div>
  )
}

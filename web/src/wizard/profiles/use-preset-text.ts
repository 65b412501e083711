import { useTranslation } from 'react-i18next';
import type { ProfilePreset } from '../../api/use-segments.ts';
import en from '../../i18n/namespaces/en/wizard.json';

type PresetKey = keyof typeof en.profiles.preset;

/** Returns a function that translates a preset's name and description. Unknown presets keep the server's text. */
export function usePresetText(): (preset: ProfilePreset) => { name: string; description: string } {
  const { t } = useTranslation('wizard');

  return (preset) => {
    if (!Object.hasOwn(en.profiles.preset, preset.key)) {
      return { name: preset.name, description: preset.description };
    }
    const key = preset.key as PresetKey;
    return {
      name: t(`profiles.preset.${key}.name`),
      description: t(`profiles.preset.${key}.description`),
    };
  };
}

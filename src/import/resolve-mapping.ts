import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors.ts';
import { MappingError, parseMappingFile, type ImportMapping } from './import-mapping.ts';
import { DEFAULT_MAPPING_PRESET, mappingPresets } from './mapping-presets.ts';

/**
 * Returns the mapping for a preset name or for the parsed JSON of a mapping
 * file. Throws AppError "invalid_input" that names every problem of the JSON,
 * or lists the presets when the name is unknown.
 */
export function resolveMapping(spec: string | { name: string; json: unknown }): ImportMapping {
  if (typeof spec === 'string') {
    const preset = mappingPresets[spec];
    if (!preset) {
      throw new AppError(
        'invalid_input',
        `Mapping "${spec}" is not a preset (${presetNames()}) nor a mapping file.`,
      );
    }
    return preset;
  }
  try {
    return parseMappingFile(spec.name, spec.json);
  } catch (error) {
    if (error instanceof MappingError) {
      throw new AppError(
        'invalid_input',
        `Mapping ${spec.name} is invalid: ${error.problems.join('; ')}.`,
        { problems: error.problems },
      );
    }
    throw error;
  }
}

/**
 * Loads the mapping that `--mapping` names: a preset, else a JSON mapping
 * file (see docs/import.md). Without a name it returns the generic preset.
 */
export async function loadMapping(spec: string | undefined): Promise<ImportMapping> {
  const name = spec ?? DEFAULT_MAPPING_PRESET;
  if (mappingPresets[name]) {
    return resolveMapping(name);
  }

  let text: string;
  try {
    text = await fs.readFile(name, 'utf8');
  } catch {
    throw new AppError(
      'invalid_input',
      `Mapping "${name}" is not a preset (${presetNames()}) and no file by that name can be read.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('invalid_input', `Mapping file ${name} is not valid JSON: ${reason}.`);
  }

  return resolveMapping({ name: path.basename(name), json });
}

function presetNames(): string {
  return Object.keys(mappingPresets).join(', ');
}

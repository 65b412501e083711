import type { i18n as I18n } from 'i18next';

/** A message of the server: its error code, its catalogue key and parameters, and its English text. */
export interface ServerMessage {
  code?: string;
  key?: string;
  params?: Record<string, string | number>;
  message: string;
  /** The HTTP status, which the text of the internal error names. */
  status?: number;
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * Returns a server message in the current language: the translation of its
 * catalogue key with its parameters, else the translation of its error code
 * with the English text as detail, else the English text. The server sends
 * the English text with every message, so a key or code that this build of
 * the web app does not know still shows something true.
 */
export function translateServerMessage(i18n: I18n, message: ServerMessage): string {
  const t = i18n.getFixedT(null, 'serverErrors') as unknown as Translate;
  const params = message.params ?? {};
  if (message.key && i18n.exists(`messages.${message.key}`, { ns: 'serverErrors' })) {
    return t(`messages.${message.key}`, { ...params, place: localPlace(t, params) });
  }
  if (message.code && i18n.exists(`codes.${message.code}`, { ns: 'serverErrors' })) {
    return t(`codes.${message.code}`, { detail: message.message, status: message.status });
  }

  return message.message;
}

/** Names the file, the line and the element path of a file problem in the current language. */
function localPlace(t: Translate, params: Record<string, string | number>): string | undefined {
  if (params.file === undefined) {
    return typeof params.place === 'string' ? params.place : undefined;
  }
  const parts = [String(params.file)];
  if (params.line !== undefined) {
    parts.push(t('place.line', { line: params.line }));
  }
  if (params.elementPath !== undefined) {
    parts.push(String(params.elementPath));
  }

  return parts.join(', ');
}

/**
 * Side effects for Mantine date fields: the Dutch dayjs locale, and parsing
 * a typed date in the display format, such as "20 maart 2026". Import it in
 * a module that renders a DateInput with valueFormat.
 */
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/nl';

dayjs.extend(customParseFormat);

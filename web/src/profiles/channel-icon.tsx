import type { StepChannel } from './use-profile-editor.ts';

/** Mantine colour of each channel's markers. */
export const CHANNEL_COLOURS: Record<StepChannel, string> = {
  email: 'blue',
  letter: 'grape',
  sms: 'teal',
  call: 'orange',
  fax: 'gray',
  handover: 'red',
};

/** SVG path data of a 16 × 16 line icon per channel. */
const ICON_PATHS: Record<StepChannel, string> = {
  // Envelope with its flap.
  email: 'M2 4h12v8H2z M2 4l6 5 6-5',
  // Page with a folded corner and two lines of text.
  letter: 'M4 2h6l2 2v10H4z M6 7h4 M6 10h4',
  // Speech bubble.
  sms: 'M2 3h12v8H7l-3 3v-3H2z',
  // Telephone handset.
  call: 'M4 2l2 3-1.5 1.5a8 8 0 0 0 5 5L11 10l3 2-1 2.5C7 14 2 9 1.5 3z',
  // Printer.
  fax: 'M4 6V2h8v4 M2 6h12v6h-2 M4 12H2 M4 9h8v5H4z',
  // Arrow out of a box: handed over to a collection agency.
  handover: 'M9 2h5v5 M14 2L7 9 M12 10v4H2V4h4',
};

/** Draws the line icon of a channel in the current text colour. */
export function ChannelIcon(props: { channel: StepChannel; size?: number }) {
  const size = props.size ?? 16;

  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={ICON_PATHS[props.channel]} />
    </svg>
  );
}

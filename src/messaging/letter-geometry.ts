/** Page geometry and fonts of the dunning letter, shared by its drawing functions. */

/** Points per millimetre: PDF user space has 72 points to the inch. */
export const MM = 72 / 25.4;

/**
 * The address window of a window envelope (C5, C5/6 or DL) for a DIN 5008
 * form B letter: 20 mm from the left edge, 45 mm from the top, 85 × 45 mm. The top 17.7 mm
 * hold the return address; the recipient's address starts below it.
 */
export const ADDRESS_WINDOW = { left: 20, top: 45, width: 85, height: 45 } as const;
export const RETURN_ZONE_HEIGHT = 17.7;

/**
 * The box, in millimetres, that the entity's logo is fitted into, keeping its aspect ratio and
 * aligned to the box's top right corner. It lies right of and above the address window.
 */
export const LOGO_BOX = { left: 140, top: 10, width: 50, height: 20 } as const;

/** Left margin 25 mm as DIN 5008 sets it, 165 mm of text width, and body text ending 272 mm from the top. */
export const LEFT = 25 * MM;
export const CONTENT_WIDTH = 165 * MM;
export const BOTTOM_LIMIT = 272 * MM;
export const FONT = 'Helvetica';
export const BOLD = 'Helvetica-Bold';

export type Doc = PDFKit.PDFDocument;

/** Font sizes, in points, between which the return address and the footer shrink to fit. */
export const SMALL_PRINT_MAX_SIZE = 7;
export const SMALL_PRINT_MIN_SIZE = 6;
/** Extra space between wrapped lines of the return address and the footer, in points. */
export const SMALL_PRINT_LINE_GAP = 1;

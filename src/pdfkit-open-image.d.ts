// pdfkit 0.20 has PDFDocument#openImage, which @types/pdfkit leaves out. It parses a PNG or JPEG
// buffer, throws on a damaged one, and returns the image with its size in pixels.
declare namespace PDFKit {
  interface PDFDocument {
    openImage(src: Buffer): { width: number; height: number };
  }
}

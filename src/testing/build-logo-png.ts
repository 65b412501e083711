import { PNG } from 'pngjs';

/** Builds a small PNG, a dark blue block with a light band, for logo tests. */
export function buildLogoPng(width = 120, height = 40): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 4;
      const band = y > height / 3 && y < (2 * height) / 3;
      png.data[offset] = band ? 250 : 20;
      png.data[offset + 1] = band ? 200 : 60;
      png.data[offset + 2] = band ? 40 : 140;
      png.data[offset + 3] = 255;
    }
  }

  return PNG.sync.write(png);
}

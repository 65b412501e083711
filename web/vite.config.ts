import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the web app from web/ into web/dist, which the Collecta server serves.
 * The dev server (`npm run dev:web`) forwards /api to a running `collecta serve`
 * at http://127.0.0.1:3000, or at the address given as `npm run dev:web -- --api URL`.
 */
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  css: {
    postcss: { plugins: [postcssPresetMantine()] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': apiTarget() },
  },
});

function apiTarget(): string {
  const index = process.argv.indexOf('--api');
  const value = index >= 0 ? process.argv[index + 1] : undefined;

  return value ?? 'http://127.0.0.1:3000';
}

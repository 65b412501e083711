import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import { defineConfig, loadEnv } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the web app from web/ into web/dist, which the Collecta server serves.
 * The dev server (`npm run dev:web`) forwards /api to a running `collecta serve`
 * at http://127.0.0.1:3000, or at COLLECTA_API_URL when that is set.
 */
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, webRoot, 'COLLECTA_');

  return {
    root: webRoot,
    plugins: [react()],
    css: {
      postcss: { plugins: [postcssPresetMantine()] },
    },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // The customer portal (portal.html) is a second, lighter entry that shares no code with the staff app.
      rollupOptions: {
        input: { main: `${webRoot}index.html`, portal: `${webRoot}portal.html` },
      },
      // The ageing report's chart library alone is about 480 kB, loaded on that screen only.
      chunkSizeWarningLimit: 800,
    },
    server: {
      proxy: { '/api': env.COLLECTA_API_URL ?? 'http://127.0.0.1:3000' },
    },
  };
});

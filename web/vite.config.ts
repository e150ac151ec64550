/**
 * The web pages' build (issue 16): Vue 3 + Vant + ECharts, bundled by Vite into dist/web at the project root,
 * which the bot serves itself (no CDN: bureaus run on intranets). Hashed file names under assets/ let the
 * server cache them for a year. `npm run build:web` runs this; `npm install` (prepare) and `npm start` (when
 * stale) call it, so the README's two commands stay the only ones.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // ECharts is one large chunk on its own; everything is served from the bot, gzipped.
    chunkSizeWarningLimit: 1200,
    target: ['chrome87', 'safari13'],
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API is the running bot.
    proxy: { '/api': 'http://localhost:3000', '/auth': 'http://localhost:3000', '/l/': 'http://localhost:3000' },
  },
});

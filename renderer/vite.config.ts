import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    // The kiosk serves from disk over loopback; one bundle paints sooner than a waterfall.
    chunkSizeWarningLimit: 2048,
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `pnpm dev`: this dev server proxies the API (started by `pnpm dev` on :4000); `pnpm build` emits
// dist/, which the API serves on its own port.
export default defineConfig({
  plugins: [react()],
  base: '/',
  server: {
    port: 5173,
    proxy: {
      '/graphql': 'http://localhost:4000',
      '/healthz': 'http://localhost:4000',
      // CSV exports and uploads
      '/api': 'http://localhost:4000',
    },
  },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 1500 },
});

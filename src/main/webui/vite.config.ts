import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// The console is served by the service itself at /console/ (Quarkus serves META-INF/resources), so the build
// writes straight into Maven's output folder. Hashed file names under assets/ are cached for a year;
// index.html is revalidated (application.properties, quarkus.http.filter.console-*).
export default defineConfig({
  base: '/console/',
  build: {
    outDir: fileURLToPath(new URL('../../../target/classes/META-INF/resources/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npm run dev` next to a running service (mvn quarkus:dev or the jar on 8080)
    proxy: {
      '/api': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});

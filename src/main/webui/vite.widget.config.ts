import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// The customer's chat widget (src/widget), served by the service at /chat/ (docs/channels/chat.md). One classic
// script (IIFE, not a module: sites on other origins load it without CORS) under a hashed name in assets/, cached
// for a year; the stable loader /chat/widget.js that websites embed is revalidated and only names the bundle.
const LIMIT = 40 * 1024;

function loaderAndDemo(): Plugin {
  return {
    name: 'switchboard-widget-loader',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((f) => f.type === 'chunk' && f.isEntry);
      if (!entry || entry.type !== 'chunk') this.error('no widget bundle');
      const gzipped = gzipSync(entry.code, { level: 9 }).length;
      // eslint-disable-next-line no-console
      console.log(`widget: ${entry.fileName} ${entry.code.length} bytes, ${gzipped} bytes gzipped (limit ${LIMIT})`);
      if (gzipped > LIMIT) this.error(`the widget is ${gzipped} bytes gzipped, above ${LIMIT}`);
      const name = JSON.stringify(entry.fileName);
      this.emitFile({
        type: 'asset',
        fileName: 'widget.js',
        source: `/* Switchboard chat widget loader (channels/webchat/README.md): revalidated on each page load, it loads the
   versioned bundle (cached for a year) with the data-* attributes of this tag. */
(function () {
  var tag = document.currentScript;
  if (!tag || window.__switchboardChatLoaded) { return; }
  window.__switchboardChatLoaded = true;
  var bundle = document.createElement('script');
  bundle.src = new URL(${name}, tag.src).href;
  bundle.async = true;
  for (var i = 0; i < tag.attributes.length; i++) {
    var a = tag.attributes[i];
    if (a.name.indexOf('data-') === 0) { bundle.setAttribute(a.name, a.value); }
  }
  (document.head || document.body).appendChild(bundle);
})();
`,
      });
      this.emitFile({
        type: 'asset',
        fileName: 'demo.html',
        source: readFileSync(fileURLToPath(new URL('./src/widget/demo.html', import.meta.url)), 'utf8'),
      });
    },
  };
}

export default defineConfig({
  base: '/chat/',
  publicDir: false,
  plugins: [loaderAndDemo()],
  build: {
    outDir: fileURLToPath(new URL('../../../target/classes/META-INF/resources/chat', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: false,
    reportCompressedSize: true,
    rollupOptions: {
      input: fileURLToPath(new URL('./src/widget/main.ts', import.meta.url)),
      output: {
        format: 'iife',
        entryFileNames: 'assets/widget-[hash].js',
        inlineDynamicImports: true,
      },
    },
  },
  // `vite preview --config vite.widget.config.ts` serves the built widget at /chat/demo.html next to a running service
  preview: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/ws': { target: 'ws://localhost:8080', ws: true },
    },
  },
});

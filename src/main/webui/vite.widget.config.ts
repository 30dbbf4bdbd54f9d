import { defineConfig, type Plugin } from 'vite';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// The customer's chat widget (src/widget), served by the service at /chat/ (docs/channels/chat.md). One classic
// script (not a module: sites on other origins load it without CORS) under a hashed name in assets/, cached for a
// year; the stable loader /chat/widget.js that websites embed is revalidated and only names the bundle. What the
// widget loads only when needed (the call: JsSIP) is a module chunk next to it, fetched with import().
const LIMIT = 40 * 1024;

function loaderAndDemo(): Plugin {
  return {
    name: 'switchboard-widget-loader',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((f) => f.type === 'chunk' && f.isEntry);
      if (!entry || entry.type !== 'chunk') this.error('no widget bundle');
      // The entry runs as a classic script: no static import or export, no import.meta; its own scope (an IIFE) so
      // nothing of it lands in the host page's globals. Its import() of a chunk resolves against the script's URL.
      if (entry.imports.length || entry.exports.length || entry.code.includes('import.meta')) {
        this.error(`the widget's entry must be a classic script: imports ${entry.imports}, exports ${entry.exports}`);
      }
      entry.code = `(function(){${entry.code}\n})();\n`;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const gzipped = gzipSync(chunk.code, { level: 9 }).length;
        // eslint-disable-next-line no-console
        console.log(`widget: ${chunk.fileName} ${chunk.code.length} bytes, ${gzipped} bytes gzipped`
          + (chunk === entry ? ` (limit ${LIMIT})` : ' (loaded when needed)'));
        if (chunk === entry && gzipped > LIMIT) this.error(`the widget is ${gzipped} bytes gzipped, above ${LIMIT}`);
      }
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
        format: 'es',
        entryFileNames: 'assets/widget-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
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

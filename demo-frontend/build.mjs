// Builds the demo page's JavaScript and CSS into demo_site/page/static, then records what
// they were built from, so the test suite can tell when a source changed without a rebuild.
//
//   cd demo-frontend && npm ci && npm run build
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = '../demo_site/page/static';
const TEMPLATE = '../demo_site/page/assets.html.j2';
const SOURCES = ['package.json', 'package-lock.json', 'build.mjs',
  ...readdirSync('src').sort().map((name) => `src/${name}`)];

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

// The same digest is recomputed in tests/demo_site/test_page.py.
function sourcesDigest() {
  return sha256(SOURCES.map((path) => `${path}\n${sha256(readFileSync(path))}\n`).join(''));
}

const result = await esbuild.build({
  entryPoints: { demo: 'src/main.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outdir: OUT,
  legalComments: 'none',
  metafile: true,
  banner: { js: '/* The demo page of the Outsourcing Leadership Lab. Bundled packages and their licences: demo.js.LICENSES.txt */' },
  loader: { '.svg': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
  logLevel: 'warning',
});

// Every bundled package's licence text, as their licences ask of redistributed builds.
function packagesIn(metafile) {
  const names = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (match) names.add(match[1]);
  }
  return [...names].sort();
}

function licenceText(name) {
  const folder = join('node_modules', name);
  const file = readdirSync(folder).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const { version, license } = JSON.parse(readFileSync(join(folder, 'package.json')));
  const text = file ? readFileSync(join(folder, file), 'utf8').trim() : `Licence: ${license}`;
  return `${name}@${version} (${license})\n\n${text}\n`;
}

rmSync(join(OUT, 'demo.js.LEGAL.txt'), { force: true });
writeFileSync(
  join(OUT, 'demo.js.LICENSES.txt'),
  packagesIn(result.metafile).map(licenceText).join(`\n${'-'.repeat(72)}\n\n`),
);

const version = (name) => sha256(readFileSync(join(OUT, name))).slice(0, 16);
writeFileSync(
  TEMPLATE,
  '{#- Written by demo-frontend/build.mjs: the demo page\'s assets, versioned by content. -#}\n' +
    `<link rel="stylesheet" href="{{ resources.base_url }}course-demo/static/demo.css?v=${version('demo.css')}">\n` +
    `<script defer src="{{ resources.base_url }}course-demo/static/demo.js?v=${version('demo.js')}"></script>\n`,
);
writeFileSync(
  join(OUT, 'build.json'),
  JSON.stringify({ sources: SOURCES, sources_sha256: sourcesDigest(), esbuild: esbuild.version }, null, 2) + '\n',
);
console.log(`built ${OUT}/demo.js (${readFileSync(join(OUT, 'demo.js')).length} bytes), demo.css, ${TEMPLATE}`);

// Renders the readiness report of the test fixture (fixtures/readiness/facts.json, gathered by
// test/integrations/ansible-readiness.test.ts with READINESS_FACTS_OUT) with the built CLI, and
// screenshots its matrices in headless Chromium for docs/readiness.md:
//   npm run build && node scripts/readiness-screenshot.mjs [CHROMIUM]
// CHROMIUM defaults to /usr/bin/chromium (Debian's package); playwright-core downloads no browser.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs', 'images', 'readiness-report.png');
const dir = mkdtempSync(join(tmpdir(), 'cni-migrate-screenshot-'));
try {
  const html = join(dir, 'report.html');
  const r = spawnSync(process.execPath, [join(root, 'bin', 'cni-migrate.js'), 'readiness', join(root, 'fixtures', 'readiness', 'facts.json'), '--html', html], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cni-migrate readiness failed: ${r.stderr}`);
  const browser = await chromium.launch({ executablePath: process.argv[2] ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1180, height: 600 }, deviceScaleFactor: 1 });
    await page.goto(`file://${html}`);
    // The page's top: title, totals, and each group's matrix.
    const last = page.locator('section.group').last();
    const box = await last.boundingBox();
    await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1180, height: Math.ceil((box?.y ?? 0) + (box?.height ?? 560) + 16) } });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Lighthouse's accessibility score of each page given, with Debian's Chromium at a phone's size.
// Each page is opened, then audited as it stands (Lighthouse's snapshot mode: the same
// accessibility audits as a navigation, without its load-timing waits). Fails when a page scores
// under the threshold.
// Usage: node lighthouse.mjs MIN_SCORE URL...
import * as chromeLauncher from 'chrome-launcher';
import { snapshot } from 'lighthouse';
import puppeteer from 'puppeteer-core';

const [minimum, ...urls] = process.argv.slice(2);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync'],
});
const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
const config = {
  extends: 'lighthouse:default',
  settings: { onlyCategories: ['accessibility'], formFactor: 'mobile', disableFullPageScreenshot: true,
              screenEmulation: { mobile: true, width: 390, height: 844, deviceScaleFactor: 2, disabled: false } },
};
let failed = 0;
try {
  const page = await browser.newPage();
  for (const url of urls) {
    await page.goto(url, { waitUntil: 'load' });
    const result = await snapshot(page, { config });
    const category = result.lhr.categories.accessibility;
    const score = Math.round(category.score * 100);
    const lost = category.auditRefs
      .filter((ref) => ref.weight > 0 && result.lhr.audits[ref.id].score !== null && result.lhr.audits[ref.id].score < 1)
      .map((ref) => ref.id);
    const ok = score >= Number(minimum);
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} lighthouse accessibility ${score} ${url.replace(/\/s\/[0-9A-Z]+/, '/s/…')}` +
                `${lost.length ? ` (lost on: ${lost.join(', ')})` : ''}`);
  }
} finally {
  await browser.disconnect();
  await chrome.kill();
}
process.exitCode = failed ? 1 : 0;

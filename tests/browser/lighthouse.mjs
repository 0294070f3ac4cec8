// Lighthouse's accessibility score of each page given, with Debian's Chromium at a phone's size.
// Each page is opened, then audited as it stands (Lighthouse's snapshot mode: the same
// accessibility audits as a navigation, without its load-timing waits). Fails when a page scores
// under the threshold.
// Usage: node lighthouse.mjs MIN_SCORE URL...   (a "POST|URL|FORM" argument audits the page a form
// post answers with, e.g. a refusal, as the browser shows it after the tap)
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
    if (url.startsWith('POST|')) {
      const [, action, form] = url.split('|');
      await page.goto('about:blank');
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'load' }),
        page.evaluate((action, form) => {
          const f = document.createElement('form');
          f.method = 'post';
          f.action = action;
          for (const [name, value] of new URLSearchParams(form)) {
            const input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            input.value = value;
            f.appendChild(input);
          }
          document.body.appendChild(f);
          f.submit();
        }, action, form),
      ]);
    } else {
      await page.goto(url, { waitUntil: 'load' });
    }
    const result = await snapshot(page, { config });
    const category = result.lhr.categories.accessibility;
    const score = Math.round(category.score * 100);
    const lost = category.auditRefs
      .filter((ref) => ref.weight > 0 && result.lhr.audits[ref.id].score !== null && result.lhr.audits[ref.id].score < 1)
      .map((ref) => ref.id);
    const ok = score >= Number(minimum);
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} lighthouse accessibility ${score} ${url.replace(/\/s\/[0-9A-Z]+/, '/s/…').replace(/\|/g, ' ')}` +
                `${lost.length ? ` (lost on: ${lost.join(', ')})` : ''}`);
  }
} finally {
  await browser.disconnect();
  await chrome.kill();
}
process.exitCode = failed ? 1 : 0;

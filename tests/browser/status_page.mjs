// Opens a status page in headless Chromium at a phone's size (390x844) and checks that it needs no
// horizontal scrolling, that its stylesheet applied (the CSP hash matches) and that the browser
// reported no errors. Saves a full-page screenshot.
// Usage: node status_page.mjs URL SCREENSHOT.png
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true,
                                       hasTouch: true });
  const problems = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => { if (!request.url().startsWith(new URL(url).origin)) problems.push(`external request ${request.url()}`); });
  const response = await page.goto(url, { waitUntil: 'load' });
  const metrics = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    sectionRadius: getComputedStyle(document.querySelector('section')).borderTopLeftRadius,
    // What a finger aims at: buttons, links, fields, and the labels around radio buttons.
    smallestTarget: Math.min(...[...document.querySelectorAll('button, a, label:has(input), input:not([type=radio]), textarea')]
      .map((e) => e.getBoundingClientRect().height).filter((h) => h > 0), 999),
  }));
  await page.screenshot({ path: screenshot, fullPage: true });
  const result = { status: response.status(), ...metrics, problems };
  console.log(JSON.stringify(result));
  const ok = result.status === 200 && metrics.scrollWidth <= metrics.clientWidth && metrics.sectionRadius === '12px' &&
             metrics.smallestTarget >= 24 && problems.length === 0;
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
}

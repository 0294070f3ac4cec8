// Every state of the customer's status page in headless Chromium at a phone's size (390x844), in
// English, Spanish and French: no horizontal scrolling, the stylesheet applies under the
// Content-Security-Policy, no browser errors or outside requests, targets a finger can hit, axe-core
// finds no serious or critical violation, and Approve is above the fold. It also taps through the
// estimate (Approve -> confirm -> the status page; Decline likewise; a second answer) and the
// rating, as a customer would. Saves a screenshot of each page.
// Usage: node status_page.mjs BASE_URL OUT_DIR CASES.json
//   CASES.json: {"awaiting": [token, token, token], "states": {"checked_in": token, ...}}
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, out, casesFile] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesFile, 'utf8'));
const languages = ['en', 'es', 'fr'];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const failures = [];
const checked = [];

async function check(page, name, { status = 200, approveAboveFold = false } = {}, response = null) {
  // A 404 page is meant to answer 404: Chromium reports that as a console error.
  const problems = page.problems.filter((p) => !(status === 404 && /status of 404/.test(p)));
  page.problems.length = 0;
  if (response && response.status() !== status) problems.push(`HTTP ${response.status()}, expected ${status}`);
  const m = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    sectionRadius: getComputedStyle(document.querySelector('section')).borderTopLeftRadius,
    heading: !!document.querySelector('h1'),
    store: !!document.querySelector('header .store'),
    // What a finger aims at: buttons, links, fields, and the labels around radio buttons.
    smallestTarget: Math.min(...[...document.querySelectorAll('button, a, label:has(input), input:not([type=radio]):not([type=hidden]), textarea')]
      .map((e) => e.getBoundingClientRect().height).filter((h) => h > 0), 999),
    approveBottom: (() => {
      const b = document.querySelector('button[value=approve]');
      return b ? b.getBoundingClientRect().bottom + window.scrollY : null;
    })(),
    languageLinks: [...document.querySelectorAll('nav a')].map((a) => a.getAttribute('href')),
    starsRows: (() => {
      const tops = new Set([...document.querySelectorAll('.stars label')].map((l) => Math.round(l.getBoundingClientRect().top)));
      return tops.size;
    })(),
  }));
  if (m.scrollWidth > m.clientWidth) problems.push(`scrolls sideways (${m.scrollWidth} > ${m.clientWidth})`);
  if (m.sectionRadius !== '12px') problems.push('stylesheet not applied (CSP hash?)');
  if (!m.heading) problems.push('no h1');
  if (!m.store) problems.push('no store header');
  if (m.smallestTarget < 24) problems.push(`a target only ${m.smallestTarget}px high`);
  if (approveAboveFold && (m.approveBottom === null || m.approveBottom > 844))
    problems.push(`Approve is not above the fold (bottom at ${m.approveBottom})`);
  if (m.starsRows > 1) problems.push(`the rating wraps onto ${m.starsRows} rows`);
  for (const href of m.languageLinks)
    if (!/^\/(s\/[0-9A-Z]+|track)\?lang=(en|es|fr)$/.test(href)) problems.push(`language link to ${href}`);
  await page.evaluate(axeSource);
  const axe = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  for (const v of axe)
    if (v.impact === 'serious' || v.impact === 'critical') problems.push(`axe ${v.impact}: ${v.id} at ${v.nodes.join(', ')}`);
  const shot = `${out}/status-${name}.png`;
  await page.screenshot({ path: shot, fullPage: true });
  checked.push({ name, url: page.url(), lang: m.lang });
  if (problems.length) failures.push({ name, url: page.url(), problems });
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name} ${problems.join('; ')}`);
}

async function newPage() {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true,
                                       hasTouch: true });
  page.problems = [];
  page.on('console', (message) => { if (message.type() === 'error') page.problems.push(message.text()); });
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith(new URL(base).origin)) page.problems.push(`external request ${request.url()}`);
  });
  return page;
}

try {
  const page = await newPage();
  for (const lang of languages) {
    for (const [state, token] of Object.entries(cases.states)) {
      const response = await page.goto(`${base}/s/${token}?lang=${lang}`);
      await check(page, `${state}-${lang}`, { approveAboveFold: state === 'awaiting_approval' }, response);
    }
    let response = await page.goto(`${base}/track?lang=${lang}`);
    await check(page, `track-${lang}`, {}, response);
    // A wrong try: back on the form (POST/redirect/GET) with the code kept and the reason said.
    await page.fill('#code', 'R7K-4PQ-92Y');
    await page.fill('#phone', '1234');
    await Promise.all([page.waitForNavigation(), page.click('button.go')]);
    if (await page.inputValue('#code') !== 'R7K-4PQ-92Y') page.problems.push('the typed code was lost');
    if (!(await page.$('[role=alert]'))) page.problems.push('no alert after a wrong try');
    await check(page, `track-failed-${lang}`);
    response = await page.goto(`${base}/s/00000000000000000000000001?lang=${lang}`);
    await check(page, `not-found-${lang}`, { status: 404 }, response);
  }

  // Tap through the estimate, as a customer: Approve (en), Decline (es), Approve then a stale
  // Decline from another tab (fr).
  const flows = [['en', 'approve'], ['es', 'decline'], ['fr', 'approve']];
  for (const [i, [lang, decision]] of flows.entries()) {
    const token = cases.awaiting[i];
    await page.goto(`${base}/s/${token}?lang=${lang}`);
    const stale = await newPage();
    await stale.goto(`${base}/s/${token}?lang=${lang}&confirm=decline`);
    await Promise.all([page.waitForNavigation(), page.click(`button[value=${decision}]`)]);
    await check(page, `confirm-${decision}-${lang}`);
    await Promise.all([page.waitForNavigation(), page.click('form[method=post] button')]);
    if (!(await page.$('.notice'))) page.problems.push('no confirmation after answering');
    await check(page, `answered-${decision}-${lang}`);
    if (i === 2) {  // the other tab still offers Decline: its answer lands on the status page too
      await Promise.all([stale.waitForNavigation(), stale.click('form[method=post] button')]);
      const notice = await stale.textContent('.notice').catch(() => '');
      if (!/accepté/.test(notice || '')) stale.problems.push(`second answer says "${notice}"`);
      await check(stale, `second-answer-${lang}`);
    }
    await stale.close();
  }

  // Rate a completed case (fr), then see the thank-you.
  const completed = cases.states.completed;
  await page.goto(`${base}/s/${completed}?lang=fr`);
  await page.check('input[name=rating][value="5"]');
  await Promise.all([page.waitForNavigation(), page.click('button.go')]);
  if ((await page.evaluate(() => document.documentElement.lang)) !== 'fr') page.problems.push('the rating answered in another language');
  await check(page, 'rated-fr');
} finally {
  await browser.close();
}
console.log(`${checked.length} pages checked, ${failures.length} with problems`);
process.exitCode = failures.length ? 1 : 0;

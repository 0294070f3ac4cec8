// Every state of the customer's status page in headless Chromium at a phone's size (390x844), in
// English, Spanish and French: no horizontal scrolling, the stylesheet applies under the
// Content-Security-Policy, no browser errors or outside requests, targets a finger can hit, axe-core
// finds no serious or critical violation, and Approve is above the fold. It also taps through the
// estimate (Approve -> confirm -> the status page; Decline likewise; a second answer) and the
// rating, as a customer would, and sends a photo carrying a GPS position through the plain form
// with JavaScript off: the photo served back has no EXIF and no position. Saves a screenshot of
// each page.
// Usage: node status_page.mjs BASE_URL OUT_DIR CASES.json
//   CASES.json: {"awaiting": [token, token, token], "states": {"checked_in": token, ...},
//                "photo": {"token": token, "jpeg": "plain.jpg"}}
import { readFileSync, writeFileSync } from 'node:fs';
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

// An APP1 "Exif" segment spliced in after the JPEG's start, as a phone's camera writes it: IFD0
// with the orientation and a GPS IFD (latitude reference, latitude, and GPS_MARKER as the
// processing method). Little-endian TIFF.
const GPS_MARKER = 'GPS-MARKER-48.8584N-2.2945E';
function withGpsExif(jpeg) {
  const marker = Buffer.from(GPS_MARKER);
  const ifd0 = 8, gpsIfd = ifd0 + 2 + 2 * 12 + 4, latitude = gpsIfd + 2 + 3 * 12 + 4, method = latitude + 24;
  const tiff = Buffer.alloc(method + marker.length);
  let at = 0;
  const u16 = (v) => { tiff.writeUInt16LE(v, at); at += 2; };
  const u32 = (v) => { tiff.writeUInt32LE(v, at); at += 4; };
  const entry = (tag, type, count, value) => { u16(tag); u16(type); u32(count); u32(value); };
  tiff.write('II', 0); at = 2; u16(42); u32(ifd0);
  u16(2); entry(0x0112, 3, 1, 1); entry(0x8825, 4, 1, gpsIfd); u32(0);
  u16(3); entry(0x0001, 2, 2, 'N'.charCodeAt(0)); entry(0x0002, 5, 3, latitude); entry(0x001B, 7, marker.length, method); u32(0);
  for (const v of [48, 1, 51, 1, 2952, 100]) u32(v);
  marker.copy(tiff, at);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const header = Buffer.from([0xFF, 0xE1, (body.length + 2) >> 8, (body.length + 2) & 0xFF]);
  return Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)]);
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

  // A photo from the phone, JavaScript off: the plain form, a JPEG whose EXIF holds a GPS position.
  if (cases.photo) {
    const photoFile = `${out}/photo-with-gps.jpg`;
    writeFileSync(photoFile, withGpsExif(readFileSync(cases.photo.jpeg)));
    const noScript = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
                                                javaScriptEnabled: false });
    const phone = await noScript.newPage();
    await phone.goto(`${base}/s/${cases.photo.token}?lang=en`);
    await phone.setInputFiles('input[type=file][name=photo]', photoFile);
    await Promise.all([phone.waitForNavigation(), phone.click('form[enctype="multipart/form-data"] button')]);
    const after = phone.url();
    const notice = await phone.textContent('.notice').catch(() => '');
    const thumbs = await phone.$$eval('.photos img', (imgs) => imgs.map((i) => i.getAttribute('src')));
    await noScript.close();
    const problems = [];
    if (!/notice=photo/.test(after)) problems.push(`the upload went to ${after}`);
    if (!/photo was added/.test(notice || '')) problems.push(`the page says "${notice}"`);
    if (thumbs.length !== 1) problems.push(`${thumbs.length} thumbnails on the page`);
    const marker = Buffer.from(GPS_MARKER);
    for (const src of thumbs.length ? [thumbs[0], thumbs[0].replace(/\/thumb$/, '')] : []) {
      const served = await page.request.get(`${base}${src}`);
      const bytes = await served.body();
      if (served.headers()['content-type'] !== 'image/jpeg') problems.push(`${src} is ${served.headers()['content-type']}`);
      if (bytes.indexOf(marker) >= 0) problems.push(`${src} still carries the GPS position`);
      if (bytes.indexOf(Buffer.from('Exif')) >= 0) problems.push(`${src} still carries EXIF`);
    }
    if (problems.length) failures.push({ name: 'photo-upload', url: after, problems });
    console.log(`${problems.length ? 'FAIL' : 'ok  '} photo-upload ${problems.join('; ')}`);
    // The page with its photo, at the phone's size, through the same checks as every other page.
    const response = await page.goto(`${base}/s/${cases.photo.token}?lang=en&notice=photo`);
    await check(page, 'photo-added-en', {}, response);
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

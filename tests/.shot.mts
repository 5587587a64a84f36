import { chromium } from 'playwright-core';
const base = 'http://localhost:3812';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
async function signIn(email: string, lang: string) {
  const ctx = await browser.newContext({ locale: lang === 'it' ? 'it-IT' : 'en-GB', viewport: { width: 1100, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(base + '/polls');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('dialogo-demo-2020');
  await page.getByRole('button', { name: /^(Accedi|Sign in)$/ }).click();
  await page.getByRole('button', { name: /^(Esci|Sign out)$/ }).waitFor();
  return page;
}
const coord = await signIn('coordinatore@cittadeldialogo.example', 'en');
await coord.screenshot({ path: '/tmp/shots/list.png', fullPage: true });
await coord.getByRole('link', { name: /new activities/ }).click();
await coord.getByRole('button', { name: /Open the poll|Apri la votazione/ }).click();
await coord.getByTestId('poll-status').filter({ hasText: /Open|Aperta/ }).waitFor();
const del = await signIn('torino@cittadeldialogo.example', 'en');
await del.goto(base + '/polls/activities-2nd-semester-2020');
await del.getByRole('button', { name: /Rank: National|Aggiungi: National/ }).click();
await del.getByRole('button', { name: /Rank: Trainings|Aggiungi: Trainings/ }).click();
await del.getByRole('button', { name: /Rank: Joint|Aggiungi: Joint/ }).click();
await del.screenshot({ path: '/tmp/shots/ballot.png', fullPage: true });
await del.getByRole('button', { name: /Cast ballot|Vota/ }).click();
await del.getByTestId('ballot-status').filter({ hasText: /cast|registrato/ }).waitFor();
await coord.getByTestId('results-summary').filter({ hasText: /1 of 25|1 città su 25/ }).waitFor();
await coord.screenshot({ path: '/tmp/shots/results.png', fullPage: true });
await browser.close();

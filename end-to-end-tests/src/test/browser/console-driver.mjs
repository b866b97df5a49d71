// Drives a headless Chromium for OpsConsoleEndToEndIT, one step at a time: the Java test writes one JSON command per
// line on stdin and reads one JSON answer per line on stdout ({"ok":true,"value":…} or {"ok":false,"error":…}).
// Commands: open {url}, fill {selector,value}, click {selector}, text {selector}, waitText {selector,pattern,timeoutMs},
// screenshot {path}, close. The browser is Debian's chromium (CHROMIUM, default /usr/bin/chromium), launched by
// playwright-core with a fresh profile; Playwright's own browser downloads are never used.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? await context.newPage();
const log = [];
page.on('console', (message) => log.push(`${message.type()}: ${message.text()}`));
page.on('pageerror', (error) => log.push(`pageerror: ${error.message}`));

async function run(command) {
  switch (command.op) {
    case 'open':
      await page.goto(command.url, { waitUntil: 'load' });
      return page.title();
    case 'fill':
      await page.fill(command.selector, command.value);
      return null;
    case 'click':
      await page.click(command.selector);
      return null;
    case 'text':
      return (await page.textContent(command.selector))?.trim() ?? null;
    case 'waitText': {
      const pattern = new RegExp(command.pattern);
      const deadline = Date.now() + (command.timeoutMs ?? 30000);
      let last = null;
      while (Date.now() < deadline) {
        last = (await page.textContent(command.selector).catch(() => null))?.trim() ?? null;
        if (last !== null && pattern.test(last)) return last;
        await page.waitForTimeout(200);
      }
      throw new Error(`${command.selector} did not match /${command.pattern}/ within ${command.timeoutMs} ms; last: ${last}`);
    }
    case 'screenshot':
      mkdirSync(dirname(command.path), { recursive: true });
      await page.screenshot({ path: command.path, fullPage: true });
      return command.path;
    case 'log':
      return log.join('\n');
    case 'close':
      return null;
    default:
      throw new Error(`unknown command ${command.op}`);
  }
}

const lines = createInterface({ input: process.stdin });
process.stdout.write(`${JSON.stringify({ ok: true, value: `chromium ${context.browser()?.version() ?? ''}`.trim() })}\n`);
for await (const line of lines) {
  if (!line.trim()) continue;
  let command;
  try {
    command = JSON.parse(line);
    const value = await run(command);
    process.stdout.write(`${JSON.stringify({ ok: true, value })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: String(error?.message ?? error) })}\n`);
  }
  if (command?.op === 'close') break;
}
await context.close();
rmSync(profile, { recursive: true, force: true });

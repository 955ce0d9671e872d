#!/usr/bin/env node
// check_pages.mjs — load the pages of a built Evidence site in headless Debian Chromium and report,
// per page, as JSON on stdout: rendered charts (ECharts containers with a drawn canvas/svg), table
// rows, BigValue texts, error texts, console errors, failed local requests and every request that
// left localhost (those are blocked and recorded, never sent).
//
// Usage:
//   node check_pages.mjs --build-dir site/build [--pages /,/enrollment/] [--screenshots DIR]
//                        [--chromium /usr/bin/chromium] [--timeout-ms 30000]
//   node check_pages.mjs --base-url http://127.0.0.1:4173 --pages /,/enrollment/
// With --build-dir the script serves the folder itself on 127.0.0.1 (random port) with a tiny
// static server, so a test needs no other server. Without --pages it checks every index.html under
// the build dir (except Evidence's own /settings and /explore pages).
// Exit code: 0 if every page passed (>=1 chart or table, every chart drawn, every table with rows, no
// error text, no page or console error, no failed local request, no off-host request), 1 otherwise,
// 2 on a usage/launch error.
// playwright-core must be resolvable (npm i playwright-core; it downloads no browser).

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const args = Object.fromEntries(
	process.argv.slice(2).reduce((acc, a, i, all) => {
		if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
		return acc;
	}, [])
);

const require = createRequire(import.meta.url);
let chromium;
try {
	({ chromium } = require(args['playwright-core'] ?? 'playwright-core'));
} catch (e) {
	// also look next to this script and in ./harness
	for (const base of [path.dirname(new URL(import.meta.url).pathname), process.cwd()]) {
		for (const sub of ['node_modules/playwright-core', 'harness/node_modules/playwright-core']) {
			try {
				({ chromium } = require(path.join(base, sub)));
				break;
			} catch {}
		}
		if (chromium) break;
	}
	if (!chromium) {
		console.error('playwright-core not found (npm i playwright-core)');
		process.exit(2);
	}
}

const CHROMIUM = args.chromium ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT = Number(args['timeout-ms'] ?? 30000);
const SHOTS = args.screenshots ?? null;
const BUILD_DIR = args['build-dir'] ? path.resolve(args['build-dir']) : null;

const MIME = {
	'.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
	'.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
	'.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json',
	'.woff2': 'font/woff2', '.woff': 'font/woff', '.arrow': 'application/vnd.apache.arrow.file',
	'.parquet': 'application/octet-stream'
};

function serve(dir) {
	const server = http.createServer((req, res) => {
		const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
		let file = path.join(dir, urlPath);
		if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
		try {
			if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
		} catch {}
		if (!fs.existsSync(file) && fs.existsSync(file + '.html')) file += '.html';
		fs.readFile(file, (err, body) => {
			if (err) { res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'); return; }
			res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
			res.end(body);
		});
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function discoverPages(dir) {
	const out = [];
	const walk = (d) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) {
				if (['_app', 'api', 'data', 'settings', 'explore'].includes(e.name) && d === dir) continue;
				walk(p);
			} else if (e.name === 'index.html') {
				const rel = path.relative(dir, path.dirname(p)).split(path.sep).join('/');
				out.push(rel ? `/${rel}/` : '/');
			}
		}
	};
	walk(dir);
	return out.sort();
}

const isLocal = (u) => {
	if (/^(data|blob|about|chrome|chrome-extension|devtools):/.test(u)) return true;
	try {
		const h = new URL(u).hostname;
		return h === '127.0.0.1' || h === 'localhost' || h === '[::1]' || h === '::1';
	} catch { return false; }
};

let server;
let base = args['base-url'];
if (BUILD_DIR) {
	server = await serve(BUILD_DIR);
	base = `http://127.0.0.1:${server.address().port}`;
}
if (!base) {
	console.error('give --build-dir or --base-url');
	process.exit(2);
}
const pages = args.pages ? args.pages.split(',') : BUILD_DIR ? discoverPages(BUILD_DIR) : ['/'];
if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });

const userDataDir = fs.mkdtempSync('/tmp/check-pages-profile-');
let context;
try {
	context = await chromium.launchPersistentContext(userDataDir, {
		executablePath: CHROMIUM,
		headless: true,
		viewport: { width: 1280, height: 900 },
		args: [
			'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync',
			'--disable-default-apps', '--disable-domain-reliability', '--metrics-recording-only',
			'--no-pings', '--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication'
		]
	});
} catch (e) {
	console.error('could not launch chromium:', e.message);
	server?.close();
	process.exit(2);
}

// Every request the pages make goes through here: off-host ones are recorded and aborted.
const offHost = [];
let currentPage = null;
await context.route('**/*', (route) => {
	if (isLocal(route.request().url())) return route.continue();
	return route.abort('blockedbyclient');
});
// every request (routed or not, incl. worker XHRs) is reported here; record the off-host ones
context.on('request', (req) => {
	if (!isLocal(req.url())) offHost.push({ page: currentPage, url: req.url(), type: req.resourceType() });
});

const results = [];
for (const p of pages) {
	currentPage = p;
	const page = await context.newPage();
	const consoleErrors = [];
	const pageErrors = [];
	const failedLocal = [];
	page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 500)); });
	page.on('pageerror', (e) => pageErrors.push(String(e?.message ?? e).slice(0, 500)));
	const abortedLocal = [];
	page.on('requestfailed', (r) => {
		if (!isLocal(r.url())) return;
		const why = r.failure()?.errorText ?? '';
		// net::ERR_ABORTED = the page itself cancelled the body (apache-arrow stops reading prerendered .arrow
		// responses after the end-of-stream marker); it is not a failed request
		(why.includes('ERR_ABORTED') ? abortedLocal : failedLocal).push(`${r.url()} ${why}`);
	});
	page.on('response', (r) => { if (isLocal(r.url()) && r.status() >= 400) failedLocal.push(`${r.url()} HTTP ${r.status()}`); });
	const t0 = Date.now();
	let navError = null;
	try {
		await page.goto(base + p, { waitUntil: 'networkidle', timeout: TIMEOUT });
		// charts and tables render after the page's queries resolve
		await page
			.waitForFunction(
				() => document.querySelectorAll('[_echarts_instance_] canvas, [_echarts_instance_] svg, table tbody tr').length > 0,
				null,
				{ timeout: TIMEOUT }
			)
			.catch(() => {});
		await page.waitForTimeout(1500); // let ECharts finish its first frame / animation
	} catch (e) {
		navError = e.message.split('\n')[0];
	}
	const info = await page
		.evaluate(() => {
			const charts = [...document.querySelectorAll('[_echarts_instance_]')];
			const drawn = charts.filter((c) => {
				const cv = c.querySelector('canvas');
				if (cv) {
					try {
						const ctx = cv.getContext('2d');
						const { data } = ctx.getImageData(0, 0, cv.width, cv.height);
						for (let i = 3; i < data.length; i += 4 * 16) if (data[i] !== 0) return true;
						return false;
					} catch { return true; }
				}
				return !!c.querySelector('svg path');
			});
			// Evidence's DataTable builds <tr> rows without <tbody>; count visible rows that have <td> cells
			const visible = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
			const tables = [...document.querySelectorAll('table')]
				.filter(visible)
				.map((t) => [...t.querySelectorAll('tr')].filter((r) => r.querySelector('td') && !r.querySelector('td[colspan] .animate-pulse')).length);
			const text = document.body.innerText;
			const errorTexts = text
				.split('\n')
				.map((l) => l.trim())
				.filter((l) => /\berror\b|failed|no data|no results|not in the catalog|exception/i.test(l))
				.slice(0, 20);
			// BigValue has no stable hook: <div class="inline-block ..."><p class="text-sm ...">title</p><div class="... text-xl ...">value</div>
			const bigValues = [...document.querySelectorAll('div.inline-block > p.text-sm + div.text-xl')].map((e) => ({
				title: e.previousElementSibling.innerText.trim(),
				value: e.innerText.replace(/\s+/g, ' ').trim()
			}));
			return {
				title: document.title,
				charts: charts.length,
				charts_drawn: drawn.length,
				tables: tables.length,
				table_rows: tables.reduce((a, b) => a + b, 0),
				table_rows_per_table: tables,
				big_values: bigValues,
				error_texts: errorTexts,
				// Evidence's placeholder for a chart or table whose query returned no rows (emptySet=pass|warn)
				empty_components: [...document.querySelectorAll('p.border-dashed')].map((e) => e.innerText.trim()),
				text: text.slice(0, 50000)
			};
		})
		.catch((e) => ({ evaluate_error: e.message }));
	// The browser-side DuckDB-Wasm engine (used for interactive queries, e.g. inputs): list its tables
	// and row counts, to prove the data files were loaded in the browser without any extension download.
	info.browser_duckdb = await page
		.evaluate(async () => {
			const db = window[Symbol.for('EVIDENCE_QUERY_ENGINE')];
			if (!db) return { error: 'no EVIDENCE_QUERY_ENGINE on window' };
			const deadline = Date.now() + 15000;
			// the engine starts after the page renders: wait for it ("duckdb is not initialized" until then)
			let c;
			for (;;) {
				try {
					c = await db.connect();
					break;
				} catch (e) {
					if (Date.now() > deadline) throw e;
					await new Promise((r) => setTimeout(r, 250));
				}
			}
			try {
				let tables = [];
				while (Date.now() < deadline) {
					const t = await c.query("select schema_name, table_name, estimated_size from duckdb_tables() where schema_name not in ('main') order by all");
					tables = t.toArray().map((r) => ({ schema: r.schema_name, table: r.table_name, rows: Number(r.estimated_size) }));
					if (tables.length) break;
					await new Promise((r) => setTimeout(r, 250));
				}
				const ext = await c.query('select extension_name from duckdb_extensions() where loaded order by 1');
				const settings = await c.query("select current_setting('autoload_known_extensions') a");
				return { tables, loaded_extensions: ext.toArray().map((r) => r.extension_name), autoload_known_extensions: settings.toArray()[0].a };
			} finally {
				await c.close();
			}
		})
		.catch((e) => ({ error: String(e?.message ?? e).slice(0, 300) }));
	let screenshot = null;
	if (SHOTS) {
		screenshot = path.join(SHOTS, (p.replace(/\//g, '_').replace(/^_|_$/g, '') || 'index') + '.png');
		await page.screenshot({ path: screenshot, fullPage: true }).catch(() => (screenshot = null));
	}
	const external = offHost.filter((o) => o.page === p);
	const ok =
		!navError && !info.evaluate_error && (info.charts_drawn > 0 || info.table_rows > 0) &&
		info.charts_drawn === info.charts && info.table_rows_per_table.every((rows) => rows > 0) &&
		info.error_texts.length === 0 && info.empty_components.length === 0 && pageErrors.length === 0 &&
		consoleErrors.length === 0 &&
		failedLocal.length === 0 && external.length === 0 &&
		!info.browser_duckdb?.error && (info.browser_duckdb?.tables?.length ?? 0) > 0;
	results.push({ page: p, ok, ms: Date.now() - t0, nav_error: navError, ...info, console_errors: consoleErrors, page_errors: pageErrors, failed_local_requests: failedLocal, aborted_local_requests: abortedLocal, external_requests: external, screenshot });
	await page.close();
}

await context.close();
server?.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
const summary = { base, chromium: CHROMIUM, ok: results.every((r) => r.ok), external_requests: offHost, pages: results };
console.log(JSON.stringify(summary, null, 2));
process.exit(summary.ok ? 0 : 1);

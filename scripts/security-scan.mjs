// Electron security scan: runs @doyensec/electronegativity 1.10.3 over the
// Electron sources (electron/) and, when built, the bundles in dist/electron,
// writes its SARIF reports to a temporary folder, reads the findings back from
// those reports and fails on every finding that is not justified in
// .electronegativity/justifications.json (check id + file + reason).
//
//   node scripts/security-scan.mjs [--justifications <file>] [--keep]
//
// Exit codes: 0 every finding justified · 1 unjustified findings or files the
// scanner could not read · 2 a broken justification file or bad arguments.
//
// Why not `npx electronegativity`: the tool exits 0 whatever it finds, so the
// gate has to read its report; and its CLI (dist/index.js) requires `commander`,
// which 1.10.3 does not declare, so on a clean install the CLI does not start.
// Its programmatic entry (the package's `main`) writes the same report.
//
// Offline, the tool spends a few seconds failing to fetch translations and
// Electron's release list ("No connectivity?"); both are optional.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const EXPECTED_VERSION = '1.10.3';
const MIN_REASON_LENGTH = 40;

const { values: args } = parseArgs({
  options: {
    justifications: { type: 'string', default: '.electronegativity/justifications.json' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: node scripts/security-scan.mjs [--justifications <file>] [--keep]');
  process.exit(0);
}

/** Stops with exit code 2 and a message saying what to fix. */
function usageFailure(message) {
  console.error(`security-scan: ${message}`);
  process.exit(2);
}

/** Reads and checks the justification file; every entry needs a check id, a file and a real reason. */
async function loadJustifications(file) {
  let data;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    usageFailure(`cannot read ${file}: ${error.message}`);
  }
  const entries = data?.justifications;
  if (!Array.isArray(entries)) usageFailure(`${file} must hold {"justifications": [{"check", "file", "reason"}, …]}`);
  const problems = [];
  entries.forEach((entry, i) => {
    if (typeof entry?.check !== 'string' || !/^[A-Z0-9_]+$/.test(entry.check))
      problems.push(`entry ${i}: "check" must be an electronegativity check id like CSP_GLOBAL_CHECK`);
    if (typeof entry?.file !== 'string' || entry.file === '')
      problems.push(`entry ${i}: "file" must name the file (or, for a global check, the scanned folder)`);
    if (typeof entry?.reason !== 'string' || entry.reason.trim().length < MIN_REASON_LENGTH)
      problems.push(`entry ${i}: "reason" must say why the finding is fine (at least ${MIN_REASON_LENGTH} characters)`);
  });
  if (problems.length) usageFailure(`${file} is invalid:\n  ${problems.join('\n  ')}`);
  return entries;
}

/**
 * What to scan. electronegativity reads only .js/.ts/.html files, so the
 * CommonJS bundles (.cjs) are copied under .js names and mapped back.
 */
async function scanTargets(workDir) {
  const targets = [{ label: 'electron', input: join(root, 'electron'), toRepoPath: (file) => `electron/${file}` }];
  const distDir = join(root, 'dist', 'electron');
  // hub.cjs is the station hub's own process: the district server and PGlite, no Electron
  // API at all, so there is nothing in it for electronegativity (whose parser cannot read its
  // libraries' private class fields either). Its sources, electron/hub, are scanned above.
  const bundles = existsSync(distDir)
    ? (await readdir(distDir)).filter((name) => name.endsWith('.cjs') && name !== 'hub.cjs')
    : [];
  if (bundles.length) {
    const copyDir = join(workDir, 'dist-electron');
    await mkdir(copyDir);
    for (const name of bundles) await copyFile(join(distDir, name), join(copyDir, name.replace(/\.cjs$/, '.js')));
    targets.push({
      label: 'dist/electron',
      input: copyDir,
      toRepoPath: (file) => `dist/electron/${file.replace(/\.js$/, '.cjs')}`,
    });
  } else {
    console.log('dist/electron has no bundles (run "npm run build" to scan them too); scanning the sources only.');
  }
  return targets;
}

/** The report is written with a callback the tool does not wait for: poll until it is complete JSON. */
async function readReport(file) {
  for (let waited = 0; waited < 10_000; waited += 50) {
    try {
      return JSON.parse(await readFile(file, 'utf8'));
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`electronegativity wrote no readable report to ${file}`);
}

/** Findings from a SARIF report, with repository-relative paths. */
function findingsOf(report, target) {
  return (report.runs?.[0]?.results ?? []).map((result) => {
    const location = result.locations?.[0]?.physicalLocation;
    const uri = location?.artifactLocation?.uri ?? 'file:///';
    const global = uri === 'file:///';
    return {
      check: result.ruleId,
      // A global check is about the whole scanned folder, not one file.
      file: global ? target.label : target.toRepoPath(uri),
      line: global ? null : (location?.region?.startLine ?? null),
      level: result.level,
      message: result.message?.text ?? '',
    };
  });
}

async function main() {
  const runner = require('@doyensec/electronegativity');
  const version = require('@doyensec/electronegativity/package.json').version;
  if (version !== EXPECTED_VERSION)
    console.warn(
      `security-scan: written for electronegativity ${EXPECTED_VERSION}, found ${version}; check the report format still matches.`,
    );
  const electronVersion = require('electron/package.json').version;
  const justificationFile = resolve(root, args.justifications);
  const justifications = await loadJustifications(justificationFile);

  const started = Date.now();
  const workDir = await mkdtemp(join(tmpdir(), 'doorstep-electronegativity-'));
  const findings = [];
  const scanned = [];
  let unreadable = 0;
  try {
    for (const target of await scanTargets(workDir)) {
      const report = join(workDir, `${target.label.replace(/\W+/g, '-')}.sarif`);
      console.log(`scanning ${target.label}/ with electronegativity ${version} (Electron ${electronVersion}) …`);
      const result = await runner({
        input: target.input,
        output: report,
        isSarif: true,
        isRelative: true,
        // Without it the tool guesses Electron 0.1.0 and judges by that version's defaults.
        electronVersionOverride: electronVersion,
        customScan: [],
        excludeFromScan: [],
        parserPlugins: [],
      });
      for (const error of result.errors) {
        const file = target.toRepoPath(relative(target.input, error.file));
        if (error.tolerable) console.log(`  note: ${file}: ${error.message}`);
        else {
          unreadable++;
          console.log(`  ✗ could not analyse ${file}: ${error.message}`);
        }
      }
      const fromReport = findingsOf(await readReport(report), target);
      if (fromReport.length !== result.issues.length)
        throw new Error(
          `the report of ${target.label} lists ${fromReport.length} findings, the scan returned ${result.issues.length}`,
        );
      findings.push(...fromReport);
      scanned.push(target.label);
    }
  } finally {
    if (args.keep) console.log(`reports kept in ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }

  console.log('');
  const used = new Set();
  let unjustified = 0;
  for (const finding of findings) {
    const index = justifications.findIndex((j) => j.check === finding.check && j.file === finding.file);
    const where = finding.line === null ? `${finding.file} (global check)` : `${finding.file}:${finding.line}`;
    if (index >= 0) {
      used.add(index);
      console.log(
        `✓ justified    ${finding.check}  ${where}\n    ${finding.message}\n    why it is fine: ${justifications[index].reason}`,
      );
    } else {
      unjustified++;
      console.log(
        `✗ UNJUSTIFIED  ${finding.check}  ${where}  [${finding.level}]\n    ${finding.message}\n    fix it, or justify it in ${relative(root, justificationFile)}`,
      );
    }
  }
  // Entries for a folder that was not scanned this time (no build) are not stale.
  justifications.forEach((j, i) => {
    const inScope = scanned.some((label) => j.file === label || j.file.startsWith(`${label}/`));
    if (!used.has(i) && inScope)
      console.log(`! stale justification: ${j.check} ${j.file} matched no finding; remove it`);
  });

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `\n${findings.length} finding(s) in ${scanned.join(', ')}: ${findings.length - unjustified} justified, ${unjustified} not; ${unreadable} file(s) not analysable (${seconds} s)`,
  );
  process.exit(unjustified > 0 || unreadable > 0 ? 1 : 0);
}

await main();

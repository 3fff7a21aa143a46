// The launch configuration logic (src/extension/config.ts) and its JSON schema in package.json.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkAttributes,
  checkProgram,
  configForFile,
  dynamicConfigurations,
  initialConfigurations,
  isSchedule,
  resolveLaunchConfig,
} from '../../src/extension/config';
import { STRATEGY_IDS, VARIANTS, SCENARIO_OPTIONS } from '../../src/kernel/futex/variants';
import { parseSchedule } from '../../src/session/options';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const debuggerContrib = pkg.contributes.debuggers.find((d: { type: string }) => d.type === 'futex');
const launch = debuggerContrib.configurationAttributes.launch;

describe('resolveLaunchConfig', () => {
  const active = { path: '/w/examples/cow.futex', languageId: 'futex' };

  it('turns F5 with no launch.json on a .futex file into "debug this file"', () => {
    const r = resolveLaunchConfig({}, active);
    expect(r).toEqual({ kind: 'ok', config: { type: 'futex', request: 'launch', name: 'Debug scenario', program: '/w/examples/cow.futex', stopOnEntry: true } });
  });

  it('fills in a missing program from the active file and keeps the other attributes', () => {
    const r = resolveLaunchConfig({ type: 'futex', request: 'launch', name: 'x', strategy: 'vcache', stopOnEntry: false }, active);
    expect(r.kind === 'ok' && r.config).toMatchObject({ program: '/w/examples/cow.futex', strategy: 'vcache', stopOnEntry: false });
  });

  it('refuses when there is nothing to debug', () => {
    expect(resolveLaunchConfig({}, undefined).kind).toBe('error');
    const r = resolveLaunchConfig({}, { path: '/w/a.ts', languageId: 'typescript' });
    expect(r.kind === 'error' && r.message).toMatch(/open a \.futex scenario/);
  });

  it('accepts a program without an active editor', () => {
    expect(resolveLaunchConfig({ type: 'futex', request: 'launch', name: 'n', program: '${file}' }, undefined).kind).toBe('ok');
  });

  it('rejects bad attribute values with a message naming them', () => {
    const bad = (c: object) => {
      const r = resolveLaunchConfig({ type: 'futex', request: 'launch', name: 'n', program: 'a.futex', ...c }, undefined);
      return r.kind === 'error' ? r.message : '';
    };
    expect(bad({ strategy: 'linux-1.0' })).toMatch(/strategy 'linux-1.0'/);
    // Named by its configuration, as launch.json may hold several; an attribute error.
    const r = resolveLaunchConfig({ type: 'futex', request: 'launch', name: 'Wrong field', program: 'a.futex', strategy: 'pinnedpage' }, undefined);
    expect(r).toEqual({ kind: 'error', attribute: true, message: "Futex Lab: launch configuration 'Wrong field': strategy 'pinnedpage' is not one of pinned-page, vcache, rusty-2003, jamie-2003, gorman-2013, modern" });
    expect(resolveLaunchConfig({}, undefined)).not.toHaveProperty('attribute');
    expect(bad({ schedule: 'lifo' })).toMatch(/schedule 'lifo'/);
    expect(bad({ options: [1] })).toMatch(/options/);
    expect(bad({ stopOnEntry: 'yes' })).toMatch(/stopOnEntry/);
    expect(bad({ request: 'attach' })).toMatch(/attach/);
    expect(bad({ replay: 3 })).toMatch(/replay/);
    expect(checkAttributes({ strategy: 'modern', schedule: 'random(3)', options: { buckets: 4 }, singleThread: true })).toBeUndefined();
    expect(checkAttributes({ replay: 'trace.json', stopAtEnd: false })).toBeUndefined();
    expect(checkAttributes({ replay: { scenarioHash: 'ab', schedule: [0, 1] } })).toBeUndefined();
  });

  it('agrees with session/options.ts on schedules', () => {
    for (const s of ['fifo', 'round-robin', 'random(7)', 'random:7', 'random', 'rr', 'random(x)']) {
      let ok = true;
      try {
        parseSchedule(s);
      } catch {
        ok = false;
      }
      expect(isSchedule(s), s).toBe(ok);
    }
  });

  it('builds the configurations of Debug Scenario and Run Scenario', () => {
    expect(configForFile('/a.futex', false)).toMatchObject({ type: 'futex', request: 'launch', program: '/a.futex', stopOnEntry: true });
    expect(configForFile('/a.futex', true)).toMatchObject({ name: 'Run scenario', stopOnEntry: false });
  });
});

describe('checkProgram (before the adapter starts)', () => {
  const example = join(__dirname, '..', '..', 'examples', 'barrier-glibc.futex');

  it('accepts a scenario without errors', () => {
    expect(checkProgram(example, readFileSync(example, 'utf8'))).toEqual({ kind: 'ok' });
  });

  it('refuses a file that is not a scenario in one short line, without parsing it', () => {
    const launchJson = '/w/.vscode/launch.json';
    const r = checkProgram(launchJson, readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(r).toEqual({ kind: 'not-scenario', message: 'Futex Lab: launch.json is not a .futex scenario.' });
  });

  it('sends a scenario with errors to Problems, naming the first error at its location', () => {
    const r = checkProgram('/w/bad.futex', 'thread t {\n  frobnicate(1)\n}\nthread u { bogus }\n');
    expect(r.kind).toBe('errors');
    const message = r.kind === 'errors' ? r.message : '';
    expect(message).toMatch(/^Futex Lab: bad\.futex has errors( \(\d+ errors\))?; see Problems\. First: bad\.futex:\d+:\d+: error: /);
    expect(message).not.toMatch(/\n/);
    expect(message).not.toMatch(/launch\.json/);
  });

  it('leaves an unreadable scenario to the adapter', () => {
    expect(checkProgram('/nope/x.futex', undefined).kind).toBe('unreadable');
  });
});

describe('dynamicConfigurations (the Run and Debug picker)', () => {
  it('lists each scenario once, however many editors hold it', () => {
    const configs = dynamicConfigurations([
      { path: '/w/a.futex', label: 'a.futex' },
      { path: '/w/b.futex', label: 'b.futex' },
      { path: '/w/a.futex', label: 'a.futex' },
    ]);
    expect(configs.map((c) => c.name)).toEqual(['Debug a.futex', 'Debug b.futex']);
    expect(configs[0]).toMatchObject({ type: 'futex', request: 'launch', program: '/w/a.futex', stopOnEntry: true });
  });
});

describe('package.json debugger contribution', () => {
  it('activates only for futex debugging, not for every debugger\'s launch.json', () => {
    expect(pkg.activationEvents).not.toContain('onDebugInitialConfigurations');
    expect(pkg.activationEvents).not.toContain('onDebug');
    expect(pkg.activationEvents).toEqual(expect.arrayContaining(['onDebugResolve:futex', 'onDebugDynamicConfigurations:futex']));
  });

  it('gives stopOnEntry in every launch snippet', () => {
    for (const s of debuggerContrib.configurationSnippets) expect(s.body.stopOnEntry, s.label).toBe(true);
  });


  it('is the futex type, labelled Futex Lab, for the futex language', () => {
    expect(debuggerContrib.label).toBe('Futex Lab');
    expect(debuggerContrib.languages).toEqual(['futex']);
    expect(pkg.contributes.breakpoints).toEqual([{ language: 'futex' }]);
  });

  it('has a described schema for every launch attribute', () => {
    const attrs = ['program', 'strategy', 'schedule', 'options', 'stopOnEntry', 'stopAtEnd', 'replay', 'singleThread'];
    expect(Object.keys(launch.properties).sort()).toEqual([...attrs].sort());
    for (const a of attrs) expect(launch.properties[a].description.length, a).toBeGreaterThan(10);
    expect(launch.required).toEqual(['program']);
  });

  it('enumerates exactly the strategies and the variant values', () => {
    expect(launch.properties.strategy.enum).toEqual([...STRATEGY_IDS]);
    expect(launch.properties.strategy.enumDescriptions).toHaveLength(STRATEGY_IDS.length);
    const opts = launch.properties.options.properties;
    for (const o of SCENARIO_OPTIONS) expect(opts[o], o).toBeDefined();
    for (const s of STRATEGY_IDS) {
      for (const [n, spec] of Object.entries(VARIANTS[s])) expect(opts[`${s}.${n}`].enum).toEqual([...spec.values]);
    }
  });

  it('checks schedules with the same pattern as config.ts', () => {
    const re = new RegExp(launch.properties.schedule.pattern);
    for (const s of ['fifo', 'round-robin', 'random(7)', 'random:7', 'random', 'lifo']) expect(re.test(s), s).toBe(isSchedule(s));
  });

  it('offers the same initial configurations as config.ts', () => {
    expect(debuggerContrib.initialConfigurations).toEqual(initialConfigurations());
    for (const c of initialConfigurations()) expect(resolveLaunchConfig(c, undefined).kind).toBe('ok');
  });

  it('declares the commands under the Futex Lab category and the views for futex sessions', () => {
    const commands = pkg.contributes.commands.map((c: { command: string; category: string }) => [c.command, c.category]);
    for (const id of ['futexlab.debugScenario', 'futexlab.runScenario', 'futexlab.compareStrategies', 'futexlab.exploreSchedules']) {
      expect(commands).toContainEqual([id, 'Futex Lab']);
    }
    const views = pkg.contributes.views.debug;
    expect(views.map((v: { name: string }) => v.name)).toEqual(['Futex Hash Table', 'Waiters', 'VMAs', 'Pages', 'Robust Lists', 'PI Locks', 'Failing Schedules']);
    // The kernel views show while a futex session is active and beside an open scenario (with a
    // welcome text until a session stops); Robust Lists and PI Locks during a session; the
    // explorer's findings once there are some.
    for (const v of views.slice(0, 4)) expect(v.when).toBe("debugType == 'futex' || resourceLangId == futex");
    for (const v of views.slice(4, 6)) expect(v.when).toBe("debugType == 'futex'");
    // `debugType` is also the type of the launch configuration selected in Run and Debug, so
    // Robust Lists and PI Locks show with no session too: every kernel view has welcome text.
    expect(pkg.contributes.viewsWelcome.map((w: { view: string }) => w.view)).toEqual(views.slice(0, 6).map((v: { id: string }) => v.id));
    expect(views[6].when).toBe('futexlab.hasFailingSchedules');
  });

  it('contributes what a user expects: settings, keybindings for going backwards, a walkthrough, a file icon', () => {
    const props = pkg.contributes.configuration.properties;
    expect(Object.keys(props).sort()).toEqual(['futexlab.codeLens.enabled', 'futexlab.debugAdapter', 'futexlab.explore.maxStates', 'futexlab.schedule', 'futexlab.strategy']);
    expect(props['futexlab.strategy'].enum).toEqual(['scenario', ...pkg.contributes.debuggers[0].configurationAttributes.launch.properties.strategy.enum]);
    const keys = Object.fromEntries(pkg.contributes.keybindings.map((k: { command: string; key: string }) => [k.command, k.key]));
    expect(keys).toEqual({ 'workbench.action.debug.stepBack': 'shift+alt+f10', 'workbench.action.debug.reverseContinue': 'shift+alt+f5' });
    const steps = pkg.contributes.walkthroughs[0].steps;
    // The walkthrough's button opens its example; the palette's Open Example lists them all.
    expect(steps[0].description).toContain('(command:futexlab.openExample?%5B%22cow-fork-wrong-wakeup.futex%22%5D)');
    expect(existsSync(join(root, 'examples', 'cow-fork-wrong-wakeup.futex'))).toBe(true);
    // That the .vsix holds them: test/extension/package.test.ts (from `vsce ls`).
    for (const s of steps) expect(existsSync(join(root, s.media.markdown)), s.media.markdown).toBe(true);
    expect(pkg.contributes.languages[0].icon.dark).toBe('./media/futex-file.svg');
  });

  it('says honestly that untrusted workspaces are supported', () => {
    expect(pkg.capabilities.untrustedWorkspaces).toEqual({ supported: true });
  });

  it('pins the VS Code API and the packager exactly', () => {
    expect(pkg.engines.vscode).toBe('^1.100.0');
    expect(pkg.devDependencies['@types/vscode']).toBe('1.100.0');
    expect(pkg.devDependencies['@vscode/vsce']).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

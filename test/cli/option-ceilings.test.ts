// Every bound-like scenario option has a ceiling (lang/option-ceilings.ts): `option max_frames =
// 720896` took `run` to 3.5 GB of RSS (the seventh session's user-path audit). A value past the
// ceiling is a located error on its `option` line, a usage error for `--option`; the ceiling
// itself is accepted. Through bin/futexlab.js, as a user runs it.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPTION_CEILINGS } from '../../src/lang/option-ceilings';

const root = join(__dirname, '..', '..');
const cli = join(root, 'bin', 'futexlab.js');
const dir = mkdtempSync(join(tmpdir(), 'futexlab-ceil-'));

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function scenario(name: string, option: string): string {
  const f = join(dir, `${name}.futex`);
  writeFileSync(f, `scenario "ceiling"\n${option}\nprocess A { thread main { print "hi" } }\n`);
  return f;
}

describe('option ceilings', () => {
  for (const [name, ceiling] of Object.entries(OPTION_CEILINGS)) {
    it(`option ${name} = ${ceiling + 1}: a located error on its line; ${ceiling} runs`, () => {
      const over = scenario(`${name}-over`, `option ${name} = ${ceiling + 1}`);
      const r = run(['run', over]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${over}:2:${`option ${name} = `.length + 1}: error: option '${name}' is at most ${ceiling} (a ceiling that keeps memory bounded), not '${ceiling + 1}'`);
      const at = scenario(`${name}-at`, `option ${name} = ${ceiling}`);
      const ok = run(['run', at]);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('A/main: hi');
    });
  }

  it('--option over a ceiling is a usage error naming the option; at the ceiling it runs', () => {
    const f = scenario('plain', '');
    const r = run(['run', f, '--option', 'max_frames=131073']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option 'max_frames' is at most 131072 (a ceiling that keeps memory bounded), not '131073'");
    const steps = run(['run', f, '--option', 'max_steps=0x989681']);
    expect(steps.code).toBe(2);
    expect(steps.stderr).toContain("option 'max_steps' is at most 10000000");
    expect(run(['run', f, '--option', 'max_frames=131072']).code).toBe(0);
  });

  it('the help of run states the ceilings', () => {
    expect(run(['run', '--help']).stdout).toContain('max_steps 10000000');
  });
});

// --option read integers with Number(): `1e3`, `2.0` and `0b10` passed, where `option max_steps
// = 1e3` in the scenario is an error. Now both read the language's integer literals.
describe('--option integers are the language\'s integer literals', () => {
  const f = scenario('literals', '');
  for (const v of ['1e3', '2.0', '0b10', '010', '-1', '']) {
    it(`--option max_steps=${v}: a usage error, as 'option max_steps = ${v}' is a language error`, () => {
      const r = run(['run', f, '--option', `max_steps=${v}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`futexlab: option max_steps: '${v}' is not an integer >= 0\n`);
    });
  }
  for (const v of ['1_000', '0x3e8', '1000']) {
    it(`--option max_steps=${v} runs`, () => {
      const r = run(['run', f, '--option', `max_steps=${v}`]);
      expect(r.code).toBe(0);
    });
  }
  it('the same values on the option line: 1e3 refused, 0x3e8 runs', () => {
    expect(run(['run', scenario('lit-e', 'option max_steps = 1e3')]).code).toBe(2);
    expect(run(['run', scenario('lit-x', 'option max_steps = 0x3e8')]).code).toBe(0);
  });
});

describe('the launch configuration states the ceilings', () => {
  it('package.json: each ceiled option has its ceiling as maximum and in its description', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const props = pkg.contributes.debuggers[0].configurationAttributes.launch.properties.options.properties;
    for (const [name, ceiling] of Object.entries(OPTION_CEILINGS)) {
      expect(props[name].maximum, name).toBe(ceiling);
      expect(props[name].description, name).toContain(`At most ${ceiling}.`);
    }
  });
});

// max_fds bounds one process; fds opened by many processes were bounded by max_steps only (40
// processes took run to 1.17 GB in 2,000,000 steps). The machine's file-max (kernel/limits.ts
// FILE_MAX) bounds them all: futex_fd past it returns -ENFILE (-23), as get_empty_filp does.
describe('the machine\'s open files', () => {
  it('two processes opening fds at max_fds 65536: the machine-wide limit answers -ENFILE first', () => {
    const f = join(dir, 'files.futex');
    writeFileSync(f, `option strategy = pinned-page
option schedule = round-robin
option max_fds = 65536
option max_steps = 1000000
process P {
  map m = anon shared rw pages 1
  thread main {
    fork C {
      while 1 {
        let fd = futex_fd(m)
        if fd < 0 {
          print "child", fd
          exit
        }
      }
    }
    while 1 {
      let fd = futex_fd(m)
      if fd < 0 {
        print "parent", fd
        exit
      }
    }
  }
}
`);
    const r = run(['run', f]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^P\/main: parent -23$/m);
    expect(r.stdout).toMatch(/^C\/main: child -23$/m);
  });
});

// max_call_depth bounds one thread's stack; 10^7 calls over 150 threads took run to 1.3 GB. The
// machine's call frames are bounded too (session/call-frames.ts MACHINE_CALL_FRAMES).
describe('the machine\'s call frames', () => {
  it('20 threads recursing at max_call_depth 100000: stack overflows at the machine\'s 1,048,576 frames', () => {
    const f = join(dir, 'recurse.futex');
    writeFileSync(f, `option max_steps = 10000000
option max_call_depth = 100000
fn f(n) { f(n + 1) }
process P {
${Array.from({ length: 20 }, (_, i) => `  thread t${i} { f(0) }`).join('\n')}
}
`);
    const r = run(['run', f]);
    expect(r.stderr).toBe('');
    const machine = r.stdout.split('\n').filter((l) => l.endsWith("stack overflow: the machine's 1,048,576 call frames are in use (all threads together)"));
    expect(machine.length).toBeGreaterThan(0);
    expect(r.stdout).not.toContain('step-limit');
  });
});

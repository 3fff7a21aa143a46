// The native runner's C runtime without its comments and indentation, for the shipped bundle
// (esbuild.js; #10 §5, the .vsix size): ~40 KB of C text in out/engine.js, a third of it comments
// and leading blanks. The sources keep them. test/native/compact-c.test.ts checks that the
// compacted runtime preprocesses to the same tokens as the original and that programs built with
// it run the native tests' scenarios as programs built with the original do.
//
// C's own rules (C11 5.1.1.2 translation phases 2-3): a comment is one space; string and character
// literals are copied as they are, escapes included; a preprocessor directive ends at its newline
// (kept), and a line ending in a backslash continues on the next (kept as it is).
'use strict';

/** `src` with its comments made spaces, runs of blanks made one, and blank lines dropped. */
function compactC(src) {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '"' || c === "'") {
      // A literal, to its closing quote (an escaped quote or backslash does not close it).
      let j = i + 1;
      while (j < n && src[j] !== c) {
        if (src[j] === '\n') throw new Error(`compactC: unterminated ${c === '"' ? 'string' : 'character'} literal at offset ${i}`);
        j += src[j] === '\\' ? 2 : 1;
      }
      out += src.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`compactC: unterminated comment at offset ${i}`);
      out += ' ';
      i = end + 2;
    } else if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
    } else {
      out += c;
      i++;
    }
  }
  return out
    .split('\n')
    .map((line) => {
      // Blanks outside literals: one space (between tokens C needs no more), none at either end.
      let r = '';
      for (let k = 0; k < line.length; ) {
        const c = line[k];
        if (c === '"' || c === "'") {
          let j = k + 1;
          while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
          r += line.slice(k, j + 1);
          k = j + 1;
        } else if (c === ' ' || c === '\t') {
          while (k < line.length && (line[k] === ' ' || line[k] === '\t')) k++;
          r += ' ';
        } else {
          r += c;
          k++;
        }
      }
      return r.trim();
    })
    .filter((line) => line !== '')
    .join('\n') + '\n';
}

/** A TypeScript source with every String.raw`...` template's text compacted (no `${}` in them). */
function compactCTemplates(ts, file) {
  return ts.replace(/String\.raw`([^`]*)`/g, (whole, body) => {
    if (body.includes('${')) throw new Error(`compactC: ${file}: a String.raw template with \${...} is not compacted`);
    return `String.raw\`${compactC(body)}\``;
  });
}

/** The esbuild plugin: every src/native/*.ts with a String.raw template is loaded compacted. */
function compactCPlugin(root) {
  const fs = require('fs');
  const path = require('path');
  return {
    name: 'compact-c-runtime',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]native[\\/][^\\/]+\.ts$/ }, (args) => {
        const ts = fs.readFileSync(args.path, 'utf8');
        if (!ts.includes('String.raw`')) return undefined;
        return { contents: compactCTemplates(ts, path.relative(root, args.path)), loader: 'ts' };
      });
    },
  };
}

module.exports = { compactC, compactCTemplates, compactCPlugin };

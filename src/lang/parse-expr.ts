// Expressions (LANGUAGE.md, "Expressions"): precedence climbing over C's binary operators.
//
// Integers, names, `( )`, unary `- ! ~`, and the binary operators with C precedence and left
// associativity. A line that ends with a binary operator continues on the next line. The
// right-hand forms (`load`, `cas`, the futex calls, function calls) are not expressions: meeting
// one here is an error that says so, rather than a generic "expected an expression".

import type { BinaryOp, Expr, UnaryOp } from './ast';
import { isReserved, isRhsWord } from './keywords';
import type { Token } from './lexer';
import type { Cursor } from './parser-core';

/** C precedence, loosest first. */
const PRECEDENCE = new Map<string, number>([
  ['||', 1], ['&&', 2], ['|', 3], ['^', 4], ['&', 5],
  ['==', 6], ['!=', 6], ['<', 7], ['<=', 7], ['>', 7], ['>=', 7],
  ['<<', 8], ['>>', 8], ['+', 9], ['-', 9], ['*', 10], ['/', 10], ['%', 10],
]);

const UNARY = new Set(['-', '!', '~']);

/** The binary operator at `t`, if it is one. */
export function binaryPrecedence(t: Token): number | undefined {
  return t.kind === 'punct' ? PRECEDENCE.get(t.text) : undefined;
}

/** Parses an expression whose operators all bind at least as tightly as `minPrec`. */
export function parseExpr(c: Cursor, minPrec = 1): Expr {
  const depth = c.depth;
  let left = parseUnary(c);
  for (;;) {
    const op = c.peek();
    const prec = binaryPrecedence(op);
    if (prec === undefined || prec < minPrec) break;
    c.next();
    // Each binary node deepens the tree (a+b+c+... is left-deep): count it, so that the
    // resolver and the compiler, which recurse over the tree, stay within the stack.
    c.enter(op);
    continueLine(c, op);
    const right = parseExpr(c, prec + 1);
    const range = { start: left.range.start, end: right.range.end };
    left = { kind: 'binary', op: op.text as BinaryOp, left, right, range };
  }
  c.depth = depth;
  return left;
}

/**
 * After a binary operator at the end of a line, the expression continues on the next line, if
 * that line starts like an operand; otherwise the operand is missing from the operator's line.
 */
function continueLine(c: Cursor, op: Token): void {
  if (c.peek().kind !== 'newline') return;
  const t = c.peekPastNewlines();
  const operand = t.kind === 'int' || (t.kind === 'ident' && !isReserved(t.text)) || c.isPunct('(', t) || (t.kind === 'punct' && UNARY.has(t.text));
  if (!operand) c.failAt(c.peek(), `expected an expression after '${op.text}', found end of line`);
  c.skipNewlines();
}

function parseUnary(c: Cursor): Expr {
  const t = c.peek();
  if (t.kind !== 'punct' || !UNARY.has(t.text)) return parsePrimary(c);
  c.next();
  c.enter(t);
  const operand = parseUnary(c);
  c.depth--;
  return { kind: 'unary', op: t.text as UnaryOp, operand, range: c.span(t.range.start) };
}

function parsePrimary(c: Cursor): Expr {
  const t = c.peek();
  if (t.kind === 'int') {
    c.next();
    return { kind: 'int', value: t.value, range: t.range };
  }
  if (t.kind === 'ident') return parseName(c, t);
  if (c.isPunct('(', t)) return parseParenthesized(c, t);
  if (t.kind === 'string') return c.failAt(t, 'a string is only allowed in print and assert');
  return c.expected('an expression', t);
}

function parseName(c: Cursor, t: Token): Expr {
  if (isRhsWord(t.text)) {
    return c.failAt(t, `'${t.text}' is not an expression: write 'let t = ${t.text} ...' on its own line, then use t`);
  }
  if (isReserved(t.text)) return c.expected('an expression', t);
  if (c.isPunct('(', c.peekSecond())) {
    return c.failAt(t, `a function call is not an expression: write 'let t = ${t.text}(...)' on its own line, then use t`);
  }
  c.next();
  return { kind: 'name', name: t.text, ref: { kind: 'unresolved' }, range: t.range };
}

function parseParenthesized(c: Cursor, open: Token): Expr {
  c.next();
  c.enter(open);
  c.parenDepth++;
  const inner = parseExpr(c);
  c.expectPunct(')', 'to close the parenthesis');
  c.parenDepth--;
  c.depth--;
  // The node keeps its kind but widens to the parentheses, so `(a + b) * c` spans from `(`.
  return { ...inner, range: c.span(open.range.start) };
}

// "Run on this kernel" in the glue (issue #12): where the CodeLens shows, and the command line it
// runs. The outcome is read by kernel-diff.ts, in the engine bundle.

/** Only Linux has the kernel the native runner drives (docs/native.md). */
export function kernelLensShown(platform: string): boolean {
  return platform === 'linux';
}

export function diffArgs(cli: string, file: string): string[] {
  return [cli, 'diff', file, '--json'];
}

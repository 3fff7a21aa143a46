// The package version (esbuild and vitest define FUTEXLAB_VERSION from package.json) and the
// version of the --json output format: it goes up only when a field changes meaning or goes away;
// new fields may appear in any version.

declare const FUTEXLAB_VERSION: string | undefined;

export const VERSION: string = typeof FUTEXLAB_VERSION === 'string' ? FUTEXLAB_VERSION : '0.0.0-dev';

export const JSON_FORMAT_VERSION = 1;

/** A command-line failure: the message goes to stderr, the code is the exit status. */
export class CliExit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

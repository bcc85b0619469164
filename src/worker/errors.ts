/** A command that cannot be carried out; `field` names the offending part of the message. */
export class CommandError extends Error {
  override readonly name = 'CommandError';

  constructor(
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** A model the target format cannot express exactly; the message names the node and the reason. */
export class ExportError extends Error {
  override readonly name = 'ExportError';

  constructor(
    message: string,
    readonly nodeId?: string,
  ) {
    super(message);
  }
}

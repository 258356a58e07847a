/** Thrown by the generator for input the generator refuses; `value` is the offending value as given. */
export class GenerateError extends Error {
  override readonly name = 'GenerateError';
  constructor(
    message: string,
    readonly value?: string,
  ) {
    super(message);
  }
}

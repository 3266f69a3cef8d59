/**
 * A refused open API request. `code` is both the HTTP status and the answer's `return_code`
 * (401 token, 400 body or parameter, 404 no such cluster, 405 method, 409 conflict, 413 body
 * too large); `message` becomes `return_message`, naming the field at fault.
 *
 * @example throw new OpenApiError(400, 'qp.events[0].num: expected a number; got "four"');
 */
export class OpenApiError extends Error {
  constructor(
    readonly code: 400 | 401 | 404 | 405 | 409 | 413,
    message: string,
  ) {
    super(message);
    this.name = 'OpenApiError';
  }
}

/** Shorthand for a 400 naming the field at fault. */
export function badField(path: string, problem: string): OpenApiError {
  return new OpenApiError(400, path + ': ' + problem);
}

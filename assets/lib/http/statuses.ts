// The HTTP statuses our answers use, as unions: never a bare number.
export type SuccessStatus = 200 | 201 | 202 | 204;
type ClientErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429;
type ServerErrorStatus = 500 | 502 | 503 | 504;
export type ErrorStatus = ClientErrorStatus | ServerErrorStatus;

package io.immut.driver.aws.local;

/** An error answer of a local endpoint: HTTP status, the service's error code and message. */
final class QueryError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String code;

  QueryError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  static QueryError badRequest(String code, String message) {
    return new QueryError(400, code, message);
  }

  static QueryError invalidParameter(String message) {
    return badRequest("InvalidParameterValue", message);
  }

  static QueryError missing(String parameter) {
    return badRequest("MissingParameter", "The request must contain the parameter " + parameter);
  }
}

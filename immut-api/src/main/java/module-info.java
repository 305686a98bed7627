/**
 * immut's concepts as immutable value types ({@code io.immut.api}) and its service provider
 * interfaces ({@code io.immut.spi}: cloud drivers, metrics sources). Depends on the JDK alone.
 */
module io.immut.api {
  exports io.immut.api;
  exports io.immut.spi;
}

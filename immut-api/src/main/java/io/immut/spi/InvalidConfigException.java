package io.immut.spi;

import io.immut.api.ImmutException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A driver's configuration is invalid. Lists every problem at once, each naming the property,
 * what is wrong and what is allowed. Never contains a secret's value.
 */
public class InvalidConfigException extends ImmutException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  /**
   * Creates the exception.
   *
   * @param driver the driver's name
   * @param problems one line per problem; not empty
   */
  public InvalidConfigException(String driver, List<String> problems) {
    super("Invalid configuration of driver '" + driver + "': "
        + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining()));
    this.problems = List.copyOf(problems);
  }

  /**
   * Returns every problem found.
   *
   * @return one line per problem
   */
  public List<String> problems() {
    return problems;
  }
}

package io.immut.core.state;

/** What a state finding is about. */
public enum SubjectKind {
  /** The fleet as a whole. */
  FLEET,
  /** The generation spec. */
  GENERATION,
  /** A volume of the generation spec, or of a live instance. */
  VOLUME,
  /** A state binding of the state policy ({@code sessions: redis://…}). */
  BINDING,
  /** A line of the generation's user data. */
  USER_DATA,
  /** A live instance, or something attached to it. */
  INSTANCE
}

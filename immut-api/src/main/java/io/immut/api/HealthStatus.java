package io.immut.api;

/** What is known of an instance's health. */
public enum HealthStatus {
  /** Not checked yet, or still within its grace period. */
  UNKNOWN,
  /** Passed its checks. */
  HEALTHY,
  /** Failed its checks. */
  UNHEALTHY
}

package io.immut.postgres;

import io.immut.api.Capacity;
import io.immut.api.FleetSpec;
import io.immut.api.GenerationSpec;
import io.immut.core.port.FleetKey;
import io.immut.core.port.FleetLease;
import io.immut.spi.CloudScope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/** What the store's tests share: a cloud scope, times, specs, plain SQL on the test database. */
final class StoreFixtures {
  private StoreFixtures() {}

  static final CloudScope SCOPE = CloudScope.shared("test-cloud");
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");
  static final Duration TTL = Duration.ofMinutes(1);

  static FleetKey key(String fleet) {
    return new FleetKey(SCOPE, "immut", fleet);
  }

  static FleetSpec spec(String fleet, String image) {
    return FleetSpec.builder(fleet).capacity(Capacity.fixed(2))
        .generation(GenerationSpec.builder().image(image).instanceType("t3.micro").build()).build();
  }

  static void sql(String url, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
         Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  static FleetLease fakeLease() {
    return fakeLease(key("web"));
  }

  /** A lease of no store that always holds: for the engine's local lifecycle, and for refusals. */
  static FleetLease fakeLease(FleetKey of) {
    return new FleetLease() {
      @Override
      public FleetKey key() {
        return of;
      }

      @Override
      public long fencingToken() {
        return 1;
      }

      @Override
      public Instant expiresAt() {
        return Instant.MAX;
      }

      @Override
      public boolean isHeld() {
        return true;
      }

      @Override
      public void renew() {}

      @Override
      public void release() {}
    };
  }
}

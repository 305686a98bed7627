package io.immut.core.memory;

import static io.immut.core.memory.Fixtures.WEB;
import static io.immut.core.memory.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.immut.core.clock.VirtualClock;
import io.immut.spi.CloudDriver;
import io.immut.spi.InstanceView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The in-memory cloud under concurrent calls")
class ConcurrencyTest {

  @Test
  @DisplayName("never launches twice under one token, and respects the quota, whatever the threads do")
  void tokensAndQuotaUnderThreads() throws Exception {
    MemoryCloud cloud = MemoryCloud.builder().clock(new VirtualClock()).quota(150).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        CloudDriver driver = cloud.driver();
        futures.add(pool.submit(() -> {
          for (int token = 0; token < 40; token++) {
            try {
              driver.launch(request("wave-" + token, 5));
            } catch (io.immut.spi.DriverException.QuotaExceeded e) {
              // the quota is full: expected once 30 tokens launched
            }
            driver.list(WEB);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cloud.instances()).hasSize(150);
    assertThat(cloud.activeInstances()).isEqualTo(150);
    assertThat(cloud.instances().stream().map(CloudInstance::id).collect(Collectors.toSet())).hasSize(150);
    assertThat(cloud.calls().count(Operation.LAUNCH)).isEqualTo(8 * 40);
  }
}

package io.immut.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryGenerationStoreTest extends GenerationStoreTest {
  @Override
  GenerationStore newStore() {
    return GenerationStore.inMemory();
  }

  @Test
  void twoStoresShareNothing() {
    store.record(spec("web", "ami-1"), T0);
    assertThat(GenerationStore.inMemory().history("web")).isEmpty();
  }
}

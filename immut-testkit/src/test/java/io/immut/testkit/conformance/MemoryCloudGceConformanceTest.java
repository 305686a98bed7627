package io.immut.testkit.conformance;

import io.immut.core.memory.CloudBehaviour;

/** The in-memory cloud runs the whole conformance suite, with no exclusion, in its GCE behaviour. */
class MemoryCloudGceConformanceTest extends MemoryCloudConformanceTest {
  @Override
  CloudBehaviour behaviour() {
    return CloudBehaviour.GCE;
  }
}

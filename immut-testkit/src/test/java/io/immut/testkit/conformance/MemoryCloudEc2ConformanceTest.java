package io.immut.testkit.conformance;

import io.immut.core.memory.CloudBehaviour;

/** The in-memory cloud runs the whole conformance suite, with no exclusion, in its EC2 behaviour. */
class MemoryCloudEc2ConformanceTest extends MemoryCloudConformanceTest {
  @Override
  CloudBehaviour behaviour() {
    return CloudBehaviour.EC2;
  }
}

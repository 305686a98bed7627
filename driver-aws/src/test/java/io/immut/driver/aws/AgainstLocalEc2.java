package io.immut.driver.aws;

import io.immut.driver.aws.local.LocalEc2;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Tests of the driver against a fresh local EC2 endpoint each, with a driver pointed at it. */
abstract class AgainstLocalEc2 {
  /** The local EC2 (and ELBv2) endpoint of this test. */
  protected LocalEc2 local;
  /** A driver on {@link #local}; a test may close it and open another. */
  protected AwsDriver driver;

  @BeforeEach
  void startLocalEc2() throws Exception {
    local = LocalEc2.start();
    driver = LocalAws.driver(local);
  }

  @AfterEach
  void stopLocalEc2() {
    driver.close();
    local.close();
  }
}

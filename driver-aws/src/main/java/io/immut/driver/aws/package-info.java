/**
 * The AWS driver of immut: fleets as EC2 instances tagged per fleet, generation and owner, traffic
 * through ELBv2 target groups, on the AWS SDK for Java v2.
 *
 * <p>Select it by name ({@code aws}) with a {@link io.immut.spi.DriverConfig} read by
 * {@link io.immut.driver.aws.AwsDriverConfig}, or build an {@link io.immut.driver.aws.AwsDriver}
 * around SDK clients of your own. Errors are classified by {@link io.immut.driver.aws.AwsErrors};
 * prices come from a dated table, {@link io.immut.driver.aws.AwsPriceCatalog}. The permissions it
 * needs, as an IAM policy, are in {@code docs/drivers/aws.md}.
 */
package io.immut.driver.aws;

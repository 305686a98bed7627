/**
 * The AWS driver (name {@code aws}): EC2 instances tagged per fleet and generation, ELBv2 target
 * groups for traffic, through the AWS SDK for Java v2.
 */
module io.immut.driver.aws {
  requires io.immut.api;
  requires org.slf4j;
  requires software.amazon.awssdk.services.ec2;
  requires software.amazon.awssdk.services.elasticloadbalancingv2;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.http.apache;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.utils;
  requires software.amazon.awssdk.identity.spi;
  requires software.amazon.awssdk.retries;
  requires software.amazon.awssdk.retries.api;

  exports io.immut.driver.aws;

  provides io.immut.spi.CloudDriverProvider with io.immut.driver.aws.AwsDriverProvider;
}

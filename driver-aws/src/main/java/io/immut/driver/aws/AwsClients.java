package io.immut.driver.aws;

import io.immut.spi.InvalidConfigException;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** Builds the SDK clients from the driver's configuration. */
final class AwsClients {
  private AwsClients() {}

  static Ec2Client ec2(AwsDriverConfig c) {
    var b = Ec2Client.builder();
    configure(b, c, c.endpoint());
    b.httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(c.connectTimeout())
        .socketTimeout(c.apiCallTimeout()));
    return build(b::build);
  }

  static ElasticLoadBalancingV2Client elb(AwsDriverConfig c) {
    var b = ElasticLoadBalancingV2Client.builder();
    configure(b, c, c.elbEndpoint());
    b.httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(c.connectTimeout())
        .socketTimeout(c.apiCallTimeout()));
    return build(b::build);
  }

  private static void configure(AwsClientBuilder<?, ?> b, AwsDriverConfig c, java.net.URI endpoint) {
    ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
        .apiCallTimeout(c.apiCallTimeout())
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(c.maxRetries() + 1).build());
    if (c.profile() != null) {
      o.defaultProfileName(c.profile());
    }
    b.overrideConfiguration(o.build());
    b.credentialsProvider(credentials(c));
    if (c.region() != null) {
      b.region(Region.of(c.region()));
    }
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
  }

  static AwsCredentialsProvider credentials(AwsDriverConfig c) {
    AwsDriverConfig.StaticCredentials s = c.credentials();
    if (s != null) {
      return StaticCredentialsProvider.create(s.sessionToken() == null
          ? AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey())
          : AwsSessionCredentials.create(s.accessKeyId(), s.secretAccessKey(), s.sessionToken()));
    }
    if (c.profile() != null) {
      return ProfileCredentialsProvider.create(c.profile());
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static <T> T build(java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (SdkClientException e) {
      if (e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("region")) {
        throw new InvalidConfigException("aws", List.of("region: is not set, and the SDK found none in AWS_REGION,"
            + " the profile or the instance metadata; set the property 'region' (such as eu-west-1)"));
      }
      throw e;
    }
  }
}

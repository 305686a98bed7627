package io.immut.driver.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.RetryStrategy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK's lower-level clients the driver talks through, and how they are built: one pipeline
 * with the real bearer-token policy, few SDK retries (the engine retries on its own clock), and an
 * {@link AzureEnvironment} whose Resource Manager endpoint is the configured one.
 *
 * @param compute the Compute service client
 * @param network the Network service client
 */
record AzureClients(ComputeManagementClient compute, NetworkManagementClient network) {

  static AzureClients of(ComputeManager compute, NetworkManager network) {
    return new AzureClients(compute.serviceClient(), network.serviceClient());
  }

  /**
   * Builds the clients from the configuration: its service principal, or azure-identity's default
   * chain (environment, workload identity, managed identity, Azure CLI, ...).
   */
  static AzureClients open(AzureDriverConfig config) {
    return open(config, credential(config), new JdkHttpClientBuilder().build());
  }

  static AzureClients open(AzureDriverConfig config, TokenCredential credential, HttpClient http) {
    AzureProfile profile = profile(config);
    HttpPipeline pipeline = pipeline(config, credential, http);
    return of(ComputeManager.authenticate(pipeline, profile), NetworkManager.authenticate(pipeline, profile));
  }

  static TokenCredential credential(AzureDriverConfig config) {
    AzureDriverConfig.ServicePrincipal sp = config.servicePrincipal();
    if (sp != null) {
      return new ClientSecretCredentialBuilder().tenantId(sp.tenantId()).clientId(sp.clientId())
          .clientSecret(sp.clientSecret()).build();
    }
    return new DefaultAzureCredentialBuilder().build();
  }

  /** The public cloud's endpoints with the configured Resource Manager endpoint. */
  static AzureProfile profile(AzureDriverConfig config) {
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", config.endpoint().toString());
    AzureEnvironment environment = new AzureEnvironment(endpoints);
    String tenant = config.servicePrincipal() == null ? null : config.servicePrincipal().tenantId();
    return new AzureProfile(tenant, config.subscriptionId(), environment);
  }

  static HttpPipeline pipeline(AzureDriverConfig config, TokenCredential credential, HttpClient http) {
    // ARM accepts its own endpoint as the token audience, in every cloud
    String scope = config.endpoint() + ".default";
    List<HttpPipelinePolicy> policies = List.of(
        new UserAgentPolicy("immut-driver-azure"),
        new RequestIdPolicy(),
        new AddDatePolicy(),
        new RetryPolicy(new FewRetries(config.maxRetries())),
        new BearerTokenAuthenticationPolicy(credential, scope));
    return new HttpPipelineBuilder().httpClient(http).policies(policies.toArray(HttpPipelinePolicy[]::new)).build();
  }

  /**
   * At most one immediate retry of a dropped connection or a 5xx without {@code Retry-After};
   * never of a 429 or anything that asks to wait: that is the engine's to decide, on its clock.
   */
  private record FewRetries(int maxRetries) implements RetryStrategy {
    @Override
    public int getMaxRetries() {
      return maxRetries;
    }

    @Override
    public Duration calculateRetryDelay(int retryAttempts) {
      return Duration.ZERO;
    }

    @Override
    public boolean shouldRetry(HttpResponse response) {
      int s = response.getStatusCode();
      return (s == 500 || s == 502 || s == 503 || s == 504) && response.getHeaderValue("Retry-After") == null
          && response.getHeaderValue("x-ms-retry-after-ms") == null;
    }

    @Override
    public boolean shouldRetryException(Throwable t) {
      return t instanceof IOException || t.getCause() instanceof IOException;
    }
  }
}

package io.immut.driver.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.compute.v1.AddressesClient;
import com.google.cloud.compute.v1.AddressesSettings;
import com.google.cloud.compute.v1.BackendServicesClient;
import com.google.cloud.compute.v1.BackendServicesSettings;
import com.google.cloud.compute.v1.ImagesClient;
import com.google.cloud.compute.v1.InstanceGroupsClient;
import com.google.cloud.compute.v1.InstanceGroupsSettings;
import com.google.cloud.compute.v1.ImagesSettings;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import io.immut.spi.DriverException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The google-cloud-compute clients the driver uses. Built from a {@link GcpDriverConfig} by
 * {@link GcpDriver#open}, or handed in ready (with the caller's own credentials, transport or
 * endpoint) through {@link GcpDriver#open(GcpDriverConfig, io.immut.spi.DriverContext, GcpClients)},
 * which leaves them to their owner to close.
 *
 * <p>Clients the driver builds make one attempt per call: the engine retries, with backoff on its
 * own clock, so that no wait of the driver runs outside it.
 *
 * @param instances the instances client
 * @param operations the zone operations client
 * @param images the images client
 * @param backendServices the backend services client, or null for a driver without traffic
 * @param instanceGroups the instance groups client, or null for a driver without traffic
 * @param addresses the addresses client, which tells a reserved (static) external IP from an
 *     ephemeral one at inspection; null reports every external IP as ephemeral, so the state check
 *     cannot warn that a replacement leaves a static IP behind
 */
public record GcpClients(InstancesClient instances, ZoneOperationsClient operations, ImagesClient images,
                         BackendServicesClient backendServices, InstanceGroupsClient instanceGroups,
                         AddressesClient addresses)
    implements AutoCloseable {
  /** The scope the driver's own credentials ask for. */
  public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

  /** Checks the fields. */
  public GcpClients {
    Objects.requireNonNull(instances, "instances");
    Objects.requireNonNull(operations, "operations");
    Objects.requireNonNull(images, "images");
    if ((backendServices == null) != (instanceGroups == null)) {
      throw new IllegalArgumentException("traffic needs both the backend services and the instance groups client, or neither");
    }
  }

  /**
   * The clients of a driver without traffic.
   *
   * @param instances the instances client
   * @param operations the zone operations client
   * @param images the images client
   */
  public GcpClients(InstancesClient instances, ZoneOperationsClient operations, ImagesClient images) {
    this(instances, operations, images, null, null, null);
  }

  /**
   * The clients of a driver with traffic and without the addresses client.
   *
   * @param instances the instances client
   * @param operations the zone operations client
   * @param images the images client
   * @param backendServices the backend services client, or null for a driver without traffic
   * @param instanceGroups the instance groups client, or null for a driver without traffic
   */
  public GcpClients(InstancesClient instances, ZoneOperationsClient operations, ImagesClient images,
                    BackendServicesClient backendServices, InstanceGroupsClient instanceGroups) {
    this(instances, operations, images, backendServices, instanceGroups, null);
  }

  /**
   * These clients with an addresses client, so that inspection tells static external IPs.
   *
   * @param addresses the addresses client
   * @return the clients
   */
  public GcpClients withAddresses(AddressesClient addresses) {
    return new GcpClients(instances, operations, images, backendServices, instanceGroups,
        Objects.requireNonNull(addresses, "addresses"));
  }

  /**
   * Whether the traffic clients are there.
   *
   * @return true with both
   */
  public boolean hasTraffic() {
    return backendServices != null;
  }

  /**
   * Builds the clients of a configuration: its endpoint, its credentials (a key file, none, or
   * Application Default Credentials), one attempt per call within {@code apiCallTimeout}.
   *
   * @param config the configuration
   * @return the clients
   * @throws DriverException.AuthFailed when the credentials cannot be read
   */
  public static GcpClients of(GcpDriverConfig config) {
    CredentialsProvider credentials = credentials(config);
    try {
      InstancesSettings.Builder i = InstancesSettings.newBuilder();
      ZoneOperationsSettings.Builder o = ZoneOperationsSettings.newBuilder();
      ImagesSettings.Builder g = ImagesSettings.newBuilder();
      BackendServicesSettings.Builder s = BackendServicesSettings.newBuilder();
      InstanceGroupsSettings.Builder r = InstanceGroupsSettings.newBuilder();
      AddressesSettings.Builder a = AddressesSettings.newBuilder();
      configure(i, config, credentials);
      configure(o, config, credentials);
      configure(g, config, credentials);
      configure(s, config, credentials);
      configure(r, config, credentials);
      configure(a, config, credentials);
      i.applyToAllUnaryMethods(b -> oneAttempt(b, config.apiCallTimeout()));
      o.applyToAllUnaryMethods(b -> oneAttempt(b, config.apiCallTimeout()));
      g.applyToAllUnaryMethods(b -> oneAttempt(b, config.apiCallTimeout()));
      s.applyToAllUnaryMethods(b -> oneAttempt(b, config.apiCallTimeout()));
      r.applyToAllUnaryMethods(b -> oneAttempt(b, config.apiCallTimeout()));
      a.applyToAllUnaryMethods(b -> oneAttempt(b, config.apiCallTimeout()));
      return new GcpClients(InstancesClient.create(i.build()), ZoneOperationsClient.create(o.build()),
          ImagesClient.create(g.build()), BackendServicesClient.create(s.build()), InstanceGroupsClient.create(r.build()),
          AddressesClient.create(a.build()));
    } catch (IOException e) {
      throw new DriverException.AuthFailed("open", "credentials", "gcp: cannot open the Compute Engine clients: "
          + e.getMessage() + " (give credentialsFile, or set up Application Default Credentials:"
          + " gcloud auth application-default login)", e);
    }
  }

  private static <S extends ClientSettings<S>, B extends ClientSettings.Builder<S, B>> void configure(
      ClientSettings.Builder<S, B> b, GcpDriverConfig config, CredentialsProvider credentials) {
    b.setCredentialsProvider(credentials);
    if (config.endpoint() != null) {
      b.setEndpoint(config.endpoint().toString().replaceAll("/+$", ""));
    }
  }

  private static Void oneAttempt(UnaryCallSettings.Builder<?, ?> b, Duration timeout) {
    RetrySettings r = b.getRetrySettings().toBuilder()
        .setMaxAttempts(1)
        .setTotalTimeoutDuration(timeout)
        .setInitialRpcTimeoutDuration(timeout)
        .setMaxRpcTimeoutDuration(timeout)
        .build();
    b.setRetrySettings(r);
    b.setRetryableCodes(Set.of());
    return null;
  }

  private static CredentialsProvider credentials(GcpDriverConfig config) {
    if (config.anonymous()) {
      return NoCredentialsProvider.create();
    }
    if (config.credentialsFile() == null) {
      return InstancesSettings.defaultCredentialsProviderBuilder().build();
    }
    try (InputStream in = Files.newInputStream(config.credentialsFile())) {
      return FixedCredentialsProvider.create(GoogleCredentials.fromStream(in).createScoped(List.of(CLOUD_PLATFORM)));
    } catch (IOException | RuntimeException e) {
      throw new DriverException.AuthFailed("open", "credentials", "gcp: cannot read the credentials file "
          + config.credentialsFile() + ": " + e.getClass().getSimpleName()
          + " (give the path of a service account key file, or leave credentialsFile out for Application Default"
          + " Credentials)", e);
    }
  }

  /** Closes the three clients. */
  @Override
  public void close() {
    instances.close();
    operations.close();
    images.close();
    if (hasTraffic()) {
      backendServices.close();
      instanceGroups.close();
    }
    if (addresses != null) {
      addresses.close();
    }
  }
}

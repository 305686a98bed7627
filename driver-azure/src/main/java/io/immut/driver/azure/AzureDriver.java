package io.immut.driver.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.ExpandTypeForListVMs;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import io.immut.api.GenerationSpec;
import io.immut.api.Image;
import io.immut.api.ImageRef;
import io.immut.api.InstanceId;
import io.immut.api.SpecProblem;
import io.immut.spi.Capabilities;
import io.immut.spi.CloudDriver;
import io.immut.spi.CloudScope;
import io.immut.spi.DriverContext;
import io.immut.spi.DriverException;
import io.immut.spi.FleetSelector;
import io.immut.spi.InstanceInspection;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.Ownership;
import io.immut.spi.OwnershipKeys;
import io.immut.spi.PriceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Azure driver: one individual virtual machine per instance in one resource group, tagged
 * with {@code immut:fleet}, {@code immut:generation} and {@code immut:owner}, created with a
 * create-only PUT ({@code If-None-Match: *}) of a name derived from the launch token, and deleted
 * with everything its launch created (NIC, public IP, OS and data disks all carry
 * {@code deleteOption: Delete}; an EXTERNAL volume gets no disk, its data lives at its location).
 *
 * <p>Creation is a long-running operation: {@link #launch} returns as soon as ARM accepted each PUT
 * (instances {@code PROVISIONING}); {@link #list} reads each VM's provisioning and power state and
 * reports a VM whose creation failed as {@code FAILED} with the mapped reason. The driver never
 * blocks on an operation; the engine's reconcile loop, on its clock, is the poller.
 */
public final class AzureDriver implements CloudDriver {
  private static final OwnershipKeys KEYS = OwnershipKeys.COLON;

  private final AzureDriverConfig config;
  private final AzureClients clients;
  private final DriverContext context;
  private final AzureErrors errors;
  private final AzureImages images;
  private final VmRequests requests;
  private final VmLaunches launches;
  private final AzurePriceCatalog prices;
  private final AzureTrafficRouter traffic;
  private final ResourceDisks resourceDisks;
  private volatile boolean closed;

  private AzureDriver(AzureDriverConfig config, AzureClients clients, DriverContext context) {
    this.config = config;
    this.clients = clients;
    this.context = context;
    this.errors = new AzureErrors("resource group " + config.resourceGroup() + " (" + config.location() + ")",
        context.clock());
    this.images = new AzureImages(clients.compute(), config, errors);
    this.requests = new VmRequests(config);
    this.launches = new VmLaunches(clients.compute(), config, requests, errors, context.clock(), KEYS);
    this.prices = AzurePriceCatalog.forRegion(config.location(), config.priceOverrides());
    this.traffic = new AzureTrafficRouter(clients, config, errors, context.clock());
    this.resourceDisks = new ResourceDisks(clients.compute(), config.location());
  }

  /**
   * Opens a driver with the configuration's credentials (a service principal, or azure-identity's
   * default chain) and the JDK HTTP client. No request is sent before the first operation.
   *
   * @param config the configuration
   * @param context the engine's context
   * @return the driver
   */
  public static AzureDriver open(AzureDriverConfig config, DriverContext context) {
    return new AzureDriver(config, AzureClients.open(config), context);
  }

  /**
   * Opens a driver with a credential and an HTTP client of the caller's (a proxy, a test server);
   * the pipeline is the driver's own, with the real bearer-token policy.
   *
   * @param config the configuration
   * @param credential the credential
   * @param http the HTTP client
   * @param context the engine's context
   * @return the driver
   */
  public static AzureDriver open(AzureDriverConfig config, TokenCredential credential, HttpClient http,
                                 DriverContext context) {
    return new AzureDriver(config, AzureClients.open(config, credential, http), context);
  }

  /**
   * Wraps managers the caller configured (their pipeline, retries and credentials are theirs;
   * keep the SDK's retries at 0-1 so that the engine sees throttling).
   *
   * @param config the configuration (subscription, resource group, location, ...)
   * @param compute a ready compute manager
   * @param network a ready network manager
   * @param context the engine's context
   * @return the driver
   */
  public static AzureDriver of(AzureDriverConfig config, ComputeManager compute, NetworkManager network,
                               DriverContext context) {
    return new AzureDriver(config, AzureClients.of(compute, network), context);
  }

  @Override
  public String name() {
    return AzureDriverProvider.NAME;
  }

  @Override
  public CloudScope scope() {
    return new CloudScope(config.scopeId(), false);
  }

  @Override
  public Capabilities capabilities() {
    return Capabilities.builder().maxLaunchBatch(config.launchBatch()).maxTerminateBatch(1).maxInspectBatch(200)
        .tagsVolumes(false).traffic(true).prices(true).bootTimeHint(Duration.ofMinutes(2))
        .tokenWindow(config.tokenWindow()).lateLaunchFailures(true).build();
  }

  @Override
  public List<SpecProblem> check(GenerationSpec spec) {
    List<SpecProblem> problems = new ArrayList<>(requests.check(spec));
    if (!AzureImages.isWellFormed(spec.image().value())) {
      problems.add(new SpecProblem("image", "'" + spec.image().value() + "' is not an Azure image reference",
          "a managed image id, a gallery image version id, or a marketplace URN publisher:offer:sku:version"));
    }
    return problems;
  }

  @Override
  public Image resolveImage(ImageRef ref) {
    open();
    return images.resolve(ref);
  }

  @Override
  public LaunchResult launch(LaunchRequest request) {
    open();
    List<SpecProblem> problems = requests.check(request.spec());
    if (!problems.isEmpty()) {
      throw new DriverException.InvalidRequest("launch", null, "the generation spec of fleet "
          + request.ownership().fleet() + " cannot launch on Azure: " + problems, null);
    }
    return launches.launch(request);
  }

  @Override
  public void terminate(Set<InstanceId> ids) {
    open();
    launches.terminate(ids);
  }

  @Override
  public List<InstanceView> list(FleetSelector selector) {
    open();
    List<VirtualMachineInner> vms = listVms("list", "fleet " + selector.fleet());
    List<VirtualMachineInner> owned = new ArrayList<>();
    Map<String, Ownership> ownership = new HashMap<>();
    for (VirtualMachineInner vm : vms) {
      Optional<Ownership> o = KEYS.decode(vm.tags() == null ? Map.of() : vm.tags());
      if (o.isPresent() && o.get().belongsTo(selector)) {
        owned.add(vm);
        ownership.put(vm.name(), o.get());
      }
    }
    VmViews.Network network = owned.isEmpty() ? VmViews.Network.NONE : network("list", "fleet " + selector.fleet());
    List<InstanceView> out = new ArrayList<>();
    for (VirtualMachineInner vm : owned) {
      out.add(VmViews.view(vm, ownership.get(vm.name()), KEYS, network, context.clock().now()));
    }
    return out;
  }

  @Override
  public InstanceInspection inspect(InstanceId id) {
    open();
    VirtualMachineInner vm;
    try {
      vm = clients.compute().getVirtualMachines().getByResourceGroupWithResponse(config.resourceGroup(), id.value(),
          (InstanceViewTypes) null, Context.NONE).getValue();
    } catch (RuntimeException e) {
      throw errors.map("inspect", "GET virtualMachines", "VM " + id, e);
    }
    Map<String, NetworkInterfaceInner> nics = new HashMap<>();
    Map<String, PublicIpAddressInner> ips = new HashMap<>();
    if (vm.networkProfile() != null && vm.networkProfile().networkInterfaces() != null) {
      for (var ref : vm.networkProfile().networkInterfaces()) {
        NetworkInterfaceInner nic = getOrNull(() -> clients.network().getNetworkInterfaces()
            .getByResourceGroup(config.resourceGroup(), lastSegment(ref.id())), "GET networkInterfaces", id);
        if (nic == null) {
          continue;
        }
        nics.put(ref.id().toLowerCase(Locale.ROOT), nic);
        for (var ip : nic.ipConfigurations() == null ? List.<com.azure.resourcemanager.network.fluent.models
            .NetworkInterfaceIpConfigurationInner>of() : nic.ipConfigurations()) {
          if (ip.publicIpAddress() != null && ip.publicIpAddress().id() != null) {
            PublicIpAddressInner pip = getOrNull(() -> clients.network().getPublicIpAddresses()
                .getByResourceGroup(config.resourceGroup(), lastSegment(ip.publicIpAddress().id())),
                "GET publicIPAddresses", id);
            if (pip != null) {
              ips.put(ip.publicIpAddress().id().toLowerCase(Locale.ROOT), pip);
            }
          }
        }
      }
    }
    return VmViews.inspection(vm, new VmViews.Network(nics, ips), resourceDisk(vm, id.value()));
  }

  /** One listing of the VMs, one of the NICs and one of the public IPs, however many ids. */
  @Override
  public Map<InstanceId, InstanceInspection> inspectAll(Collection<InstanceId> ids) {
    open();
    Set<String> wanted = new HashSet<>();
    ids.forEach(i -> wanted.add(i.value()));
    Map<InstanceId, InstanceInspection> out = new LinkedHashMap<>();
    if (wanted.isEmpty()) {
      return out;
    }
    List<VirtualMachineInner> vms = listVms("inspect", wanted.size() + " VMs");
    VmViews.Network network = network("inspect", wanted.size() + " VMs");
    for (VirtualMachineInner vm : vms) {
      if (wanted.contains(vm.name())) {
        out.put(InstanceId.of(vm.name()), VmViews.inspection(vm, network, resourceDisk(vm, wanted.size() + " VMs")));
      }
    }
    return out;
  }

  /** The GiB of the VM's resource disk, from its size's Resource SKU. */
  private int resourceDisk(VirtualMachineInner vm, String what) {
    String size = vm.hardwareProfile() == null || vm.hardwareProfile().vmSize() == null ? null
        : vm.hardwareProfile().vmSize().toString();
    try {
      return resourceDisks.gib(size);
    } catch (RuntimeException e) {
      throw errors.map("inspect", "GET skus", what, e);
    }
  }

  @Override
  public Optional<io.immut.spi.TrafficRouter> traffic() {
    return Optional.of(traffic);
  }

  @Override
  public Optional<PriceCatalog> prices() {
    return Optional.of(prices);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      launches.close();
    }
  }

  private void open() {
    if (closed) {
      throw new IllegalStateException("the azure driver is closed");
    }
  }

  private List<VirtualMachineInner> listVms(String operation, String subject) {
    try {
      List<VirtualMachineInner> vms = new ArrayList<>();
      clients.compute().getVirtualMachines().listByResourceGroup(config.resourceGroup(), null,
          ExpandTypeForListVMs.INSTANCE_VIEW, Context.NONE).forEach(vms::add);
      return vms;
    } catch (RuntimeException e) {
      throw errors.map(operation, "GET virtualMachines", subject, e);
    }
  }

  private VmViews.Network network(String operation, String subject) {
    Map<String, NetworkInterfaceInner> nics = new HashMap<>();
    Map<String, PublicIpAddressInner> ips = new HashMap<>();
    try {
      clients.network().getNetworkInterfaces().listByResourceGroup(config.resourceGroup())
          .forEach(n -> nics.put(n.id().toLowerCase(Locale.ROOT), n));
    } catch (RuntimeException e) {
      throw errors.map(operation, "GET networkInterfaces", subject, e);
    }
    try {
      clients.network().getPublicIpAddresses().listByResourceGroup(config.resourceGroup())
          .forEach(p -> ips.put(p.id().toLowerCase(Locale.ROOT), p));
    } catch (RuntimeException e) {
      throw errors.map(operation, "GET publicIPAddresses", subject, e);
    }
    return new VmViews.Network(nics, ips);
  }

  private <T> T getOrNull(java.util.function.Supplier<T> call, String action, InstanceId id) {
    try {
      return call.get();
    } catch (ManagementException e) {
      if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
        return null;
      }
      throw errors.map("inspect", action, "VM " + id, e);
    } catch (RuntimeException e) {
      throw errors.map("inspect", action, "VM " + id, e);
    }
  }

  static String lastSegment(String id) {
    return id.substring(id.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return "AzureDriver[" + config.scopeId() + "]";
  }
}

package io.immut.driver.azure;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.InstanceViewTypes;
import io.immut.api.InstanceId;
import io.immut.api.InstanceState;
import io.immut.spi.DriverClock;
import io.immut.spi.DriverException;
import io.immut.spi.InstanceView;
import io.immut.spi.LaunchFailure;
import io.immut.spi.LaunchRequest;
import io.immut.spi.LaunchResult;
import io.immut.spi.Ownership;
import io.immut.spi.OwnershipKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Launches and deletes VMs, one ARM request per VM, several at once within the configured
 * concurrency. Idempotency comes from the names: each PUT is create-only ({@code If-None-Match: *});
 * a 412 means the name exists, and it is accepted when its tags carry the same launch token. A
 * token is also remembered in this process for {@link AzureDriverConfig#tokenWindow()}, so that a
 * re-sent token launches nothing new even after its VMs were deleted.
 */
final class VmLaunches implements AutoCloseable {
  private final ComputeManagementClient compute;
  private final AzureDriverConfig config;
  private final VmRequests requests;
  private final AzureErrors errors;
  private final DriverClock clock;
  private final OwnershipKeys keys;
  private final Map<String, Remembered> recent = new ConcurrentHashMap<>();
  private volatile ExecutorService pool;

  private record Remembered(LaunchResult result, Instant at) {}

  VmLaunches(ComputeManagementClient compute, AzureDriverConfig config, VmRequests requests, AzureErrors errors,
             DriverClock clock, OwnershipKeys keys) {
    this.compute = compute;
    this.config = config;
    this.requests = requests;
    this.errors = errors;
    this.clock = clock;
    this.keys = keys;
  }

  LaunchResult launch(LaunchRequest request) {
    Instant now = clock.now();
    recent.values().removeIf(r -> r.at().plus(config.tokenWindow()).isBefore(now));
    Remembered known = recent.get(request.token().value());
    if (known != null) {
      return refreshed(request, known.result());
    }
    List<String> names = requests.names(request);
    List<InstanceView> launched = new ArrayList<>();
    // the first VM alone: a refusal that would refuse them all (quota, auth, a bad spec) launches nothing
    launched.add(put(request, names.get(0), 0));
    List<Integer> rest = new ArrayList<>();
    for (int i = 1; i < names.size(); i++) {
      rest.add(i);
    }
    DriverException first = null;
    for (Outcome<InstanceView> o : all(rest, i -> put(request, names.get(i), i))) {
      if (o.value() != null) {
        launched.add(o.value());
      } else if (first == null) {
        first = o.error();
      }
    }
    LaunchResult result = first == null ? LaunchResult.complete(request, launched)
        : LaunchResult.partial(request, launched, shortfall(first));
    recent.put(request.token().value(), new Remembered(result, clock.now()));
    return result;
  }

  private static LaunchFailure shortfall(DriverException e) {
    if (e instanceof DriverException.CapacityUnavailable) {
      return LaunchFailure.capacity(e.getMessage());
    }
    if (e instanceof DriverException.QuotaExceeded) {
      return LaunchFailure.quota(e.getMessage());
    }
    return new LaunchFailure(LaunchFailure.Reason.OTHER, e.getMessage());
  }

  /** One create-only PUT; returns once ARM accepted it (the poller is never waited on). */
  private InstanceView put(LaunchRequest request, String name, int index) {
    VirtualMachineInner body = requests.vm(request, name, index, keys);
    try {
      compute.getVirtualMachines().beginCreateOrUpdate(config.resourceGroup(), name, body, null, "*", Context.NONE);
      return InstanceView.builder().id(InstanceId.of(name)).ownership(request.ownership())
          .state(InstanceState.PROVISIONING).health(io.immut.api.HealthStatus.UNKNOWN)
          .instanceType(request.spec().instanceType()).imageId(request.image().id()).tags(request.spec().labels())
          .zone(body.zones() == null || body.zones().isEmpty() ? null : body.zones().get(0)).launchedAt(clock.now())
          .build();
    } catch (ManagementException e) {
      if (e.getResponse() != null && e.getResponse().getStatusCode() == 412) {
        return existing(request, name);
      }
      throw errors.map("launch", "PUT virtualMachines", "VM " + name + " of fleet " + request.ownership().fleet(), e);
    } catch (RuntimeException e) {
      throw errors.map("launch", "PUT virtualMachines", "VM " + name + " of fleet " + request.ownership().fleet(), e);
    }
  }

  /** The VM a 412 found: ours when it carries the same token and ownership. */
  private InstanceView existing(LaunchRequest request, String name) {
    VirtualMachineInner vm = get(name, "launch");
    if (vm == null) {
      throw new DriverException.Transient("launch", "PreconditionFailed", "VM " + name + " exists for a PUT and is gone"
          + " for the GET after it (being deleted): retry the launch", null);
    }
    Map<String, String> tags = vm.tags() == null ? Map.of() : vm.tags();
    Optional<Ownership> owner = keys.decode(tags);
    if (!request.token().value().equals(tags.get(VmRequests.TOKEN_TAG)) || owner.isEmpty()
        || !owner.get().equals(request.ownership())) {
      throw new DriverException.InvalidRequest("launch", "PreconditionFailed", "VM name " + name + " in resource group "
          + config.resourceGroup() + " is taken by a VM this launch token did not create; it is left alone:"
          + " launch with a new token", null);
    }
    return VmViews.view(vm, owner.get(), keys, VmViews.Network.NONE, clock.now());
  }

  private LaunchResult refreshed(LaunchRequest request, LaunchResult first) {
    List<InstanceView> views = new ArrayList<>();
    for (InstanceView v : first.instances()) {
      VirtualMachineInner vm = get(v.id().value(), "launch");
      views.add(vm == null ? v.withState(InstanceState.DELETED)
          : VmViews.view(vm, v.ownership(), keys, VmViews.Network.NONE, v.launchedAt()));
    }
    return first.shortfall().map(s -> LaunchResult.partial(request, views, s))
        .orElseGet(() -> LaunchResult.complete(request, views));
  }

  private VirtualMachineInner get(String name, String operation) {
    try {
      return compute.getVirtualMachines().getByResourceGroupWithResponse(config.resourceGroup(), name,
          InstanceViewTypes.INSTANCE_VIEW, Context.NONE).getValue();
    } catch (ManagementException e) {
      if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
        return null;
      }
      throw errors.map(operation, "GET virtualMachines", "VM " + name, e);
    } catch (RuntimeException e) {
      throw errors.map(operation, "GET virtualMachines", "VM " + name, e);
    }
  }

  /** Deletes each VM (and with it what its launch created); one already gone is not an error. */
  void terminate(Set<InstanceId> ids) {
    DriverException first = null;
    for (Outcome<Boolean> o : all(new ArrayList<>(ids), this::delete)) {
      if (o.error() != null && first == null) {
        first = o.error();
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private Boolean delete(InstanceId id) {
    try {
      // forceDeletion=false: a forced delete skips the guest's shutdown and is for stuck VMs only
      compute.getVirtualMachines().beginDelete(config.resourceGroup(), id.value(), false, Context.NONE);
      return true;
    } catch (ManagementException e) {
      if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
        return false;
      }
      throw errors.map("terminate", "DELETE virtualMachines", "VM " + id, e);
    } catch (RuntimeException e) {
      throw errors.map("terminate", "DELETE virtualMachines", "VM " + id, e);
    }
  }

  private record Outcome<T>(T value, DriverException error) {}

  private <I, T> List<Outcome<T>> all(List<I> items, Function<I, T> call) {
    List<Outcome<T>> out = new ArrayList<>();
    if (items.size() <= 1 || config.concurrency() == 1) {
      for (I item : items) {
        out.add(attempt(call, item));
      }
      return out;
    }
    List<Future<Outcome<T>>> futures = new ArrayList<>();
    for (I item : items) {
      futures.add(pool().submit(() -> attempt(call, item)));
    }
    for (Future<Outcome<T>> f : futures) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(x -> x.cancel(true));
        throw new DriverException.Transient("launch", null, "interrupted while waiting for ARM's answers", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("unexpected failure of a driver task", e.getCause());
      }
    }
    return out;
  }

  private static <I, T> Outcome<T> attempt(Function<I, T> call, I item) {
    try {
      return new Outcome<>(call.apply(item), null);
    } catch (DriverException e) {
      return new Outcome<>(null, e);
    }
  }

  private ExecutorService pool() {
    ExecutorService p = pool;
    if (p == null) {
      synchronized (this) {
        if (pool == null) {
          pool = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "immut-azure-arm");
            t.setDaemon(true);
            return t;
          });
        }
        p = pool;
      }
    }
    return p;
  }

  @Override
  public void close() {
    ExecutorService p = pool;
    if (p != null) {
      p.shutdownNow();
    }
  }
}

package io.immut.driver.gcp;

import com.google.cloud.compute.v1.DeleteInstanceRequest;
import com.google.cloud.compute.v1.GetInstanceRequest;
import com.google.cloud.compute.v1.Instance;
import io.immut.api.InstanceId;
import io.immut.spi.DriverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deletes instances, {@code deleteConcurrency} at a time (GCE deletes one instance per call). An
 * instance already gone (404) or already being deleted is not an error. The deletes are not
 * waited on: the instances list as STOPPING until they are gone. Disks created with
 * {@code autoDelete} go with them; the boot disk and ephemeral data disks always are.
 */
final class Deletions implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private final GcpClients clients;
  private final GcpDriverConfig config;
  private final ExecutorService pool;

  Deletions(GcpClients clients, GcpDriverConfig config) {
    this.clients = clients;
    this.config = config;
    this.pool = Executors.newFixedThreadPool(config.deleteConcurrency(), r -> {
      Thread t = new Thread(r, "immut-gcp-delete-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  void delete(Set<InstanceId> ids) {
    List<Future<?>> calls = new ArrayList<>();
    for (InstanceId id : ids) {
      GcpNames.ZonedName zn = GcpNames.parse(id);
      if (zn != null) {
        calls.add(pool.submit(() -> deleteOne(zn)));
      }
    }
    DriverException first = null;
    for (Future<?> call : calls) {
      try {
        call.get();
      } catch (ExecutionException e) {
        if (first == null) {
          first = e.getCause() instanceof DriverException d ? d : GcpErrors.map("terminate", e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException.Transient("terminate", "interrupted", "gcp terminate: interrupted", e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void deleteOne(GcpNames.ZonedName zn) {
    String what = "terminate " + zn.id();
    try {
      clients.instances().deleteCallable().call(DeleteInstanceRequest.newBuilder().setProject(config.project())
          .setZone(zn.zone()).setInstance(zn.name()).build());
    } catch (RuntimeException e) {
      DriverException d = GcpErrors.map(what, e);
      if (d instanceof DriverException.NotFound) {
        return;
      }
      if (GcpErrors.answer(e).notReady() && beingDeleted(zn, what)) {
        return;
      }
      throw d;
    }
  }

  /** After "resource not ready": whether the instance is already on its way out. */
  private boolean beingDeleted(GcpNames.ZonedName zn, String what) {
    try {
      Instance i = clients.instances().getCallable().call(GetInstanceRequest.newBuilder().setProject(config.project())
          .setZone(zn.zone()).setInstance(zn.name()).build());
      return i.getStatus().equals("STOPPING");
    } catch (RuntimeException e) {
      if (GcpErrors.map(what, e) instanceof DriverException.NotFound) {
        return true;
      }
      throw GcpErrors.map(what, e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}

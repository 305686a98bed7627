package io.immut.examples.driver;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny cloud held in a map: the "remote API" that {@link MapDriver} talks to, standing in for a
 * cloud SDK. It behaves as a cloud does where the driver contract cares: it knows a set of
 * images, runs instances with tags and disks, honours a client token on run (the first answer
 * for a token is the answer for every retry), lists in pages, takes at most a batch of ids per
 * terminate call, limits capacity per instance type, and answers with error codes
 * ({@link MapCloudException}) rather than the driver's exception types.
 *
 * <p>Everything happens at once: a run instance is running, a terminated one is terminated.
 * Thread-safe.
 */
public final class MapCloud {

  /** The operations of the cloud's API, for {@link #failNext}. */
  public enum Api {
    /** {@link #describeImage}. */
    DESCRIBE_IMAGE,
    /** {@link #run}. */
    RUN,
    /** {@link #terminate}. */
    TERMINATE,
    /** {@link #describe}. */
    DESCRIBE,
    /** {@link #describeInstance}. */
    DESCRIBE_INSTANCE
  }

  /**
   * A disk of a machine.
   *
   * @param id the disk's id
   * @param sizeGb its size
   * @param root whether it is the boot disk
   * @param deleteOnTermination whether it goes with the machine
   * @param tags its tags
   */
  public record Disk(String id, int sizeGb, boolean root, boolean deleteOnTermination, Map<String, String> tags) {
    /** Copies the tags. */
    public Disk {
      tags = Map.copyOf(tags);
    }
  }

  /**
   * A machine as the cloud stores it.
   *
   * @param id its id, {@code m-000001}
   * @param type its instance type
   * @param imageId its image
   * @param tags its tags
   * @param state {@code running} or {@code terminated}
   * @param launchedAt when it was run
   * @param privateIp its private address
   * @param zone its zone
   * @param disks its disks
   */
  public record Machine(String id, String type, String imageId, Map<String, String> tags, String state,
                        Instant launchedAt, String privateIp, String zone, List<Disk> disks) {
    /** Copies the collections. */
    public Machine {
      tags = Map.copyOf(tags);
      disks = List.copyOf(disks);
    }

    Machine terminated() {
      return new Machine(id, type, imageId, tags, "terminated", launchedAt, privateIp, zone, disks);
    }
  }

  /**
   * What a disk of a run request should be.
   *
   * @param sizeGb its size
   * @param root whether it is the boot disk
   * @param deleteOnTermination whether it goes with the machine
   */
  public record DiskRequest(int sizeGb, boolean root, boolean deleteOnTermination) {}

  /**
   * The answer to a run request.
   *
   * @param machines the machines run under the token
   * @param requested how many were asked for
   * @param shortReason why fewer were run, or null
   */
  public record RunResult(List<Machine> machines, int requested, String shortReason) {
    /** Copies the machines. */
    public RunResult {
      machines = List.copyOf(machines);
    }
  }

  /**
   * One page of a listing.
   *
   * @param machines the machines of the page
   * @param nextToken where the next page starts, or null after the last page
   */
  public record Page(List<Machine> machines, String nextToken) {
    /** Copies the machines. */
    public Page {
      machines = List.copyOf(machines);
    }
  }

  private final Set<String> images;
  private final int pageSize;
  private final int terminateBatch;
  private final ConcurrentSkipListMap<String, Machine> machines = new ConcurrentSkipListMap<>();
  private final ConcurrentHashMap<String, RunResult> tokens = new ConcurrentHashMap<>();
  private final Map<String, Integer> capacity = new ConcurrentHashMap<>();
  private final Map<Api, Queue<String>> failures = new EnumMap<>(Api.class);
  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong disks = new AtomicLong();

  /**
   * A cloud.
   *
   * @param images the image ids it knows
   * @param pageSize how many machines one page of {@link #describe} holds
   * @param terminateBatch how many ids one {@link #terminate} call takes
   */
  public MapCloud(Set<String> images, int pageSize, int terminateBatch) {
    if (pageSize < 1 || terminateBatch < 1) {
      throw new IllegalArgumentException("page size and terminate batch must be at least 1");
    }
    this.images = Set.copyOf(images);
    this.pageSize = pageSize;
    this.terminateBatch = terminateBatch;
  }

  /**
   * How many ids one terminate call takes.
   *
   * @return the batch limit
   */
  public int terminateBatch() {
    return terminateBatch;
  }

  /**
   * How many machines one page holds.
   *
   * @return the page size
   */
  public int pageSize() {
    return pageSize;
  }

  /**
   * Limits how many more machines of a type may run.
   *
   * @param type the instance type
   * @param available how many more may run
   */
  public void limitCapacity(String type, int available) {
    capacity.put(type, available);
  }

  /**
   * Makes the next call of an API answer with an error code.
   *
   * @param api the API
   * @param code the error code
   */
  public void failNext(Api api, String code) {
    synchronized (failures) {
      failures.computeIfAbsent(api, a -> new ArrayDeque<>()).add(code);
    }
  }

  private void maybeFail(Api api) {
    String code;
    synchronized (failures) {
      Queue<String> q = failures.get(api);
      code = q == null ? null : q.poll();
    }
    if (code != null) {
      throw new MapCloudException(code, api + " failed as scripted");
    }
  }

  /**
   * Checks that an image exists.
   *
   * @param imageId the image
   * @return the image id
   * @throws MapCloudException {@code ImageNotFound} when it does not
   */
  public String describeImage(String imageId) {
    maybeFail(Api.DESCRIBE_IMAGE);
    if (!images.contains(imageId)) {
      throw new MapCloudException(MapCloudException.IMAGE_NOT_FOUND, "no image '" + imageId + "' in this map cloud");
    }
    return imageId;
  }

  /**
   * Runs machines, once per client token: a repeated token gets the first answer back.
   *
   * @param clientToken the idempotency token
   * @param type the instance type
   * @param imageId the image
   * @param tags the tags of machines and disks
   * @param zones the zones to spread over, may be empty
   * @param diskRequests the disks of each machine
   * @param count how many
   * @return the machines run under the token, in their state now
   */
  public RunResult run(String clientToken, String type, String imageId, Map<String, String> tags, List<String> zones,
                       List<DiskRequest> diskRequests, int count) {
    maybeFail(Api.RUN);
    if (!images.contains(imageId)) {
      throw new MapCloudException(MapCloudException.IMAGE_NOT_FOUND, "no image '" + imageId + "' in this map cloud");
    }
    if (count < 1) {
      throw new MapCloudException(MapCloudException.INVALID_PARAMETER, "count must be at least 1, got " + count);
    }
    RunResult first = tokens.computeIfAbsent(clientToken, t -> runNow(type, imageId, tags, zones, diskRequests, count));
    // the machines as they are now: a token re-sent after a termination answers them terminated
    List<Machine> now = first.machines().stream().map(m -> machines.getOrDefault(m.id(), m)).toList();
    return new RunResult(now, first.requested(), first.shortReason());
  }

  private RunResult runNow(String type, String imageId, Map<String, String> tags, List<String> zones,
                           List<DiskRequest> diskRequests, int count) {
    int n = count;
    String shortReason = null;
    synchronized (capacity) {
      Integer available = capacity.get(type);
      if (available != null) {
        if (available == 0) {
          throw new MapCloudException(MapCloudException.INSUFFICIENT_CAPACITY, "no capacity left for " + type);
        }
        if (available < count) {
          n = available;
          shortReason = "only " + available + " " + type + " left";
        }
        capacity.put(type, available - n);
      }
    }
    List<Machine> run = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long number = ids.incrementAndGet();
      List<Disk> attached = new ArrayList<>();
      for (DiskRequest d : diskRequests) {
        attached.add(new Disk("d-" + disks.incrementAndGet(), d.sizeGb(), d.root(), d.deleteOnTermination(), tags));
      }
      String zone = zones.isEmpty() ? "map-1a" : zones.get(i % zones.size());
      Machine m = new Machine(String.format("m-%06d", number), type, imageId, tags, "running", Instant.now(),
          "10.0." + (number / 250) % 250 + "." + (number % 250 + 1), zone, attached);
      machines.put(m.id(), m);
      run.add(m);
    }
    return new RunResult(run, count, shortReason);
  }

  /**
   * Creates a machine directly, as another tool would.
   *
   * @param tags its tags
   * @param type its type
   * @param imageId its image
   * @return the machine
   */
  public Machine create(Map<String, String> tags, String type, String imageId) {
    return runNow(type, imageId, tags, List.of(), List.of(new DiskRequest(8, true, true)), 1).machines().get(0);
  }

  /**
   * Terminates machines; unknown and terminated ids are ignored.
   *
   * @param machineIds at most {@link #terminateBatch()} ids
   * @throws MapCloudException {@code InvalidParameter} when given more ids than one batch
   */
  public void terminate(Set<String> machineIds) {
    maybeFail(Api.TERMINATE);
    if (machineIds.size() > terminateBatch) {
      throw new MapCloudException(MapCloudException.INVALID_PARAMETER,
          "at most " + terminateBatch + " ids per terminate call, got " + machineIds.size());
    }
    for (String id : machineIds) {
      machines.computeIfPresent(id, (k, m) -> m.terminated());
    }
  }

  /**
   * The disks terminated machines left behind: those without delete-on-termination, which outlive
   * their machine (and are billed) until someone deletes them.
   *
   * @return the disks left behind, in machine id order
   */
  public List<Disk> leftoverDisks() {
    List<Disk> left = new ArrayList<>();
    for (Machine m : machines.values()) {
      if ("terminated".equals(m.state())) {
        m.disks().stream().filter(d -> !d.deleteOnTermination()).forEach(left::add);
      }
    }
    return left;
  }

  /**
   * Lists machines whose tags contain all the given tags, one page at a time, in id order.
   *
   * @param tagFilter tags a machine must carry
   * @param pageToken null for the first page, else the previous page's next token
   * @return the page
   */
  public Page describe(Map<String, String> tagFilter, String pageToken) {
    maybeFail(Api.DESCRIBE);
    List<Machine> page = new ArrayList<>();
    var tail = pageToken == null ? machines : machines.tailMap(pageToken, true);
    String next = null;
    for (Machine m : tail.values()) {
      if (!m.tags().entrySet().containsAll(tagFilter.entrySet())) {
        continue;
      }
      if (page.size() == pageSize) {
        next = m.id();
        break;
      }
      page.add(m);
    }
    page.sort(Comparator.comparing(Machine::id));
    return new Page(page, next);
  }

  /**
   * Describes one machine.
   *
   * @param machineId its id
   * @return the machine
   * @throws MapCloudException {@code InstanceNotFound} when there is none
   */
  public Machine describeInstance(String machineId) {
    maybeFail(Api.DESCRIBE_INSTANCE);
    Machine m = machines.get(machineId);
    if (m == null) {
      throw new MapCloudException(MapCloudException.INSTANCE_NOT_FOUND, "no machine '" + machineId + "'");
    }
    return m;
  }

  /**
   * Every machine, in any state, for tests.
   *
   * @return the machines
   */
  public List<Machine> machines() {
    return List.copyOf(machines.values());
  }
}

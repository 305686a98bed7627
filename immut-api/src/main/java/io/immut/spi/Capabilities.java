package io.immut.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * What a driver can do. The engine sizes its batches and chooses its paths from it, and the
 * conformance suite checks every claim. Built with {@link #builder()}; every field has a default,
 * so a new one breaks no driver.
 *
 * @since 0.2
 */
public final class Capabilities {
  private final int maxLaunchBatch;
  private final int maxTerminateBatch;
  private final int maxInspectBatch;
  private final boolean tagsVolumes;
  private final boolean traffic;
  private final boolean prices;
  private final Duration bootTimeHint;
  private final Duration tokenWindow;
  private final boolean lateLaunchFailures;
  private final Duration listLag;

  private Capabilities(Builder b) {
    if (b.maxLaunchBatch < 1 || b.maxTerminateBatch < 1 || b.maxInspectBatch < 1) {
      throw new IllegalArgumentException("batch sizes must be at least 1, got launch " + b.maxLaunchBatch + ", terminate "
          + b.maxTerminateBatch + ", inspect " + b.maxInspectBatch);
    }
    Objects.requireNonNull(b.bootTimeHint, "bootTimeHint");
    Objects.requireNonNull(b.tokenWindow, "tokenWindow");
    Objects.requireNonNull(b.listLag, "listLag");
    if (b.listLag.isNegative()) {
      throw new IllegalArgumentException("listLag must not be negative, got " + b.listLag);
    }
    if (b.bootTimeHint.isNegative() || b.tokenWindow.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("bootTimeHint must not be negative and tokenWindow at least a minute");
    }
    this.maxLaunchBatch = b.maxLaunchBatch;
    this.maxTerminateBatch = b.maxTerminateBatch;
    this.maxInspectBatch = b.maxInspectBatch;
    this.tagsVolumes = b.tagsVolumes;
    this.traffic = b.traffic;
    this.prices = b.prices;
    this.bootTimeHint = b.bootTimeHint;
    this.tokenWindow = b.tokenWindow;
    this.lateLaunchFailures = b.lateLaunchFailures;
    this.listLag = b.listLag;
  }

  /**
   * Starts a builder with the defaults: batches of 1, no volume tags, no traffic, no prices, a
   * boot time hint of one minute, a token window of one hour, no late launch failures, no list lag.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from these capabilities.
   *
   * @return a builder with every field of these
   */
  public Builder toBuilder() {
    return new Builder().maxLaunchBatch(maxLaunchBatch).maxTerminateBatch(maxTerminateBatch)
        .maxInspectBatch(maxInspectBatch).tagsVolumes(tagsVolumes).traffic(traffic).prices(prices)
        .bootTimeHint(bootTimeHint).tokenWindow(tokenWindow).lateLaunchFailures(lateLaunchFailures).listLag(listLag);
  }

  /**
   * The most instances one {@code launch} call may ask for; the engine splits larger waves.
   *
   * @return at least 1
   */
  public int maxLaunchBatch() {
    return maxLaunchBatch;
  }

  /**
   * The most ids the cloud takes in one terminate request. When it is more than 1, the engine passes
   * at most this many ids to one {@code terminate} call: a larger set is split into batches, each a
   * call of its own under the engine's rate limit, overlapped and retried on its own. 1 says the
   * cloud has no batch delete: the engine passes the whole set and the driver sends one request per
   * instance with its own concurrency. A driver still splits the larger sets other callers may pass.
   *
   * @return at least 1
   */
  public int maxTerminateBatch() {
    return maxTerminateBatch;
  }

  /**
   * How many instances one {@link CloudDriver#inspectAll} call inspects: more than one when the
   * cloud describes many instances per request (EC2's {@code DescribeInstances}); 1 when it
   * inspects one instance per request (Azure, GCE), and the engine then overlaps its inspections.
   *
   * @return at least 1
   */
  public int maxInspectBatch() {
    return maxInspectBatch;
  }

  /**
   * Whether launched volumes carry the ownership tags too.
   *
   * @return true when they do
   */
  public boolean tagsVolumes() {
    return tagsVolumes;
  }

  /**
   * Whether {@link CloudDriver#traffic()} is present.
   *
   * @return true when it is
   */
  public boolean traffic() {
    return traffic;
  }

  /**
   * Whether {@link CloudDriver#prices()} is present.
   *
   * @return true when it is
   */
  public boolean prices() {
    return prices;
  }

  /**
   * How long an instance typically takes from launch to running, for plans.
   *
   * @return the hint
   */
  public Duration bootTimeHint() {
    return bootTimeHint;
  }

  /**
   * How long after its first use a re-sent launch token is guaranteed to launch nothing new (see
   * {@link LaunchToken}). The engine never re-sends a token later than this.
   *
   * @return at least a minute
   */
  public Duration tokenWindow() {
    return tokenWindow;
  }

  /**
   * Whether a launch the cloud accepted can fail later ({@link io.immut.api.InstanceState#FAILED}
   * instances in {@code list}): creation is a long-running operation (Azure, GCE).
   *
   * @return true when launches can fail late
   */
  public boolean lateLaunchFailures() {
    return lateLaunchFailures;
  }

  /**
   * How long after a change {@link CloudDriver#list} may still not show it: the bound of the
   * listing's eventual consistency (zero when a listing shows every change at once). A process
   * that takes over a fleet cannot know what a process that died a moment ago launched while the
   * listing lags, so the engine acts on no listing older than the start of its own rollout: it
   * waits this long after the rollout's start before its first decision. A driver whose cloud
   * lists lazily declares a bound it can stand behind.
   *
   * @return zero or more
   * @since 0.3
   */
  public Duration listLag() {
    return listLag;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Capabilities c && maxLaunchBatch == c.maxLaunchBatch && maxTerminateBatch == c.maxTerminateBatch
        && maxInspectBatch == c.maxInspectBatch && tagsVolumes == c.tagsVolumes && traffic == c.traffic
        && prices == c.prices && bootTimeHint.equals(c.bootTimeHint) && tokenWindow.equals(c.tokenWindow)
        && lateLaunchFailures == c.lateLaunchFailures && listLag.equals(c.listLag);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxLaunchBatch, maxTerminateBatch, maxInspectBatch, tagsVolumes, traffic, prices, bootTimeHint,
        tokenWindow, lateLaunchFailures, listLag);
  }

  @Override
  public String toString() {
    return "Capabilities[launch " + maxLaunchBatch + ", terminate " + maxTerminateBatch + ", inspect " + maxInspectBatch
        + (tagsVolumes ? ", tags volumes" : "") + (traffic ? ", traffic" : "") + (prices ? ", prices" : "")
        + ", boot ~" + bootTimeHint + ", tokens kept " + tokenWindow + (lateLaunchFailures ? ", late launch failures" : "")
        + (listLag.isZero() ? "" : ", list lag " + listLag) + "]";
  }

  /** Builds {@link Capabilities}. */
  public static final class Builder {
    private int maxLaunchBatch = 1;
    private int maxTerminateBatch = 1;
    private int maxInspectBatch = 1;
    private boolean tagsVolumes;
    private boolean traffic;
    private boolean prices;
    private Duration bootTimeHint = Duration.ofMinutes(1);
    private Duration tokenWindow = Duration.ofHours(1);
    private boolean lateLaunchFailures;
    private Duration listLag = Duration.ZERO;

    private Builder() {}

    /**
     * Sets the launch batch.
     *
     * @param n the most instances per launch call
     * @return this builder
     */
    public Builder maxLaunchBatch(int n) {
      this.maxLaunchBatch = n;
      return this;
    }

    /**
     * Sets the terminate batch.
     *
     * @param n the most ids per terminate request
     * @return this builder
     */
    public Builder maxTerminateBatch(int n) {
      this.maxTerminateBatch = n;
      return this;
    }

    /**
     * Sets the inspect batch.
     *
     * @param n the most instances per inspectAll call
     * @return this builder
     */
    public Builder maxInspectBatch(int n) {
      this.maxInspectBatch = n;
      return this;
    }

    /**
     * Sets whether volumes carry the ownership tags.
     *
     * @param yes true when they do
     * @return this builder
     */
    public Builder tagsVolumes(boolean yes) {
      this.tagsVolumes = yes;
      return this;
    }

    /**
     * Sets whether the driver routes traffic.
     *
     * @param yes true when {@link CloudDriver#traffic()} is present
     * @return this builder
     */
    public Builder traffic(boolean yes) {
      this.traffic = yes;
      return this;
    }

    /**
     * Sets whether the driver knows prices.
     *
     * @param yes true when {@link CloudDriver#prices()} is present
     * @return this builder
     */
    public Builder prices(boolean yes) {
      this.prices = yes;
      return this;
    }

    /**
     * Sets the boot time hint.
     *
     * @param hint typical launch-to-running time
     * @return this builder
     */
    public Builder bootTimeHint(Duration hint) {
      this.bootTimeHint = hint;
      return this;
    }

    /**
     * Sets the token window.
     *
     * @param window how long a re-sent token launches nothing new, at least a minute
     * @return this builder
     */
    public Builder tokenWindow(Duration window) {
      this.tokenWindow = window;
      return this;
    }

    /**
     * Sets whether accepted launches can fail later.
     *
     * @param yes true for clouds whose creation is a long-running operation
     * @return this builder
     */
    public Builder lateLaunchFailures(boolean yes) {
      this.lateLaunchFailures = yes;
      return this;
    }

    /**
     * Sets the list lag.
     *
     * @param lag how long after a change a listing may still not show it, zero or more
     * @return this builder
     */
    public Builder listLag(Duration lag) {
      this.listLag = lag;
      return this;
    }

    /**
     * Builds the capabilities.
     *
     * @return the capabilities
     */
    public Capabilities build() {
      return new Capabilities(this);
    }
  }
}

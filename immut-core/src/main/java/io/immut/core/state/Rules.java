package io.immut.core.state;

/**
 * The ids of the built-in state rules, stable across releases. {@code docs/state.md} describes each;
 * the user data rules' ids ({@code userdata.*}) come with the rules themselves ({@link SmellRule}).
 */
public final class Rules {
  /** A non-root volume without a declared persistence (BLOCKER). */
  public static final String VOLUME_PERSISTENCE_UNDECLARED = "volume.persistence-undeclared";
  /** A volume declared LOCAL: its data dies with the instance (BLOCKER). */
  public static final String VOLUME_LOCAL_DATA = "volume.local-data";
  /** A volume declared EXTERNAL without a location (BLOCKER). */
  public static final String VOLUME_EXTERNAL_LOCATION_MISSING = "volume.external-location-missing";
  /** An EXTERNAL volume whose location URI is not well-formed (BLOCKER). */
  public static final String VOLUME_EXTERNAL_LOCATION_MALFORMED = "volume.external-location-malformed";
  /** An EXTERNAL volume whose location is on the instance itself (WARNING). */
  public static final String VOLUME_EXTERNAL_LOCATION_ON_INSTANCE = "volume.external-location-on-instance";
  /** An EXTERNAL volume whose location does not answer, with verifyReachable (BLOCKER). */
  public static final String VOLUME_EXTERNAL_LOCATION_UNREACHABLE = "volume.external-location-unreachable";
  /** A state binding that is not a well-formed store URI (BLOCKER). */
  public static final String BINDING_MALFORMED = "binding.malformed";
  /** A state binding that points at the instance itself (WARNING). */
  public static final String BINDING_ON_INSTANCE = "binding.on-instance";
  /** A state binding that does not answer its probe, with verifyReachable (BLOCKER). */
  public static final String BINDING_UNREACHABLE = "binding.unreachable";
  /** A state binding that answered its probe (INFO). */
  public static final String BINDING_REACHABLE = "binding.reachable";
  /** A state binding that cannot be probed, such as a bucket (INFO). */
  public static final String BINDING_NOT_PROBED = "binding.not-probed";
  /** A live instance's non-root volume that is deleted with it and not declared EPHEMERAL (BLOCKER). */
  public static final String INSTANCE_VOLUME_DELETED = "instance.volume-deleted-with-instance";
  /** A live instance's volume that survives it detached, and is not declared EXTERNAL (WARNING). */
  public static final String INSTANCE_VOLUME_LEFT_BEHIND = "instance.volume-left-behind";
  /** Instance-store / local SSD storage not declared EPHEMERAL (WARNING). */
  public static final String INSTANCE_INSTANCE_STORE = "instance.instance-store";
  /** A static (reserved) address bound to a live instance (WARNING). */
  public static final String INSTANCE_STATIC_ADDRESS = "instance.static-address";
  /** Anything else the driver reports as bound to the instance's life (WARNING). */
  public static final String INSTANCE_BOUND_RESOURCE = "instance.bound-resource";
  /** A live instance changed after launch: type, image, tags, volumes (INFO; WARNING with extra volumes). */
  public static final String INSTANCE_MUTATED = "instance.mutated";

  private Rules() {}
}

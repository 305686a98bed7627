package io.immut.api;

/**
 * How many instances a fleet should run. Fixed for now; autoscaled capacity joins this sealed
 * family when the autoscaler does.
 */
public sealed interface Capacity permits Capacity.Fixed {

  /**
   * The capacity the engine should aim at when nothing else (an autoscaler, a budget) adjusts it.
   *
   * @return the desired number of instances
   */
  int desired();

  /**
   * A fixed number of instances.
   *
   * @param size the number of instances
   * @return the capacity
   */
  static Capacity fixed(int size) {
    return new Fixed(size);
  }

  /**
   * A fixed number of instances.
   *
   * @param size 0 to 100,000 instances
   */
  record Fixed(int size) implements Capacity {
    /** Validates the size. */
    public Fixed {
      Problems p = new Problems();
      p.range("size", size, 0, 100_000);
      p.throwIfAny("capacity");
    }

    @Override
    public int desired() {
      return size;
    }
  }
}

package io.immut.core.simulation;

/**
 * How well ready capacity covered demand, step by step. Pure arithmetic over two series.
 *
 * @param totalDemand the sum of demand
 * @param unserved the sum over steps of {@code max(0, demand - capacity × ready)}
 * @param stepsAbove90 steps whose demand exceeded 90% of the ready capacity
 * @param stepsShort steps with unserved demand
 */
public record ServiceLevel(double totalDemand, double unserved, int stepsAbove90, int stepsShort) {

  /**
   * Measures a replay.
   *
   * @param demand requests per step
   * @param readyInstances the average ready instances per step
   * @param capacity requests one instance serves per step
   * @return the service level
   */
  public static ServiceLevel of(double[] demand, double[] readyInstances, double capacity) {
    if (demand.length != readyInstances.length) {
      throw new IllegalArgumentException("demand has " + demand.length + " steps but ready capacity " + readyInstances.length);
    }
    double total = 0;
    double unserved = 0;
    int above = 0;
    int shortSteps = 0;
    for (int i = 0; i < demand.length; i++) {
      double cap = capacity * readyInstances[i];
      total += demand[i];
      double missing = demand[i] - cap;
      if (missing > 1e-9) {
        unserved += missing;
        shortSteps++;
      }
      if (demand[i] > 0.9 * cap + 1e-9) {
        above++;
      }
    }
    return new ServiceLevel(total, unserved, above, shortSteps);
  }

  /**
   * The unserved fraction: {@code Σ max(0, demand − capacity·ready) / Σ demand}.
   *
   * @return from 0 to 1; 0 when there was no demand
   */
  public double unservedFraction() {
    return totalDemand == 0 ? 0 : unserved / totalDemand;
  }
}
